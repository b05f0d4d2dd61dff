"""Typed requests and results of the Music API contract, with its validation rules.

Every rule of `contract/MUSIC_API.md` §2.2-2.3, §3 and §4 lives here, so the HTTP endpoints, the
job workers and the remote client validate the same way. Violations raise `EngineError` with code
2013 and a message that starts with the offending field.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import asdict, dataclass, field
from typing import Any

from engine.errors import invalid_params

# music-3.0 is 2.6's successor (the vendor's newer CLI defaults to it): it can do what 2.6 does.
SONG_MODELS = frozenset(
    {
        "music-3.0",
        "music-3.0-free",
        "music-2.6",
        "music-2.6-free",
        "music-2.5",
        "music-2.5+",
        "music-2.0",
        "music-1.5",
    }
)
COVER_MODELS = frozenset({"music-cover", "music-cover-free"})
PREPROCESS_MODELS = frozenset({"music-cover"})
INSTRUMENTAL_MODELS = frozenset(
    {"music-3.0", "music-3.0-free", "music-2.6", "music-2.6-free", "music-2.5+"}
)
OPTIMIZER_MODELS = frozenset(
    {"music-3.0", "music-3.0-free", "music-2.6", "music-2.6-free", "music-2.5", "music-2.5+"}
)

SAMPLE_RATES_HZ = (16000, 24000, 32000, 44100)
BITRATES = (32000, 64000, 128000, 256000)
FORMATS = ("mp3", "wav", "pcm", "flac")
CHANNELS = (1, 2)
OUTPUT_FORMATS = ("hex", "url")
LYRICS_MODES = ("write_full_song", "edit")
SEED_MAX = 1_000_000
# Refrain's extra: "full" sings with the neural voice, "draft" with the fast formant voices.
VOICE_QUALITIES = ("full", "draft")
# The draft voice until the neural one's words are understood as well (engine/render/voice.py).
DEFAULT_VOICE_QUALITY = "draft"
MAX_REFERENCE_BYTES = 50 * 1024 * 1024
# Text limits in characters. music-1.5 and the cover models take a short prompt (and shorter
# lyrics) between the bounds given.
MAX_PROMPT_CHARS = 2000
MAX_LYRICS_CHARS = 3500
MAX_TITLE_CHARS = 200
SHORT_PROMPT_CHARS = (10, 300)
MUSIC_1_5_LYRICS_CHARS = (10, 600)
COVER_LYRICS_CHARS = (10, 1000)


# --- field readers -------------------------------------------------------------------------


def _text(payload: dict, name: str, *, label: str | None = None) -> str | None:
    value = payload.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid_params(f"{label or name}: must be a string")
    return value


def _flag(payload: dict, name: str) -> bool:
    value = payload.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise invalid_params(f"{name}: must be true or false")
    return value


def _integer(payload: dict, name: str, *, label: str) -> int | None:
    value = payload.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid_params(f"{label}: must be an integer")
    return value


def _length(value: str | None, name: str, low: int, high: int) -> None:
    size = len(value or "")
    if not low <= size <= high:
        raise invalid_params(f"{name}: must have {low} to {high} characters, has {size}")


def _check_lyrics(lyrics: str, prompt: str) -> None:
    """The song's length cap and the syllables-per-line cap, before a job is made."""
    # Imported here: the web process imports this module, and the composer only when it checks.
    from engine.compose.length import check_lyrics  # noqa: PLC0415

    check_lyrics(lyrics, prompt)


def _check_sung_lines(lyrics: str) -> None:
    # Imported here, as in _check_lyrics.
    from engine.compose.length import check_sung_lines  # noqa: PLC0415

    check_sung_lines(lyrics)


# --- music generation ----------------------------------------------------------------------


@dataclass(frozen=True)
class AudioSetting:
    """The file asked for, the contract's `audio_setting`: sample rate (Hz), bitrate (bps, for mp3),
    format and channels. Checked when made: every `AudioSetting` is one the engine can encode."""

    sample_rate_hz: int = 44100
    bitrate: int = 256000
    format: str = "mp3"
    channels: int = 2

    def __post_init__(self) -> None:
        if self.sample_rate_hz not in SAMPLE_RATES_HZ:
            raise invalid_params(
                f"audio_setting.sample_rate: must be one of {', '.join(map(str, SAMPLE_RATES_HZ))}"
            )
        if self.bitrate not in BITRATES:
            raise invalid_params(
                f"audio_setting.bitrate: must be one of {', '.join(map(str, BITRATES))}"
            )
        if self.format not in FORMATS:
            raise invalid_params(f"audio_setting.format: must be one of {', '.join(FORMATS)}")
        if self.channels not in CHANNELS:
            raise invalid_params("audio_setting.channel: must be 1 or 2")

    @classmethod
    def from_json(cls, payload: Any) -> AudioSetting:
        """Read the contract's object, whose fields are `sample_rate`, `bitrate`, `format` and
        `channel`; absent ones take their defaults."""
        if payload is None:
            return cls()
        if not isinstance(payload, dict):
            raise invalid_params("audio_setting: must be an object")
        return cls(
            sample_rate_hz=_integer(payload, "sample_rate", label="audio_setting.sample_rate")
            or 44100,
            bitrate=_integer(payload, "bitrate", label="audio_setting.bitrate") or 256000,
            format=(_text(payload, "format", label="audio_setting.format") or "mp3").lower(),
            channels=_integer(payload, "channel", label="audio_setting.channel") or 2,
        )

    def to_json(self) -> dict:
        """The object as the contract spells it."""
        return {
            "sample_rate": self.sample_rate_hz,
            "bitrate": self.bitrate,
            "format": self.format,
            "channel": self.channels,
        }


# The name the web side has known it by.
AudioSpec = AudioSetting
# The Music API's default file: mp3, 256 kbps, 44.1 kHz, stereo.
DEFAULT_AUDIO_SETTING = AudioSetting()


@dataclass(frozen=True)
class MusicRequest:
    """A `/v1/music_generation` request, validated."""

    model: str
    prompt: str = ""
    lyrics: str = ""
    stream: bool = False
    output_format: str = "hex"
    audio_setting: AudioSetting = field(default_factory=AudioSetting)
    lyrics_optimizer: bool = False
    is_instrumental: bool = False
    aigc_watermark: bool = False
    audio_url: str | None = None
    audio_base64: str | None = None
    cover_feature_id: str | None = None
    seed: int | None = None
    voice_quality: str = DEFAULT_VOICE_QUALITY

    @property
    def is_cover(self) -> bool:
        return self.model in COVER_MODELS

    @property
    def writes_lyrics(self) -> bool:
        """True when the lyrics generator writes the lyrics from the prompt first."""
        return self.lyrics_optimizer and not self.is_instrumental and not self.lyrics.strip()

    @classmethod
    def from_json(cls, payload: Any) -> MusicRequest:
        if not isinstance(payload, dict):
            raise invalid_params("body: must be a JSON object")
        model = _text(payload, "model")
        if not model:
            raise invalid_params("model: is required")
        if model not in SONG_MODELS | COVER_MODELS:
            raise invalid_params(f"model: unknown model {model!r}")
        output_format = (_text(payload, "output_format") or "hex").lower()
        if output_format not in OUTPUT_FORMATS:
            raise invalid_params("output_format: must be hex or url")
        seed = _integer(payload, "seed", label="seed")
        if seed is not None and not 0 <= seed <= SEED_MAX:
            raise invalid_params(f"seed: must be between 0 and {SEED_MAX}")
        voice_quality = (_text(payload, "voice_quality") or DEFAULT_VOICE_QUALITY).lower()
        if voice_quality not in VOICE_QUALITIES:
            raise invalid_params("voice_quality: must be full or draft")
        request = cls(
            model=model,
            prompt=_text(payload, "prompt") or "",
            lyrics=_text(payload, "lyrics") or "",
            stream=_flag(payload, "stream"),
            output_format=output_format,
            audio_setting=AudioSetting.from_json(payload.get("audio_setting")),
            lyrics_optimizer=_flag(payload, "lyrics_optimizer"),
            is_instrumental=_flag(payload, "is_instrumental"),
            aigc_watermark=_flag(payload, "aigc_watermark"),
            audio_url=_text(payload, "audio_url") or None,
            audio_base64=_text(payload, "audio_base64") or None,
            cover_feature_id=_text(payload, "cover_feature_id") or None,
            seed=seed,
            voice_quality=voice_quality,
        )
        request.check()
        return request

    def check(self) -> None:
        """The §2.3 matrix: which fields each model needs and which exclude each other."""
        if self.stream and self.output_format != "hex":
            raise invalid_params("output_format: must be hex when stream is true")
        references = [
            name
            for name in ("audio_url", "audio_base64", "cover_feature_id")
            if getattr(self, name)
        ]
        if self.is_cover:
            self._check_cover(references)
        else:
            self._check_song(references)

    def _check_cover(self, references: list[str]) -> None:
        if len(references) != 1:
            raise invalid_params(
                "audio_url: exactly one of audio_url, audio_base64, cover_feature_id is required for cover models"
            )
        if self.is_instrumental:
            raise invalid_params("is_instrumental: not valid for cover models")
        if self.lyrics_optimizer:
            raise invalid_params("lyrics_optimizer: not valid for cover models")
        _length(self.prompt, "prompt", *SHORT_PROMPT_CHARS)
        if self.cover_feature_id or self.lyrics:
            _length(self.lyrics, "lyrics", *COVER_LYRICS_CHARS)
            _check_sung_lines(self.lyrics)
        if self.audio_base64:
            reference_bytes_from_base64(self.audio_base64)

    def _check_song(self, references: list[str]) -> None:
        if references:
            raise invalid_params(
                f"{references[0]}: only valid for cover models (music-cover, music-cover-free)"
            )
        if self.is_instrumental and self.model not in INSTRUMENTAL_MODELS:
            raise invalid_params(f"is_instrumental: not supported by {self.model}")
        if self.lyrics_optimizer and self.model not in OPTIMIZER_MODELS:
            raise invalid_params(f"lyrics_optimizer: not supported by {self.model}")
        if self.model == "music-1.5":
            _length(self.prompt, "prompt", *SHORT_PROMPT_CHARS)
            _length(self.lyrics, "lyrics", *MUSIC_1_5_LYRICS_CHARS)
            _check_lyrics(self.lyrics, self.prompt)
            return
        if self.is_instrumental:
            if self.lyrics_optimizer:
                raise invalid_params("lyrics_optimizer: cannot be combined with is_instrumental")
            _length(self.prompt, "prompt", 1, MAX_PROMPT_CHARS)
            if not self.prompt.strip():
                raise invalid_params("prompt: required for an instrumental (is_instrumental)")
            if self.lyrics.strip():
                raise invalid_params("lyrics: must be empty when is_instrumental is true")
            return
        _length(self.prompt, "prompt", 0, MAX_PROMPT_CHARS)
        if self.writes_lyrics:
            if not self.prompt.strip():
                raise invalid_params("prompt: is required when lyrics_optimizer writes the lyrics")
            return
        # lyrics_optimizer with lyrics given: the given lyrics are sung as they are.
        if not self.lyrics.strip():
            raise invalid_params(
                "lyrics: is required (or set lyrics_optimizer to true, or is_instrumental)"
            )
        _length(self.lyrics, "lyrics", 1, MAX_LYRICS_CHARS)
        _check_lyrics(self.lyrics, self.prompt)

    def to_json(self) -> dict:
        """The request as a Music API client sends it (unset optional fields left out)."""
        body = {k: v for k, v in asdict(self).items() if v not in (None, "", False) or k == "model"}
        body["audio_setting"] = self.audio_setting.to_json()
        return body


def reference_bytes_from_base64(data: str) -> bytes:
    """Decode `audio_base64`, enforcing the 50 MB limit."""
    if len(data) > MAX_REFERENCE_BYTES * 4 // 3 + 8:
        raise invalid_params("audio_base64: audio is larger than 50 MB")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as error:
        raise invalid_params("audio_base64: not valid base64") from error
    if not raw:
        raise invalid_params("audio_base64: is empty")
    return raw


@dataclass(frozen=True)
class MusicResult:
    """What a provider returns for a song, as the Music API gives it: the file's bytes, format,
    duration, sample rate, channels and bitrate, and what Refrain keeps with its version (lyrics,
    title, stems, MIDI, LRC, details). The local provider makes it of the engine's
    `engine.music.FinishedSong`."""

    audio: bytes
    format: str
    duration_ms: int
    sample_rate: int
    channels: int
    bitrate: int
    lyrics: str = ""
    title: str = ""
    provider: str = ""
    model: str = ""
    stems: dict[str, bytes] = field(default_factory=dict)  # role -> encoded audio (flac)
    midi: bytes = b""
    lrc: str = ""
    details: dict = field(default_factory=dict)  # tempo, key, sections ...

    @property
    def size(self) -> int:
        return len(self.audio)


# --- lyrics generation ---------------------------------------------------------------------


@dataclass(frozen=True)
class LyricsRequest:
    """A `/v1/lyrics_generation` request, validated."""

    mode: str
    prompt: str = ""
    lyrics: str = ""
    title: str | None = None
    seed: int | None = None

    @classmethod
    def from_json(cls, payload: Any) -> LyricsRequest:
        if not isinstance(payload, dict):
            raise invalid_params("body: must be a JSON object")
        mode = _text(payload, "mode")
        if not mode:
            raise invalid_params("mode: is required (write_full_song or edit)")
        if mode not in LYRICS_MODES:
            raise invalid_params("mode: must be write_full_song or edit")
        seed = _integer(payload, "seed", label="seed")
        request = cls(
            mode=mode,
            prompt=_text(payload, "prompt") or "",
            lyrics=_text(payload, "lyrics") or "",
            title=_text(payload, "title") or None,
            seed=seed,
        )
        request.check()
        return request

    def check(self) -> None:
        """The text limits, and the lyrics an edit needs."""
        _length(self.prompt, "prompt", 0, MAX_PROMPT_CHARS)
        _length(self.lyrics, "lyrics", 0, MAX_LYRICS_CHARS)
        if self.title is not None and len(self.title) > MAX_TITLE_CHARS:
            raise invalid_params(f"title: must have at most {MAX_TITLE_CHARS} characters")
        if self.mode == "edit" and not self.lyrics.strip():
            raise invalid_params("lyrics: is required in edit mode")

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


@dataclass(frozen=True)
class LyricsResult:
    song_title: str
    style_tags: str
    lyrics: str


# --- cover preprocess ----------------------------------------------------------------------


@dataclass(frozen=True)
class CoverPreprocessRequest:
    """A `/v1/music_cover_preprocess` request, validated."""

    model: str
    audio_url: str | None = None
    audio_base64: str | None = None

    @classmethod
    def from_json(cls, payload: Any) -> CoverPreprocessRequest:
        if not isinstance(payload, dict):
            raise invalid_params("body: must be a JSON object")
        model = _text(payload, "model")
        if not model:
            raise invalid_params("model: is required (music-cover)")
        if model not in PREPROCESS_MODELS:
            raise invalid_params("model: must be music-cover")
        request = cls(
            model=model,
            audio_url=_text(payload, "audio_url") or None,
            audio_base64=_text(payload, "audio_base64") or None,
        )
        if bool(request.audio_url) == bool(request.audio_base64):
            raise invalid_params("audio_url: exactly one of audio_url and audio_base64 is required")
        if request.audio_base64:
            reference_bytes_from_base64(request.audio_base64)
        return request

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v}


@dataclass(frozen=True)
class CoverPreprocessResult:
    cover_feature_id: str
    formatted_lyrics: str
    structure_result: str  # a JSON string, as the contract says
    audio_duration: float
    features: dict = field(
        default_factory=dict
    )  # Refrain's richer features: tempo, key, chords, melody
