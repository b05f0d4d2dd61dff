"""Honesty checks: does what the engine rendered have the tempo and key it was asked for?

librosa beat tracking for the tempo; for the key, the Krumhansl-Schmuckler method (correlate
the song's pitch-class profile with the 24 rotated key profiles, `engine.analysis.key`) on a CQT
chroma of the harmonic part. Used by `bench/engine.py`, `bench/analysis.py` and the engine's tests.
"""

from __future__ import annotations

import librosa
import numpy as np

from engine.analysis.key import Key
from engine.analysis.key import find_key as find_chroma_key
from engine.compose.theory import pitch_class

ANALYSIS_RATE_HZ = 22050
HOP = 256
# Tempo ratios a beat tracker confuses with the true one: reported as such, not as plain misses.
OCTAVE_RATIOS = {2.0: "double", 0.5: "half", 1.5: "3/2", 2.0 / 3.0: "2/3"}


def to_mono(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """(frames, channels) or (frames,) audio -> mono float32 at the analysis rate."""
    mono = np.asarray(audio, dtype=np.float32)
    if mono.ndim == 2:
        mono = mono.mean(axis=1)
    if sample_rate_hz != ANALYSIS_RATE_HZ:
        mono = librosa.resample(
            mono, orig_sr=sample_rate_hz, target_sr=ANALYSIS_RATE_HZ, res_type="polyphase"
        )
    return mono


def find_tempo_bpm(mono: np.ndarray) -> float:
    """The tempo of mono audio at the analysis rate, from the slope of the tracked beat times."""
    _, beats = librosa.beat.beat_track(y=mono, sr=ANALYSIS_RATE_HZ, hop_length=HOP, units="time")
    if len(beats) < 4:
        return 0.0
    # A straight line through all beat times is finer than any single frame-quantised interval.
    period_s = np.polyfit(np.arange(len(beats)), beats, 1)[0]
    return float(60.0 / period_s)


def tempo_verdict(found_bpm: float, asked_bpm: float, *, tolerance: float = 0.02) -> str:
    """'ok', 'octave error (double)' etc. when off by a metrical ratio, or 'wrong'."""
    ratio = found_bpm / asked_bpm
    if abs(ratio - 1.0) <= tolerance:
        return "ok"
    for octave, name in OCTAVE_RATIOS.items():
        if abs(ratio / octave - 1.0) <= tolerance:
            return f"octave error ({name})"
    return "wrong"


def find_key(mono: np.ndarray) -> Key:
    """The key of mono audio at the analysis rate, by the analysis's own key finder
    (`engine.analysis.key`) on a chroma of the harmonic part: drums smear every pitch class."""
    harmonic = librosa.effects.harmonic(mono, margin=2.0)
    return find_chroma_key(
        librosa.feature.chroma_cqt(y=harmonic, sr=ANALYSIS_RATE_HZ, hop_length=2048, norm=None)
    )


def key_verdict(found: Key, asked_tonic: str, asked_mode: str) -> str:
    """'ok', 'relative' (same notes, other tonic), 'parallel' (same tonic, other mode) or 'wrong'."""
    asked = pitch_class(asked_tonic)
    tonic = pitch_class(found.tonic)
    if tonic == asked and found.mode == asked_mode:
        return "ok"
    if tonic == asked:
        return "parallel"
    relative = (asked + 9) % 12 if asked_mode == "major" else (asked + 3) % 12
    if tonic == relative and found.mode != asked_mode:
        return "relative"
    return "wrong"
