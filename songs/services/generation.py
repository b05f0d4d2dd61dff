"""Starting generations from the workspace: lyrics into a draft, songs from a draft or a prompt.
Each builds the Music API request the job runs and lets the contract check it, once."""

from __future__ import annotations

from accounts.errors import ApplicationError
from accounts.models import Membership
from engine.contract import DEFAULT_VOICE_QUALITY
from songs.jobs.create import Caller, Order, job_create
from songs.jobs.requests import parse_request
from songs.models import GenerationJob, JobKind, LyricDraft, LyricRevision, Project, Song

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
    payload: dict = {"mode": mode, "prompt": prompt.strip()}
    if mode == "edit":
        payload["lyrics"] = draft.current_revision.body if draft.current_revision else ""
        payload["title"] = draft.title
    order = Order(
        kind=JobKind.LYRICS,
        request=parse_request(kind=JobKind.LYRICS, payload=payload),
        project=draft.project,
        draft=draft,
    )
    job, _ = job_create(caller=Caller(actor=actor, idempotency_key=idempotency_key), order=order)
    return job


def _song_payload(
    *,
    prompt: str,
    mode: str,
    lyrics: str,
    seed: int | None,
    audio_setting: dict,
    voice_quality: str,
) -> dict:
    payload: dict = {"model": SONG_MODEL, "prompt": prompt.strip(), "audio_setting": audio_setting}
    if seed is not None:
        payload["seed"] = seed
    if mode == "instrumental":
        payload["is_instrumental"] = True
        return payload  # nothing is sung: no voice to ask for
    if mode == "optimizer":
        payload["lyrics_optimizer"] = True
    else:
        payload["lyrics"] = lyrics
    payload["voice_quality"] = voice_quality
    return payload


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
    voice_quality: str = DEFAULT_VOICE_QUALITY,
    idempotency_key: str | None = None,
) -> GenerationJob:
    """Queue a song: sung from a lyric revision (or given lyrics), instrumental, or with lyrics
    written from the prompt, by the voice of `voice_quality` ("full" or "draft"). It becomes the
    next version of `song`, or a new song called `title`."""
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
    payload = _song_payload(
        prompt=prompt,
        mode=mode,
        lyrics=lyrics,
        seed=seed,
        audio_setting=audio_setting or {},
        voice_quality=voice_quality,
    )
    order = Order(
        kind=JobKind.MUSIC,
        request=parse_request(kind=JobKind.MUSIC, payload=payload),
        project=project,
        song=song,
        title=title if song is None else "",
        sung_revision=revision if mode == "vocal" else None,
    )
    job, _ = job_create(caller=Caller(actor=actor, idempotency_key=idempotency_key), order=order)
    return job
