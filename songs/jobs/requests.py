"""The request of each kind of job: a Music API contract type, parsed once at the edge (where its
2013 errors name the field), stored as JSON and loaded back without checking again (what was
stored was checked)."""

from __future__ import annotations

import dataclasses

from engine.contract import AudioSetting, CoverPreprocessRequest, LyricsRequest, MusicRequest
from songs.models import GenerationJob, JobKind

JobRequest = LyricsRequest | MusicRequest | CoverPreprocessRequest

REQUEST_TYPES: dict[str, type[JobRequest]] = {
    JobKind.LYRICS: LyricsRequest,
    JobKind.MUSIC: MusicRequest,
    JobKind.COVER: MusicRequest,
    JobKind.COVER_PREPROCESS: CoverPreprocessRequest,
}


def parse_request(*, kind: str, payload: dict) -> JobRequest:
    """The request a client sent, checked by the contract (EngineError 2013 naming the field)."""
    return REQUEST_TYPES[kind].from_json(payload)


def music_kind(request: MusicRequest) -> str:
    """A music request makes a cover with a cover model, else a song."""
    return JobKind.COVER if request.is_cover else JobKind.MUSIC


def storable(request: JobRequest) -> dict:
    """The request as the job row keeps it: its fields as JSON, unset ones left out (a seed of 0
    is kept: it is a seed); the audio setting as the contract spells it (`sample_rate`,
    `channel`), so stored rows read the same whatever the engine calls its fields."""
    stored = {
        name: value for name, value in dataclasses.asdict(request).items() if value is not None
    }
    if isinstance(request, MusicRequest):
        stored["audio_setting"] = request.audio_setting.to_json()
    return stored


def load_request(kind: str, stored: dict) -> JobRequest:
    """A stored request (a job's, a version's settings) back as its contract type; keys it does
    not know (older rows kept Refrain's own fields there) are left out."""
    request_type = REQUEST_TYPES[kind]
    names = {field.name for field in dataclasses.fields(request_type)}
    values = {name: value for name, value in stored.items() if name in names}
    if request_type is MusicRequest:
        values["audio_setting"] = AudioSetting.from_json(values.get("audio_setting"))
    return request_type(**values)


def stored_request(job: GenerationJob) -> JobRequest:
    """The job's request, back as its contract type."""
    return load_request(job.kind, job.request)
