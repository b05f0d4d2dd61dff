"""Key and mode: which of the 24 major and minor keys the pitch content leans towards."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.compose.theory import PITCH_NAMES

# Albrecht & Shanahan (2013) corpus key profiles, tonic first. The Krumhansl & Kessler probe-tone
# profiles heard a house track in G minor as C minor and a jazz tune in F major as C major
# (bench/analysis.py): they weigh the fourth and the third heavily, and the fifth harmonic of
# synthetic and distorted timbres is a major third.
MAJOR_PROFILE = np.array(
    [0.238, 0.006, 0.111, 0.006, 0.137, 0.094, 0.016, 0.214, 0.009, 0.080, 0.008, 0.081]
)
MINOR_PROFILE = np.array(
    [0.220, 0.006, 0.104, 0.123, 0.019, 0.103, 0.012, 0.214, 0.062, 0.022, 0.061, 0.052]
)
# Chroma is log-compressed before it is averaged: the loudest instrument must not decide alone.
COMPRESSION = 100.0


@dataclass(frozen=True)
class Key:
    """A tonic in sharp spelling ("F#"), a mode ("major"/"minor") and the profile correlation."""

    tonic: str
    mode: str
    correlation: float

    def __str__(self) -> str:
        return f"{self.tonic} {self.mode}"


def find_key(chroma_energy: np.ndarray) -> Key:
    """The key of a (12, frames) chroma of energies (not normalised per frame, e.g. librosa's
    chroma_cqt with norm=None): the rotated profile that correlates best with the song's
    log-compressed pitch-class profile."""
    energy = np.asarray(chroma_energy, dtype=float)
    if energy.ndim == 1:
        energy = energy[:, None]
    best = Key("C", "major", -1.0)
    loudest = float(energy.max()) if energy.size else 0.0
    if loudest <= 0:
        return best
    profile = np.log1p(COMPRESSION * energy / loudest).mean(axis=1)
    for mode, template in (("major", MAJOR_PROFILE), ("minor", MINOR_PROFILE)):
        for tonic in range(12):
            correlation = float(np.corrcoef(profile, np.roll(template, tonic))[0, 1])
            if correlation > best.correlation:
                best = Key(PITCH_NAMES[tonic], mode, correlation)
    return best
