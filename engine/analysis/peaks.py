"""Waveform peaks for drawing a song: the song's file decoded, and the loudest sample in each of
`buckets` slices."""

from __future__ import annotations

import io

import numpy as np
import soundfile


def decode_encoded(data: bytes, *, format: str, sample_rate_hz: int, channels: int) -> np.ndarray:
    """A file the engine encoded (`engine.render.encode`) -> float32 array of shape (frames,
    channels). `pcm` is raw s16le. Reference uploads are `engine.analysis.decode`'s."""
    if format == "pcm":
        samples = np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0
        return samples.reshape(-1, channels)
    audio, _ = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return audio


# The old name, still imported by songs/services/results.py: it goes when that imports
# decode_encoded.
decode = decode_encoded


def waveform_peaks(audio: np.ndarray, *, buckets: int = 600) -> list[float]:
    """Max |sample| across channels per bucket, rounded to 3 decimals, in 0..1."""
    mono = np.abs(audio).max(axis=1) if audio.ndim == 2 else np.abs(audio)
    if mono.size == 0:
        return []
    buckets = min(buckets, mono.size)
    edges = np.linspace(0, mono.size, buckets + 1, dtype=int)
    peaks = np.maximum.reduceat(mono, edges[:-1])
    return [round(float(min(p, 1.0)), 3) for p in peaks]
