"""Key and mode: which of the 24 major and minor keys the pitch content leans towards."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PITCH_CLASSES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
# Krumhansl & Kessler (1982) probe-tone ratings, tonic first.
MAJOR_PROFILE = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
MINOR_PROFILE = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


@dataclass(frozen=True)
class Key:
    """A tonic in sharp spelling ("F#"), a mode ("major"/"minor") and the profile correlation."""

    tonic: str
    mode: str
    correlation: float


def find_key(chroma: np.ndarray) -> Key:
    """The Krumhansl-Schmuckler key of a (12, frames) chroma: best-correlating rotated profile."""
    profile = np.asarray(chroma, dtype=float)
    if profile.ndim == 2:
        profile = profile.mean(axis=1)
    best = Key("C", "major", -1.0)
    if not np.any(profile > 0):
        return best
    for mode, template in (("major", MAJOR_PROFILE), ("minor", MINOR_PROFILE)):
        for tonic in range(12):
            correlation = float(np.corrcoef(profile, np.roll(template, tonic))[0, 1])
            if correlation > best.correlation:
                best = Key(PITCH_CLASSES[tonic], mode, correlation)
    return best
