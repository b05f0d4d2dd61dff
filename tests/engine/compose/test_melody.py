"""The sung melody: a note per syllable, stresses on strong beats, a higher chorus, a singable
range."""

from __future__ import annotations

import statistics

import pytest

from engine.compose import compose
from engine.compose.melody import VOCAL_RANGES, rhythm
from engine.compose.theory import Meter, scale_pitches
from engine.lyrics import parse_sections, syllabify_line
from tests.engine.compose.songs import LYRICS


@pytest.fixture(scope="module")
def song():
    return compose("pop song in C major, male vocals, 110 bpm", LYRICS, seed=2)


def _sung_lines() -> list[str]:
    return [line.text for section in parse_sections(LYRICS) for line in section.lines]


def test_every_syllable_of_every_sung_line_has_its_own_notes(song):
    lines = _sung_lines()
    assert song.lyric_lines == lines
    for index, text in enumerate(lines):
        sung = [s for s in song.syllables if s.line_index == index]
        assert [s.text for s in sung] == [s.text for s in syllabify_line(text)]
        assert all(s.note_indices for s in sung)
    every_index = [i for s in song.syllables for i in s.note_indices]
    assert sorted(every_index) == list(range(len(song.lead_track.notes)))


def test_the_parenthesised_line_is_marked_as_backing(song):
    backing = {song.lyric_lines[s.line_index] for s in song.syllables if s.backing}
    assert backing == {"(hold on)"}


def test_stressed_syllables_fall_mostly_on_beats(song):
    lead = song.lead_track
    stressed = [lead.notes[s.note_indices[0]].start_beat for s in song.syllables if s.stressed]
    on_beat = [beat for beat in stressed if abs(beat - round(beat)) < 1e-6]
    assert len(on_beat) / len(stressed) >= 0.8


def test_the_chorus_sits_higher_than_the_verse(song):
    lead = song.lead_track

    def mean_pitch(kind: str) -> float:
        return statistics.mean(
            lead.notes[i].pitch
            for s in song.syllables
            if song.sections[s.section_index].kind == kind
            for i in s.note_indices
        )

    assert mean_pitch("chorus") >= mean_pitch("verse") + 2


def test_the_chorus_melody_repeats_when_the_chorus_repeats(song):
    lead = song.lead_track
    choruses = [i for i, section in enumerate(song.sections) if section.kind == "chorus"]

    def pitches(section_index: int) -> list[int]:
        return [
            lead.notes[i].pitch
            for s in song.syllables
            if s.section_index == section_index
            for i in s.note_indices
        ]

    assert pitches(choruses[0]) == pitches(choruses[1])


def test_the_melody_stays_in_the_vocal_range_and_the_key(song):
    low, high = VOCAL_RANGES["male"]
    pitches = [note.pitch for note in song.lead_track.notes]
    assert low <= min(pitches) and max(pitches) <= high
    assert set(pitches) <= set(scale_pitches("C", "major", 0, 127))


def test_lines_are_phrases_with_a_rest_between_them(song):
    lead = song.lead_track
    for index in range(1, len(song.lyric_lines)):
        before = [s for s in song.syllables if s.line_index == index - 1]
        after = [s for s in song.syllables if s.line_index == index]
        end = lead.notes[before[-1].note_indices[-1]].end_s
        start = lead.notes[after[0].note_indices[0]].start_s
        assert start - end >= 60 / song.bpm * 0.5


def test_rhythm_puts_each_stress_on_a_strong_slot_when_it_can():
    meter = Meter(4, 4)
    stresses = [True, False, True, False, True, False, True]
    slots = rhythm(stresses, meter, 2, hooky=False)
    assert len(slots) == len(stresses)
    assert all(
        meter.slot_weight(slot) >= 1
        for (slot, _), stressed in zip(slots, stresses, strict=True)
        if stressed
    )
    ends = [slot + length for slot, length in slots]
    assert ends[-1] <= 2 * meter.slots_per_bar - meter.slots_per_beat
    assert all(ends[k] <= slots[k + 1][0] for k in range(len(slots) - 1))


@pytest.mark.parametrize("prompt", ["smooth jazz", "slow blues", "jazz waltz", "lofi", "6/8 folk"])
def test_the_lead_is_one_line_that_never_overlaps_itself(prompt):
    lead = compose(prompt, LYRICS, seed=4).lead_track
    for before, after in zip(lead.notes, lead.notes[1:], strict=False):
        assert before.duration_s > 0
        assert after.start_s >= before.end_s
