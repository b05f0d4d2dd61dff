"""Sections: where the song's parts begin and end, and which part each one is.

Boundaries and part types come together from repetition (McFee & Ellis 2014, "Analyzing song
structure with spectral clustering"): beats are nodes of a graph linked to the beats that sound
alike elsewhere in the song (harmony) and to their neighbours (timbre); the graph's smoothest
eigenvectors cluster the beats into part types. Names follow from how each type repeats and how
loud it is: the loudest repeated part is the chorus.
"""

from __future__ import annotations

from dataclasses import dataclass

import librosa
import numpy as np
import scipy.linalg
import scipy.ndimage
import scipy.sparse.csgraph

LABELS = ("intro", "verse", "chorus", "bridge", "outro", "inst", "silence")
MIN_SECTION_S = 6.0
MIN_CLUSTERS, MAX_CLUSTERS = 3, 7
FRAGMENT_BEATS = 12
MAX_FRAGMENTED_SHARE = 0.35
SILENCE_SHARE = 0.03  # of the loudest beat's RMS
MIN_WORDLESS_S = 8.0
EIGEN_SMOOTH_BEATS = 17


@dataclass(frozen=True)
class Section:
    """A part of the song from `start_s` to `end_s` with one of LABELS."""

    start_s: float
    end_s: float
    label: str


def cluster_beats(beat_chroma: np.ndarray, beat_mfcc: np.ndarray) -> np.ndarray:
    """A part-type id per beat from (12, n) chroma and (d, n) MFCC, both beat-synchronous."""
    # Imported here: scikit-learn takes over a second to import, and only the section finder
    # needs it.
    from sklearn.cluster import KMeans  # noqa: PLC0415

    n = beat_chroma.shape[1]
    if n < 8:
        return np.zeros(n, dtype=int)
    # Four beats of harmony in a row: a bar of chords recurs, one chord alone is everywhere.
    stacked = librosa.feature.stack_memory(beat_chroma, n_steps=4, mode="edge")
    # Centre the window on its beat: a trailing one drags a part's first beats into the last part.
    stacked = np.concatenate([stacked[:, 2:], stacked[:, -1:].repeat(2, axis=1)], axis=1)
    try:
        recurrence = librosa.segment.recurrence_matrix(stacked, width=3, mode="affinity", sym=True)
    except librosa.util.exceptions.ParameterError:
        # No beat sounds a little like another, only exactly alike (digital silence, one held
        # tone): there is no repetition to find, and the recording is one part.
        return np.zeros(n, dtype=int)
    recurrence = librosa.segment.timelag_filter(scipy.ndimage.median_filter)(
        recurrence, size=(1, 7)
    )
    steps = np.sum(np.diff(beat_mfcc, axis=1) ** 2, axis=0)
    sigma = np.median(steps) or 1.0
    path = np.exp(-steps / sigma)
    sequence = np.diag(path, k=1) + np.diag(path, k=-1)
    # Balance the two graphs so that each beat's repetition and continuity weigh alike.
    degree_rec, degree_seq = recurrence.sum(axis=1), sequence.sum(axis=1)
    mu = degree_seq.dot(degree_seq + degree_rec) / max(np.sum((degree_seq + degree_rec) ** 2), 1e-9)
    affinity = mu * recurrence + (1 - mu) * sequence
    laplacian = scipy.sparse.csgraph.laplacian(affinity, normed=True)
    _, eigenvectors = scipy.linalg.eigh(laplacian)
    # Smoothing over ~4 bars keeps a part's chord changes from splitting it into fragments.
    eigenvectors = scipy.ndimage.median_filter(eigenvectors, size=(EIGEN_SMOOTH_BEATS, 1))
    norms = np.cumsum(eigenvectors**2, axis=1) ** 0.5
    # The most part types that still give whole parts: with too many, k-means cuts parts into
    # halves and bars, and the beats fall into short runs.
    best = np.zeros(n, dtype=int)
    for k in range(MIN_CLUSTERS, MAX_CLUSTERS + 1):
        points = eigenvectors[:, :k] / np.maximum(norms[:, k - 1 : k], 1e-9)
        ids = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(points)
        if k == MIN_CLUSTERS or _fragmented_share(ids) <= MAX_FRAGMENTED_SHARE:
            best = ids
    return best


def find_sections(
    beat_ids: np.ndarray,
    edges_s: np.ndarray,
    beat_rms: np.ndarray,
    *,
    word_times_s: list[float] | None = None,
) -> list[Section]:
    """Labelled sections from per-beat part ids; column i spans edges_s[i]..edges_s[i+1].

    `word_times_s` (sung word starts, when known) turns long wordless middle parts into `inst`.
    """
    runs = _merge_short(_runs(beat_ids), edges_s)
    loud = beat_rms.max() if beat_rms.size else 0.0
    parts = []
    for start, end, part in runs:
        silent = loud <= 0 or beat_rms[start:end].mean() < SILENCE_SHARE * loud
        parts.append(
            (
                float(edges_s[start]),
                float(edges_s[end]),
                part,
                float(beat_rms[start:end].mean()),
                silent,
            )
        )
    return _name(parts, word_times_s)


def _fragmented_share(ids: np.ndarray) -> float:
    """The share of beats in runs of one part type shorter than FRAGMENT_BEATS."""
    short = sum(end - start for start, end, _ in _runs(ids) if end - start < FRAGMENT_BEATS)
    return short / max(len(ids), 1)


def _runs(ids: np.ndarray) -> list[tuple[int, int, int]]:
    runs: list[tuple[int, int, int]] = []
    start = 0
    for i in range(1, len(ids) + 1):
        if i == len(ids) or ids[i] != ids[start]:
            runs.append((start, i, int(ids[start])))
            start = i
    return runs


def _merge_short(
    runs: list[tuple[int, int, int]], edges_s: np.ndarray
) -> list[tuple[int, int, int]]:
    """Fold runs shorter than MIN_SECTION_S into a neighbour: parts last longer than a few beats."""
    runs = list(runs)
    while len(runs) > 1:
        lengths = [edges_s[end] - edges_s[start] for start, end, _ in runs]
        shortest = int(np.argmin(lengths))
        if lengths[shortest] >= MIN_SECTION_S:
            break
        start, end, _ = runs.pop(shortest)
        # Prefer the longer neighbour: a fragment is more likely the tail or head of a real part.
        before = runs[shortest - 1] if shortest > 0 else None
        after = runs[shortest] if shortest < len(runs) else None
        if after is None or (before is not None and before[1] - before[0] >= after[1] - after[0]):
            runs[shortest - 1] = (before[0], end, before[2])
        else:
            runs[shortest] = (start, after[1], after[2])
        merged = []
        for run in runs:
            if merged and merged[-1][2] == run[2]:
                merged[-1] = (merged[-1][0], run[1], run[2])
            else:
                merged.append(run)
        runs = merged
    return runs


def _name(
    parts: list[tuple[float, float, int, float, bool]], word_times_s: list[float] | None
) -> list[Section]:
    """Turn part ids into intro/verse/chorus/bridge/outro/inst/silence."""
    music = [i for i, part in enumerate(parts) if not part[4]]
    occurrences: dict[int, list[int]] = {}
    for i in music:
        occurrences.setdefault(parts[i][2], []).append(i)
    edge_only = {music[0], music[-1]} if music else set()
    repeated = {
        part: members for part, members in occurrences.items()
        if len(members) >= 2 and not set(members) <= edge_only
    }  # fmt: skip
    chorus = None
    if repeated:
        # The chorus is the loudest part that comes back; weighting by duration keeps one loud
        # fill from beating a whole chorus.
        def loudness(part: int) -> float:
            members = repeated[part]
            spans = [parts[i][1] - parts[i][0] for i in members]
            return float(np.average([parts[i][3] for i in members], weights=spans))

        chorus = max(repeated, key=loudness)
    sung = sorted(word_times_s or [])
    # An intro and an outro need something between them: a one-part recording is all verse.
    first, last = (music[0], music[-1]) if len(music) > 1 else (-1, -1)
    sections: list[Section] = []
    for i, (start_s, end_s, part, _rms, silent) in enumerate(parts):
        if silent:
            label = "silence"
        elif part == chorus:
            label = "chorus"
        elif i == first and part not in repeated:
            label = "intro"
        elif i == last and part not in repeated:
            label = "outro"
        elif part in repeated or len(music) == 1:
            label = "verse"
        else:
            label = "bridge"
        if sung and label in ("verse", "bridge") and end_s - start_s >= MIN_WORDLESS_S:
            inside = np.searchsorted(sung, end_s) - np.searchsorted(sung, start_s)
            label = "inst" if inside == 0 else label
        sections.append(Section(round(start_s, 3), round(end_s, 3), label))
    return _join_same(sections)


def _join_same(sections: list[Section]) -> list[Section]:
    joined: list[Section] = []
    for section in sections:
        if joined and joined[-1].label == section.label:
            joined[-1] = Section(joined[-1].start_s, section.end_s, section.label)
        else:
            joined.append(section)
    return joined
