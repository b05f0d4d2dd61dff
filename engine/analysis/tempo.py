"""Tempo and beats: where the pulse falls, and how fast it goes."""

from __future__ import annotations

from dataclasses import dataclass

import librosa
import numpy as np

HOP = 512


@dataclass(frozen=True)
class Beats:
    """The tempo in beats per minute and the beat times in seconds."""

    tempo_bpm: float
    beats_s: np.ndarray


def onset_envelope(mono: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Spectral-flux onset strength, one value per HOP samples."""
    return librosa.onset.onset_strength(y=mono, sr=sample_rate_hz, hop_length=HOP)


def find_beats(onsets: np.ndarray, sample_rate_hz: int) -> Beats:
    """Beats tracked by dynamic programming on the onset envelope; tempo from their spacing."""
    _, frames = librosa.beat.beat_track(onset_envelope=onsets, sr=sample_rate_hz, hop_length=HOP)
    beats_s = librosa.frames_to_time(frames, sr=sample_rate_hz, hop_length=HOP)
    if len(beats_s) < 4:
        return Beats(0.0, np.asarray(beats_s, dtype=float))
    # A line through all beat times is finer than any one frame-quantised interval; the median
    # spacing guards the fit against a stretch where the tracker lost the pulse.
    spacing = np.diff(beats_s)
    steady = np.abs(spacing / np.median(spacing) - 1.0) < 0.1
    period_s = float(np.median(spacing))
    if steady.sum() >= 4:
        index = np.concatenate([[0], np.cumsum(np.round(spacing / period_s))])
        period_s = float(np.polyfit(index, beats_s, 1)[0])
    return Beats(round(60.0 / period_s, 2), np.asarray(beats_s, dtype=float))
