"""Three-way merges of lyrics cut into agreed text and overlaps, and text built from choices."""

import pytest

from songs.lyric_merge import (
    Agreed,
    Choice,
    Overlap,
    Resolution,
    marker_line,
    merge_regions,
    merged_text,
    resolve,
    with_markers,
)

BASE = "[Verse]\nRain on the window\nCity lights are low\n\n[Chorus]\nHold on to me\n"
THEIRS = BASE.replace("City lights are low", "Street lights are gold").replace("[Verse]", "[Intro]")
YOURS = BASE.replace("City lights are low", "Neon burning slow").replace("to me", "to me now")


def test_lines_only_one_writer_changed_are_agreed_and_the_same_line_is_an_overlap():
    regions = merge_regions(BASE, THEIRS, YOURS)

    assert regions == [
        Agreed("[Intro]\nRain on the window\n"),
        Overlap(
            base="City lights are low\n",
            theirs="Street lights are gold\n",
            yours="Neon burning slow\n",
        ),
        Agreed("\n[Chorus]\nHold on to me now\n"),
    ]
    assert merged_text(regions) is None


def test_edits_on_different_lines_merge_to_one_text():
    theirs = BASE.replace("[Verse]", "[Intro]")

    assert merged_text(merge_regions(BASE, theirs, YOURS)) == YOURS.replace("[Verse]", "[Intro]")


@pytest.mark.parametrize(
    ("choice", "text", "line"),
    [
        (Choice.MINE, "", "Neon burning slow\n"),
        (Choice.THEIRS, "", "Street lights are gold\n"),
        (Choice.BOTH, "", "Street lights are gold\nNeon burning slow\n"),
        (Choice.EDIT, "Neon lights are gold", "Neon lights are gold\n"),
    ],
)
def test_each_choice_builds_the_text_around_the_agreed_lines(choice, text, line):
    regions = merge_regions(BASE, THEIRS, YOURS)

    built = resolve(regions, {0: Resolution(choice, text)})

    assert built == f"[Intro]\nRain on the window\n{line}\n[Chorus]\nHold on to me now\n"
    assert marker_line(built) is None


def test_the_marked_text_is_git_notation_and_its_markers_are_found():
    marked = with_markers(merge_regions(BASE, THEIRS, YOURS))

    assert (
        "<<<<<<< theirs\nStreet lights are gold\n=======\nNeon burning slow\n>>>>>>> yours\n"
        in marked
    )
    assert marker_line(marked) == 3


@pytest.mark.parametrize(
    "text", ["a line\n<<<<<<< HEAD\n", ">>>>>>> yours\n", "|||||||\n", "<<<<<<<\n"]
)
def test_a_marker_at_the_start_of_a_line_is_found(text):
    assert marker_line(text) is not None


@pytest.mark.parametrize(
    "text", ["=======\n", "I sing <<<<<<< loud\n", "<<<< arrows\n", "(ooh) >>>>>>>>>>\n"]
)
def test_lyrics_that_merely_look_like_markers_are_not_refused(text):
    assert marker_line(text) is None
