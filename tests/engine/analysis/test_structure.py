"""Sections found from repetition, and named by how they repeat and how loud they are."""

from __future__ import annotations

import numpy as np
import pytest

from engine.analysis import structure, tempo
from engine.analysis.preprocess import _beat_features
from tests.engine.analysis import songs

VERSE, CHORUS = ("verse", 16), ("chorus", 16)


def label_at(sections: list[structure.Section], time_s: float) -> str:
    return next(s.label for s in sections if s.start_s <= time_s < s.end_s)


def named(
    ids: list[int], rms: list[float] | None = None, words: list[float] | None = None
) -> list[tuple[float, str]]:
    """Sections for per-beat part ids on a one-second beat grid."""
    edges = np.arange(len(ids) + 1, dtype=float)
    loudness = np.array(rms if rms is not None else [1.0] * len(ids))
    found = structure.find_sections(np.array(ids), edges, loudness, word_times_s=words)
    return [(s.start_s, s.label) for s in found]


@pytest.fixture(scope="module")
def song() -> songs.SyntheticSong:
    plan = (("intro", 4), VERSE, CHORUS, VERSE, CHORUS, ("bridge", 8), CHORUS)
    return songs.synth_song(bpm=128, tonic="F", mode="major", plan=plan)


def test_the_parts_of_a_song_are_found_within_three_seconds_and_named(song):
    beats = tempo.find_beats(
        tempo.onset_envelope(song.audio, song.sample_rate_hz), song.sample_rate_hz
    )
    features = _beat_features(song.audio, beats.beats_s, song.duration_s)

    found = structure.find_sections(
        structure.cluster_beats(features.chroma, features.mfcc), features.edges_s, features.rms
    )

    starts = [s.start_s for s in found]
    for truth_start, _, _ in song.sections:
        assert min(abs(truth_start - start) for start in starts) <= 3.0
    assert len(found) == len(song.sections)
    assert [label_at(found, (start + end) / 2) for start, end, _ in song.sections] == [
        label for _, _, label in song.sections
    ]


def test_the_loudest_part_that_comes_back_is_the_chorus():
    ids = [0] * 8 + [1] * 10 + [2] * 10 + [1] * 10 + [2] * 10
    rms = [0.5] * 8 + [0.6] * 10 + [0.9] * 10 + [0.6] * 10 + [0.9] * 10

    assert named(ids, rms) == [
        (0.0, "intro"),
        (8.0, "verse"),
        (18.0, "chorus"),
        (28.0, "verse"),
        (38.0, "chorus"),
    ]


def test_a_part_heard_once_in_the_middle_is_a_bridge_and_once_at_the_end_an_outro():
    ids = [1] * 10 + [2] * 10 + [1] * 10 + [2] * 10 + [3] * 10 + [2] * 10 + [4] * 10
    rms = [0.6] * 10 + [0.9] * 10 + [0.6] * 10 + [0.9] * 10 + [0.7] * 10 + [0.9] * 10 + [0.4] * 10

    labels = [label for _, label in named(ids, rms)]

    assert labels == ["verse", "chorus", "verse", "chorus", "bridge", "chorus", "outro"]


def test_quiet_stretches_are_silence():
    ids = [0] * 10 + [1] * 10 + [0] * 10 + [1] * 10
    rms = [0.001] * 10 + [0.8] * 10 + [0.5] * 10 + [0.8] * 10

    assert named(ids, rms)[0] == (0.0, "silence")


def test_a_long_wordless_part_between_sung_ones_is_instrumental():
    ids = [1] * 10 + [2] * 10 + [3] * 10 + [2] * 10
    rms = [0.6] * 10 + [0.9] * 10 + [0.6] * 10 + [0.9] * 10
    words = [1.0, 2.0, 12.0, 15.0, 32.0, 35.0]

    assert [label for _, label in named(ids, rms, words)][2] == "inst"


def test_fragments_shorter_than_a_section_join_their_neighbours():
    ids = [0] * 12 + [1] * 2 + [0] * 12 + [2] * 12 + [0] * 12 + [2] * 12

    starts = [start for start, _ in named(ids)]

    assert 12.0 not in starts and 14.0 not in starts


def test_beats_that_all_sound_exactly_alike_are_one_part():
    # Digital silence or one held tone: no beat has a neighbour at any distance but zero.
    ids = structure.cluster_beats(np.zeros((12, 40)), np.zeros((13, 40)))

    assert ids.tolist() == [0] * 40
