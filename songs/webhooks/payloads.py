"""What each event tells an integration: ids, a few words, and links to the API and the page.
Never a secret, and nothing the team's own members could not read."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from songs.models import GenerationJob, JobStatus, LyricComment, LyricRevision, SongVersion

# What a job's result names, passed on as it is (the result's text, such as lyrics, is not).
_RESULT_IDS = ("song_id", "version_id", "draft_id", "revision_id", "cover_feature_id")
MAX_TEXT_CHARS = 500


def _link(path: str) -> str:
    return f"{settings.REFRAIN_PUBLIC_URL}{path}"


def job_data(job: GenerationJob) -> dict:
    """A finished job: its kind and outcome, what it made (ids) or why it failed."""
    data = {
        "id": str(job.pk),
        "kind": job.kind,
        "status": job.status,
        "team_id": job.team_id,
        "project_id": job.project_id,
        "result": {key: job.result[key] for key in _RESULT_IDS if key in (job.result or {})},
        "url": _link(reverse("api:job", args=[job.pk])),
        "page_url": _link(reverse("job_page", args=[job.pk])),
    }
    if job.status == JobStatus.FAILED:
        data["error"] = {"code": job.error_code, "message": job.error_message}
    return data


def version_data(version: SongVersion) -> dict:
    song = version.song
    return {
        "id": version.pk,
        "number": version.number,
        "kind": version.kind,
        "song_id": song.pk,
        "song_title": song.title,
        "project_id": song.project_id,
        "team_id": song.project.team_id,
        "format": version.format,
        "duration_ms": version.duration_ms,
        "job_id": str(version.job_id) if version.job_id else None,
        "created_by": version.created_by.username if version.created_by else None,
        "url": _link(reverse("api:version", args=[version.pk])),
        "page_url": _link(reverse("version", args=[version.pk])),
    }


def revision_data(revision: LyricRevision) -> dict:
    draft = revision.draft
    return {
        "id": revision.pk,
        "number": revision.number,
        "draft_id": draft.pk,
        "draft_title": draft.title,
        "project_id": draft.project_id,
        "team_id": draft.project.team_id,
        "source": revision.source,
        "message": revision.message,
        "author": revision.author.username if revision.author else None,
        "url": _link(reverse("api:revision", args=[draft.pk, revision.number])),
        "page_url": _link(reverse("draft", args=[draft.pk])),
    }


def comment_data(comment: LyricComment) -> dict:
    revision = comment.revision
    draft = revision.draft
    return {
        "id": comment.pk,
        "parent_id": comment.parent_id,
        "draft_id": draft.pk,
        "draft_title": draft.title,
        "revision_number": revision.number,
        "project_id": draft.project_id,
        "team_id": draft.project.team_id,
        "line_number": comment.line_number,
        "quote": comment.quote[:MAX_TEXT_CHARS],
        "body": comment.body[:MAX_TEXT_CHARS],
        "author": comment.author.username if comment.author else None,
        "url": _link(reverse("api:draft_comments", args=[draft.pk])),
        "page_url": _link(reverse("draft", args=[draft.pk])),
    }


def test_data(*, endpoint_id: int, requested_by: str) -> dict:
    return {
        "endpoint_id": endpoint_id,
        "requested_by": requested_by,
        "message": "Hello from Refrain",
    }
