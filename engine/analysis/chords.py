"""Chords over time: the major or minor triad each beat's chroma and bass note match best, smoothed."""

from __future__ import annotations

from dataclasses import dataclass

import librosa
import numpy as np

from engine.compose.theory import PITCH_NAMES

NO_CHORD = "N"
# How much likelier a chord is to last another beat than to change: keeps passing notes from
# flipping the chord on every beat.
STAY_PROBABILITY = 0.9
# Below this share of the loudest beat's chroma energy a beat is treated as no chord.
QUIET_SHARE = 0.05
# How much a chord gains when the bass sounds its root (on a 0-1 scale against the template's
# cosine similarity). The sung melody lands on any chord tone, the bass mostly on the root: on
# the engine's songs this lifted the major/minor chord overlap from 0.49 to 0.71
# (bench/analysis.py).
BASS_WEIGHT = 0.4


@dataclass(frozen=True)
class Chord:
    """A chord name ("A", "F#m", "N" for none) from `start_s` to `end_s`."""

    start_s: float
    end_s: float
    name: str


def chord_templates() -> tuple[list[str], np.ndarray]:
    """Names and unit-norm (24, 12) chroma templates of the major and minor triads."""
    names, rows = [], []
    for quality, third in (("", 4), ("m", 3)):
        for root in range(12):
            row = np.zeros(12)
            row[[root, (root + third) % 12, (root + 7) % 12]] = (1.0, 0.8, 0.9)
            names.append(PITCH_NAMES[root] + quality)
            rows.append(row / np.linalg.norm(row))
    return names, np.array(rows)


def find_chords(
    beat_chroma: np.ndarray, edges_s: np.ndarray, beat_bass: np.ndarray | None = None
) -> list[Chord]:
    """Chords from a (12, n) beat-synchronous chroma whose column i spans edges_s[i]..edges_s[i+1],
    and (if given) the (12, n) chroma of the bass register over the same beats."""
    names, templates = chord_templates()
    energy = np.linalg.norm(beat_chroma, axis=0)
    unit = beat_chroma / np.maximum(energy, 1e-9)
    similarity = templates @ unit  # cosine, (24, beats)
    if beat_bass is not None:
        bass = beat_bass / np.maximum(beat_bass.max(axis=0, keepdims=True), 1e-9)
        roots = [PITCH_NAMES.index(name.rstrip("m")) for name in names]
        similarity = similarity + BASS_WEIGHT * bass[roots]
    # A softmax turns similarities into the per-beat probabilities the Viterbi pass expects.
    likelihood = np.exp(12.0 * similarity)
    quiet = energy <= QUIET_SHARE * energy.max()
    scores = np.vstack([likelihood, np.where(quiet, likelihood.max(axis=0) * 2, 1e-3)])
    scores /= scores.sum(axis=0, keepdims=True)
    transition = librosa.sequence.transition_loop(len(names) + 1, STAY_PROBABILITY)
    path = librosa.sequence.viterbi_discriminative(scores, transition)
    labels = [*names, NO_CHORD]
    chords: list[Chord] = []
    for i, state in enumerate(path):
        name = labels[state]
        if chords and chords[-1].name == name:
            chords[-1] = Chord(chords[-1].start_s, round(float(edges_s[i + 1]), 3), name)
        else:
            chords.append(Chord(round(float(edges_s[i]), 3), round(float(edges_s[i + 1]), 3), name))
    return chords
