"""Progressions per genre and section, read in a key, and voice-led voicings."""

from __future__ import annotations

from engine.compose.harmony import chord, progression, section_chords, voice


def test_the_blues_is_twelve_bars_of_dominant_sevenths_on_i_iv_and_v():
    bars = progression("blues", "major", "verse")
    assert len(bars) == 12
    assert bars[0] == "I7" and bars[4] == "IV7" and bars[8] == "V7"
    chords = section_chords("blues", "A", "major", "verse", 12, ending=False)
    assert [c.root_pc for c in chords[:5]] == [9, 2, 9, 9, 2]
    assert all(c.quality == "7" for c in chords)


def test_pop_chorus_is_i_v_vi_iv():
    chords = section_chords("pop", "C", "major", "chorus", 4, ending=False)
    assert [(c.root_pc, c.quality) for c in chords] == [
        (0, "maj"),
        (7, "maj"),
        (9, "min"),
        (5, "maj"),
    ]


def test_jazz_chorus_is_a_two_five_one():
    chords = section_chords("jazz", "F", "major", "chorus", 3, ending=False)
    assert [(c.root_pc, c.quality) for c in chords] == [(7, "m7"), (0, "7"), (5, "maj7")]


def test_roman_numerals_follow_the_mode():
    assert chord("III", "A", "minor").pitch_classes == (0, 4, 7)
    assert chord("V7", "A", "minor").pitch_classes == (4, 8, 11, 2)
    assert chord("bVII", "D", "major").root_pc == 0
    assert chord("iiø7", "C", "minor").quality == "m7b5"


def test_a_song_ends_with_a_dominant_then_the_tonic():
    chords = section_chords("pop", "G", "major", "outro", 4, ending=True)
    assert (chords[-1].root_pc, chords[-1].quality) == (7, "maj")
    assert chords[-2].root_pc == 2


def test_voicings_move_little_from_chord_to_chord():
    c_major = voice(chord("I", "C", "major"), None)
    f_major = voice(chord("IV", "C", "major"), c_major)
    assert {p % 12 for p in f_major} == {5, 9, 0}
    assert sum(min(abs(p - q) for q in c_major) for p in f_major) <= 4
    assert all(52 <= p <= 76 for p in f_major)
