"""The structure of a lyric body: sections, moved and duplicated, rhyme schemes, sister sections."""

from collections import Counter

import pytest

from songs.lyric_structure import (
    StructureError,
    lyric_sections,
    rhyme_letters,
    rhyme_scheme,
    section_duplicate,
    section_move,
    sister_totals,
)

SONG = (
    "Intro words before any tag\n"
    "\n"
    "[Verse 1]\n"
    "I walk alone at night\n"
    "The city holds its breath\n"
    "\n"
    "[Chorus]\n"
    "Rain on me\n"
    "Set me free\n"
    "\n"
    "\n"
    "[Verse 2]\n"
    "Down the empty street\n"
    "(ooh)\n"
)


def test_sections_are_the_tagged_blocks_with_their_labels_and_first_lines():
    sections = lyric_sections(SONG)

    assert [(s.label, s.kind, s.first_line) for s in sections] == [
        ("Verse 1", "verse", 3),
        ("Chorus", "chorus", 7),
        ("Verse 2", "verse", 12),
    ]
    assert sections[1].sung_lines == ("Rain on me", "Set me free")
    assert sections[1].gap == ("", "")


def test_a_body_without_tags_has_no_sections():
    assert lyric_sections("just a line\nand another\n") == ()


def test_moving_the_last_section_first_keeps_every_line_and_the_spacing():
    moved = section_move(SONG, index=2, to=0)

    assert [s.label for s in lyric_sections(moved)] == ["Verse 2", "Verse 1", "Chorus"]
    assert Counter(moved.split("\n")) == Counter(SONG.split("\n"))
    assert moved.startswith("Intro words before any tag\n\n[Verse 2]\nDown the empty street\n")
    assert moved.endswith("[Chorus]\nRain on me\nSet me free\n")


def test_moving_a_section_down_one_step_swaps_it_with_the_next():
    moved = section_move(SONG, index=0, to=1)

    assert [s.label for s in lyric_sections(moved)] == ["Chorus", "Verse 1", "Verse 2"]
    assert Counter(moved.split("\n")) == Counter(SONG.split("\n"))


def test_moving_a_section_onto_its_own_place_changes_nothing():
    assert section_move(SONG, index=1, to=1) == SONG


def test_duplicating_a_chorus_puts_a_copy_right_after_it():
    doubled = section_duplicate(SONG, index=1)

    assert [s.label for s in lyric_sections(doubled)] == ["Verse 1", "Chorus", "Chorus", "Verse 2"]
    assert "[Chorus]\nRain on me\nSet me free\n\n[Chorus]\nRain on me\nSet me free\n\n\n" in doubled
    added = Counter(doubled.split("\n")) - Counter(SONG.split("\n"))
    assert added == Counter(["[Chorus]", "Rain on me", "Set me free", ""])


def test_a_section_that_is_not_there_is_refused_with_its_field():
    with pytest.raises(StructureError) as refused:
        section_move(SONG, index=0, to=3)

    assert refused.value.field == "to"
    assert "has 3" in refused.value.message


@pytest.mark.parametrize(
    ("lines", "scheme"),
    [
        (["I walk at night", "I see the light", "the rain is cold", "the story's told"], "AABB"),
        (["I walk at night", "the rain is cold", "I see the light", "the story's told"], "ABAB"),
        (["the river runs", "I walk at night", "my heart is true", "I see the light"], "xAxA"),
    ],
)
def test_rhyme_scheme_letters_follow_the_known_rhymes(lines, scheme):
    assert rhyme_scheme(lines) == scheme


def test_a_line_that_rhymes_with_none_gets_no_letter():
    assert rhyme_letters(["the river runs", "I walk at night", "I see the light"]) == ["", "A", "A"]


def test_the_same_word_twice_is_not_a_rhyme():
    assert rhyme_letters(["hold me tonight", "kiss me tonight"]) == ["", ""]


def test_each_later_section_is_compared_with_the_first_of_its_kind():
    body = (
        "[Verse 1]\nI walk alone at night\n\n[Chorus]\nRain on me\n\n"
        "[Verse 2]\nDown the empty street tonight\n\n[Chorus]\nRain on me now\n"
    )

    totals = sister_totals(lyric_sections(body))

    assert [(t.section.label, t.syllables, t.sister_name, t.sister_syllables) for t in totals] == [
        ("Verse 1", 6, "", None),
        ("Chorus", 3, "", None),
        ("Verse 2", 7, "Verse 1", 6),
        ("Chorus", 4, "the first Chorus", 3),
    ]
