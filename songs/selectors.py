"""Reads of the song workspace."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Team, User
from accounts.selectors import team_ids_for_user
from engine.contract import DEFAULT_VOICE_QUALITY
from engine.providers.remote import RemoteProvider
from songs.jobs.requests import load_request
from songs.models import (
    GenerationJob,
    JobKind,
    LyricComment,
    LyricDraft,
    LyricRevision,
    Project,
    ShareLink,
    Song,
    SongVersion,
)
from songs.models.job import ACTIVE_STATUSES
from songs.models.share import share_key_from_token


def project_list_for_team(*, team: Team, include_archived: bool = False) -> QuerySet[Project]:
    projects = Project.objects.filter(team=team)
    return projects if include_archived else projects.filter(archived_at=None)


def project_list_for_user(
    *, user: User, team_id: int | None = None, include_archived: bool = False
) -> QuerySet[Project]:
    """Projects of the teams the user sees (or of one of them), most recently changed first."""
    projects = Project.objects.filter(team__in=team_ids_for_user(user=user))
    if team_id is not None:
        projects = projects.filter(team_id=team_id)
    if not include_archived:
        projects = projects.filter(archived_at=None)
    return projects.select_related("created_by").order_by("-updated_at")


def draft_list_for_user(*, user: User, project_id: int | None = None) -> QuerySet[LyricDraft]:
    drafts = LyricDraft.objects.filter(project__team__in=team_ids_for_user(user=user))
    if project_id is not None:
        drafts = drafts.filter(project_id=project_id)
    return drafts.select_related("current_revision__author", "current_revision__parent").order_by(
        "-updated_at"
    )


def song_list_for_user(*, user: User, project_id: int | None = None) -> QuerySet[Song]:
    songs = Song.objects.filter(project__team__in=team_ids_for_user(user=user), trashed_at=None)
    if project_id is not None:
        songs = songs.filter(project_id=project_id)
    return songs.select_related("current_version", "created_by").order_by("-updated_at")


def job_list_for_user(
    *,
    user: User,
    team_id: int | None = None,
    project_id: int | None = None,
    status: str | None = None,
    kind: str | None = None,
) -> QuerySet[GenerationJob]:
    """Jobs of the teams the user sees, newest first, narrowed by whichever filter is given."""
    narrowed = {"team_id": team_id, "project_id": project_id, "status": status, "kind": kind}
    jobs = GenerationJob.objects.filter(team__in=team_ids_for_user(user=user)).filter(
        **{name: value for name, value in narrowed.items() if value is not None}
    )
    return jobs.select_related("project", "created_by").order_by("-created_at")


def job_list_active(*, of: Project | Song | LyricDraft) -> QuerySet[GenerationJob]:
    """The queued and running jobs of a project, song or draft, oldest first."""
    return of.jobs.filter(status__in=ACTIVE_STATUSES).order_by("created_at")


def job_list_recent(*, project: Project, limit: int = 10) -> QuerySet[GenerationJob]:
    return project.jobs.select_related("created_by").order_by("-created_at")[:limit]


def revision_list_sung_by(*, song: Song) -> QuerySet[LyricRevision]:
    """The lyric revisions the song's versions were sung from."""
    return LyricRevision.objects.filter(song_versions__song=song).distinct()


def version_exists(*, version_id: int) -> bool:
    return SongVersion.objects.filter(pk=version_id, song__trashed_at=None).exists()


def draft_list_for_project(*, project: Project) -> QuerySet[LyricDraft]:
    return project.drafts.select_related("current_revision__author").order_by("-updated_at")


def song_list_for_project(*, project: Project) -> QuerySet[Song]:
    return (
        project.songs.filter(trashed_at=None)
        .select_related("current_version")
        .order_by("-updated_at")
    )


def revision_list_for_draft(*, draft: LyricDraft) -> QuerySet[LyricRevision]:
    return draft.revisions.select_related("author", "parent").order_by("-number")


def version_list_for_song(*, song: Song) -> QuerySet[SongVersion]:
    return song.versions.select_related("created_by", "restored_from", "lyric_revision").order_by(
        "-number"
    )


@dataclass(frozen=True)
class DiffLine:
    op: str  # "equal", "add" or "remove"
    text: str
    old_number: int | None
    new_number: int | None


def lines_diff(old: str, new: str) -> list[DiffLine]:
    """Line-by-line difference of two texts, for side-by-side or unified display."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    rows: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows += [
                DiffLine("equal", old_lines[a1 + i], a1 + i + 1, b1 + i + 1) for i in range(a2 - a1)
            ]
            continue
        rows += [DiffLine("remove", old_lines[i], i + 1, None) for i in range(a1, a2)]
        rows += [DiffLine("add", new_lines[j], None, j + 1) for j in range(b1, b2)]
    return rows


REMOTE_VOICE = "the remote service's (it does not say which)"
MODE_LABELS = {
    "vocal": "Sung lyrics",
    "instrumental": "Instrumental",
    "optimizer": "Lyrics written from the prompt",
    "cover": "Cover",
}


@dataclass(frozen=True)
class VersionSettings:
    """What a version was made with, read from its stored request."""

    mode: str  # vocal | instrumental | optimizer | cover
    prompt: str
    model: str
    format: str
    sample_rate: int
    bitrate: int
    channels: int
    seed: int | None
    provider: str
    engine: str
    voice: str = ""  # the voice that sang, as the provider named it; "" when unknown or unsung
    voice_quality: str = DEFAULT_VOICE_QUALITY  # the voice asked for

    def rows(self) -> dict[str, str]:
        """The settings as a person reads them, label -> value."""
        return {
            "Prompt": self.prompt or "—",
            "Mode": MODE_LABELS[self.mode],
            "Model": self.model,
            "Format": self.format.upper(),
            "Sample rate": f"{self.sample_rate} Hz",
            "Bitrate": f"{self.bitrate // 1000} kbps",
            "Channels": "Stereo" if self.channels == 2 else "Mono",
            "Seed": "—" if self.seed is None else str(self.seed),
            "Provider": f"{self.provider} · {self.engine}",
            **({"Voice": self.sung_by} if self.sung_by else {}),
        }

    @property
    def sung_by(self) -> str:
        """Who sang: as the provider named the voice; a remote service that sang without naming
        it is said so; nothing for an instrumental or an older version that did not record it."""
        if self.voice or self.mode == "instrumental":
            return self.voice
        return REMOTE_VOICE if self.provider == RemoteProvider.name else ""


def version_settings(*, version: SongVersion) -> VersionSettings:
    """The settings of `version` (older versions kept fewer: what is missing comes from the file)."""
    stored = version.settings or {}
    request = load_request(JobKind.MUSIC, stored) if "model" in stored else None
    if request is None:
        mode = "cover" if version.kind == "cover" else "vocal" if version.lyrics else "instrumental"
    elif request.is_cover:
        mode = "cover"
    else:
        mode = (
            "instrumental"
            if request.is_instrumental
            else "optimizer"
            if request.writes_lyrics
            else "vocal"
        )
    audio = request.audio_setting if request else None
    return VersionSettings(
        mode=mode,
        prompt=version.prompt,
        model=request.model if request else version.model,
        format=audio.format if audio else version.format,
        sample_rate=audio.sample_rate_hz if audio else version.sample_rate,
        bitrate=audio.bitrate if audio else version.bitrate,
        channels=audio.channels if audio else version.channels,
        seed=version.seed,
        provider=version.provider,
        engine=version.model,
        voice=(version.details or {}).get("voice", ""),
        voice_quality=request.voice_quality if request else DEFAULT_VOICE_QUALITY,
    )


def version_settings_compared(
    *, left: SongVersion, right: SongVersion
) -> list[tuple[str, str, str]]:
    """(label, left value, right value) for each setting of two versions."""
    a, b = version_settings(version=left).rows(), version_settings(version=right).rows()
    labels = [*a, *(label for label in b if label not in a)]
    return [(label, a.get(label, "—"), b.get(label, "—")) for label in labels]


@dataclass(frozen=True)
class Activity:
    """One thing that happened in a project; the page links it to `place` ("draft" at revision
    `revision`, "version" or "job") by `target_id`."""

    when: datetime
    who: str
    verb: str
    what: str
    place: str
    target_id: object
    revision: int | None = None


def project_activity(*, project: Project, limit: int = 30) -> list[Activity]:
    """Who saved, generated, restored and commented in a project, newest first."""
    items: list[Activity] = []
    for revision in (
        LyricRevision.objects.filter(draft__project=project)
        .select_related("author", "draft")
        .order_by("-created_at")[:limit]
    ):
        verb = {
            "human": "saved",
            "ai_write": "generated lyrics for",
            "ai_edit": "had the generator edit",
            "speech": "transcribed",
        }.get(revision.source, "saved")
        items.append(
            Activity(
                revision.created_at,
                _name(revision.author),
                verb,
                f"{revision.draft.title} r{revision.number}",
                "draft",
                revision.draft_id,
                revision.number,
            )
        )
    for version in (
        SongVersion.objects.filter(song__project=project)
        .select_related("created_by", "song")
        .order_by("-created_at")[:limit]
    ):
        verb = "restored" if version.kind == "restored" else "generated"
        items.append(
            Activity(
                version.created_at,
                _name(version.created_by),
                verb,
                f"{version.song.title} v{version.number}",
                "version",
                version.pk,
            )
        )
    for comment in (
        LyricComment.objects.filter(revision__draft__project=project)
        .select_related("author", "revision__draft")
        .order_by("-created_at")[:limit]
    ):
        items.append(
            Activity(
                comment.created_at,
                _name(comment.author),
                "commented on",
                f"{comment.revision.draft.title} line {comment.line_number}",
                "draft",
                comment.revision.draft_id,
                comment.revision.number,
            )
        )
    for job in (
        project.jobs.filter(status="failed")
        .select_related("created_by")
        .order_by("-created_at")[:limit]
    ):
        items.append(
            Activity(
                job.finished_at or job.created_at,
                _name(job.created_by),
                "saw a generation fail:",
                job.error_message[:80],
                "job",
                job.pk,
            )
        )
    return sorted(items, key=lambda item: item.when, reverse=True)[:limit]


def _name(user) -> str:
    return user.username if user else "someone"


def current_revisions_for_project(*, project: Project) -> QuerySet[LyricRevision]:
    """The current revision of each draft of a project: what a song can be sung from."""
    return LyricRevision.objects.filter(
        pk__in=project.drafts.values("current_revision")
    ).select_related("draft")


def _share_links_live() -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(revoked_at=None).filter(
        Q(expires_at=None) | Q(expires_at__gt=timezone.now())
    )


def share_link_live(*, token: str) -> ShareLink | None:
    """The link a public address opens: a token we signed, not revoked, not expired. None for
    anything else, and which of those it was is not said. A song in the trash is not shared
    while it is there (brought back, its link works again)."""
    key = share_key_from_token(token)
    if key is None:
        return None
    return (
        _share_links_live()
        .select_related("version__song", "version__created_by")
        .filter(key=key, version__song__trashed_at=None)
        .first()
    )


def share_link_for_version(*, version: SongVersion) -> ShareLink | None:
    """The version's live link, if it has one."""
    return _share_links_live().filter(version=version).first()
