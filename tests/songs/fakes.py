"""A provider double for the job machinery's tests: real WAV bytes, scripted failures."""

from __future__ import annotations

import io

import numpy as np
import soundfile

from engine.contract import LyricsResult, MusicResult
from engine.errors import EngineError


def sine_wav(seconds: float = 1.0, sample_rate_hz: int = 24000) -> bytes:
    t = np.arange(int(seconds * sample_rate_hz)) / sample_rate_hz
    audio = 0.3 * np.sin(2 * np.pi * 440 * t)
    buffer = io.BytesIO()
    soundfile.write(
        buffer, np.stack([audio, audio], axis=1), sample_rate_hz, format="WAV", subtype="PCM_16"
    )
    return buffer.getvalue()


class ScriptedProvider:
    """Answers music and lyrics calls; `failures` are raised first, one per call. Music requests
    are kept in `requests`; `details` is what each song reports (a test says which voice sang)."""

    name = "local"

    def __init__(self):
        self.failures: list[Exception] = []
        self.calls = 0
        self.requests: list = []
        self.details: dict = {"seed": 1}
        self.on_progress = None  # a hook a test uses to act while the job runs

    def _next(self, progress):
        self.calls += 1
        progress("composing", 0.5)
        if self.on_progress:
            self.on_progress()
        progress("rendering", 1.0)
        if self.failures:
            raise self.failures.pop(0)

    def generate_music(self, request, progress, *, cover_features=None, on_audio=None):
        self.requests.append(request)
        self._next(progress)
        audio = sine_wav()
        if on_audio is not None:  # as an encoder would: the file in pieces, in order
            half = len(audio) // 2
            on_audio(audio[:half])
            on_audio(audio[half:])
        return MusicResult(
            audio=audio,
            format="wav",
            duration_ms=1000,
            sample_rate=24000,
            channels=2,
            bitrate=768000,
            lyrics=getattr(request, "lyrics", ""),
            provider=self.name,
            model="scripted",
            details=dict(self.details),
        )

    def warm_up(self):
        pass

    def write_lyrics(self, request):
        self._next(lambda *a: None)
        return LyricsResult(
            song_title="Rain Song", style_tags="Blues, Slow", lyrics="[Verse]\nRain falls down"
        )


def transient(message: str = "busy") -> EngineError:
    return EngineError(message, code=1024)
