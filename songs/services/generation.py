"""Starting generations from the workspace: lyrics into a draft, songs from a draft or a prompt."""

from __future__ import annotations

from accounts.errors import ApplicationError
from accounts.models import Membership
from songs.models import GenerationJob, JobKind, LyricDraft, LyricRevision, Project, Song
from songs.services.jobs import job_create

SONG_MODEL = "music-2.6"
MODES = ("vocal", "instrumental", "optimizer")


def lyrics_generate(
    *,
    actor: Membership,
    draft: LyricDraft,
    mode: str,
    prompt: str,
    idempotency_key: str | None = None,
) -> GenerationJob:
    """Write a full song from a theme, or edit the draft's current text by an instruction.

    The result lands as a new revision of the draft, never over anyone's unsaved text.
    """
    request: dict = {"mode": mode, "prompt": prompt.strip()}
    if mode == "edit":
        request["lyrics"] = draft.current_revision.body if draft.current_revision else ""
        request["title"] = draft.title
    job, _ = job_create(
        actor=actor,
        kind=JobKind.LYRICS,
        request=request,
        project=draft.project,
        draft=draft,
        idempotency_key=idempotency_key,
    )
    return job


def song_generate(
    *,
    actor: Membership,
    project: Project,
    prompt: str,
    mode: str = "vocal",
    song: Song | None = None,
    title: str = "",
    revision: LyricRevision | None = None,
    lyrics: str = "",
    seed: int | None = None,
    audio_setting: dict | None = None,
    idempotency_key: str | None = None,
) -> GenerationJob:
    """Queue a song: sung from a lyric revision (or given lyrics), instrumental, or with lyrics
    written from the prompt. It becomes the next version of `song`, or a new song called `title`."""
    if mode not in MODES:
        raise ApplicationError("Choose vocal, instrumental or optimizer.", field="mode")
    if song is not None and song.project_id != project.pk:
        raise ApplicationError("That song is in another project.", field="song", status=404)
    if revision is not None:
        if revision.draft.project_id != project.pk:
            raise ApplicationError(
                "That draft is in another project.", field="revision", status=404
            )
        lyrics = revision.body
    request: dict = {
        "model": SONG_MODEL,
        "prompt": prompt.strip(),
        "audio_setting": audio_setting or {},
    }
    if seed is not None:
        request["seed"] = seed
    if mode == "instrumental":
        request["is_instrumental"] = True
    elif mode == "optimizer":
        request["lyrics_optimizer"] = True
    else:
        request["lyrics"] = lyrics
        if revision is not None:
            request["refrain_lyric_revision"] = revision.pk
    if song is None:
        request["refrain_title"] = title.strip()[:200]
    job, _ = job_create(
        actor=actor,
        kind=JobKind.MUSIC,
        request=request,
        project=project,
        song=song,
        idempotency_key=idempotency_key,
    )
    return job
