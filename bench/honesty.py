"""Honesty checks: does what the engine rendered have the tempo and key it was asked for?

librosa beat tracking for the tempo; for the key, the Krumhansl-Schmuckler method (correlate
the song's pitch-class profile with the 24 rotated key profiles) on a CQT chroma of the harmonic
part. Used by `bench/engine.py` and by the engine's tests until the analysis package lands.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ANALYSIS_RATE_HZ = 22050
HOP = 256
PITCH_CLASSES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_FLATS = {"Db": "C#", "Eb": "D#", "Gb": "F#", "Ab": "G#", "Bb": "A#", "Cb": "B", "Fb": "E", "E#": "F", "B#": "C"}
# Albrecht & Shanahan (2013) corpus key profiles, tonic first. The original Krumhansl & Kessler
# probe-tone profiles heard E minor rock and A minor pop as major: the fifth harmonic of
# distorted and synthetic timbres is a major third, and those profiles weigh the third heavily.
MAJOR_PROFILE = np.array([0.238, 0.006, 0.111, 0.006, 0.137, 0.094, 0.016, 0.214, 0.009, 0.080, 0.008, 0.081])
MINOR_PROFILE = np.array([0.220, 0.006, 0.104, 0.123, 0.019, 0.103, 0.012, 0.214, 0.062, 0.022, 0.061, 0.052])
# Tempo ratios a beat tracker confuses with the true one: reported as such, not as plain misses.
OCTAVE_RATIOS = {2.0: "double", 0.5: "half", 1.5: "3/2", 2.0 / 3.0: "2/3"}


@dataclass(frozen=True)
class Key:
    tonic: str  # sharp spelling, e.g. "A", "F#"
    mode: str  # "major" or "minor"

    def __str__(self) -> str:
        return f"{self.tonic} {self.mode}"


def pitch_class(name: str) -> int:
    """0-11 for a tonic name in sharp or flat spelling ("Bb" -> 10)."""
    name = name.strip()
    name = _FLATS.get(name, name)
    return PITCH_CLASSES.index(name[0].upper() + name[1:])


def to_mono(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """(frames, channels) or (frames,) audio -> mono float32 at the analysis rate."""
    import librosa

    mono = np.asarray(audio, dtype=np.float32)
    if mono.ndim == 2:
        mono = mono.mean(axis=1)
    if sample_rate_hz != ANALYSIS_RATE_HZ:
        mono = librosa.resample(mono, orig_sr=sample_rate_hz, target_sr=ANALYSIS_RATE_HZ, res_type="polyphase")
    return mono


def find_tempo_bpm(mono: np.ndarray) -> float:
    """The tempo of mono audio at the analysis rate, from the slope of the tracked beat times."""
    import librosa

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
    """The best-correlating of the 24 rotated key profiles with the song's pitch-class profile."""
    import librosa

    # Drums smear every pitch class: keep the harmonic part; log-compress so that the loudest
    # instrument does not decide alone.
    harmonic = librosa.effects.harmonic(mono, margin=2.0)
    chroma = librosa.feature.chroma_cqt(y=harmonic, sr=ANALYSIS_RATE_HZ, hop_length=2048, norm=None)
    chroma = np.log1p(100.0 * chroma / max(float(chroma.max()), 1e-9)).mean(axis=1)
    best = (-2.0, Key("C", "major"))
    for tonic in range(12):
        for mode, profile in (("major", MAJOR_PROFILE), ("minor", MINOR_PROFILE)):
            r = float(np.corrcoef(chroma, np.roll(profile, tonic))[0, 1])
            if r > best[0]:
                best = (r, Key(PITCH_CLASSES[tonic], mode))
    return best[1]


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
