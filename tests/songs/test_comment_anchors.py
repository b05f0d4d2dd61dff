"""Anchors of comments: checked against the text, and followed across revisions by the diff."""

import pytest

from songs.comment_anchors import (
    Anchor,
    AnchorError,
    LineMap,
    anchor_check,
    anchor_follow,
    body_lines,
    first_body_without,
)

R1 = "[Verse]\nRain on the window\nCity lights are low\n\n[Chorus]\nHold on to me\n"


def words(body: str, anchor: Anchor) -> str:
    return body_lines(body)[anchor.line_number - 1][anchor.start_col : anchor.end_col]


def test_a_selection_becomes_an_anchor_quoting_its_words():
    anchor = anchor_check(R1, line_number=2, start_col=8, end_col=18, quote="the window")

    assert anchor == Anchor(2, 8, 18, "the window")


def test_an_empty_selection_is_the_whole_line():
    assert anchor_check(R1, line_number=3, start_col=4, end_col=4) == Anchor(
        3, 0, 19, "City lights are low"
    )


def test_spaces_around_the_selected_words_are_left_out():
    assert anchor_check(R1, line_number=2, start_col=4, end_col=12) == Anchor(2, 5, 11, "on the")


@pytest.mark.parametrize(
    "selection, field",
    [
        ({"line_number": 9}, "line_number"),
        ({"line_number": 4}, "line_number"),  # a blank line
        ({"line_number": 2, "start_col": 3, "end_col": 40}, "end_col"),
        ({"line_number": 2, "start_col": 9, "end_col": 3}, "start_col"),
        ({"line_number": 2, "start_col": 0, "end_col": 4, "quote": "Snow"}, "quote"),
    ],
)
def test_a_selection_that_names_no_words_of_the_text_is_refused_naming_the_field(selection, field):
    with pytest.raises(AnchorError) as error:
        anchor_check(R1, **selection)

    assert error.value.field == field


def test_lines_inserted_above_move_the_anchor_down_on_the_same_words():
    r2 = "[Intro]\nOoh\n\n" + R1
    anchor = Anchor(2, 8, 18, "the window")

    moved = anchor_follow(anchor, R1, r2)

    assert moved == Anchor(5, 8, 18, "the window")
    assert words(r2, moved) == "the window"


def test_other_lines_changed_leave_the_anchor_where_it_was():
    r2 = R1.replace("City lights are low", "Street lamps burning slow").replace("me", "you")

    assert anchor_follow(Anchor(2, 8, 18, "the window"), R1, r2) == Anchor(2, 8, 18, "the window")


def test_an_edited_line_that_still_holds_the_words_keeps_them_at_their_new_columns():
    r2 = R1.replace("Rain on the window", "Cold rain taps on the window pane")

    moved = anchor_follow(Anchor(2, 8, 18, "the window"), R1, r2)

    assert moved == Anchor(2, 18, 28, "the window")
    assert words(r2, moved) == "the window"


def test_of_several_places_with_the_words_the_nearest_to_the_old_one_wins():
    r1 = "a\nb\nc\nlow and low\nd\ne\n"
    r2 = "a\nb\nc\nlow, so low\nsomething low\ne\n"  # the line and its neighbour changed

    moved = anchor_follow(Anchor(4, 8, 11, "low"), r1, r2)

    assert moved == Anchor(4, 8, 11, "low")


def test_a_line_moved_elsewhere_is_found_by_its_words():
    r1 = "[Verse]\nRain on the window\nCity lights are low\nHold on\n"
    r2 = "[Verse]\nCity lights are low\nHold on\nRain on the window\n"

    assert anchor_follow(Anchor(2, 0, 4, "Rain"), r1, r2) == Anchor(4, 0, 4, "Rain")


def test_words_gone_from_the_text_orphan_the_comment():
    r2 = R1.replace("Rain on the window", "Sun through the glass")

    assert anchor_follow(Anchor(2, 8, 18, "the window"), R1, r2) is None


def test_a_deleted_line_orphans_its_comment():
    r2 = R1.replace("Rain on the window\n", "")

    assert anchor_follow(Anchor(2, 0, 4, "Rain"), R1, r2) is None


def test_a_whole_line_comment_follows_its_line_across_unrelated_edits():
    r2 = "[Intro]\n" + R1.replace("Hold on to me", "Hold on")
    anchor = anchor_check(R1, line_number=3)

    assert anchor_follow(anchor, R1, r2) == Anchor(4, 0, 19, "City lights are low")


def test_one_line_map_answers_for_every_anchor_made_on_a_revision():
    r2 = "[Intro]\n" + R1
    line_map = LineMap(R1, r2)

    assert [
        line_map.follow(Anchor(n, 0, 1, body_lines(R1)[n - 1][:1])).line_number for n in (1, 2, 3)
    ] == [2, 3, 4]


def test_since_when_the_words_are_gone_is_the_first_revision_without_them():
    r2 = "[Intro]\n" + R1
    r3 = r2.replace("the window", "the glass")
    r4 = r3 + "More\n"

    gone = first_body_without(Anchor(2, 8, 18, "the window"), R1, [(2, r2), (3, r3), (4, r4)])

    assert gone == 3


def test_words_moved_into_a_line_changed_elsewhere_are_found_there():
    r1 = "Intro\nRain here\nVerse\nBridge\nold line\n"
    r2 = "Intro\nVerse\nBridge\nnew line, Rain here\n"  # line 2 deleted, its words now in line 4

    assert anchor_follow(Anchor(2, 0, 9, "Rain here"), r1, r2) == Anchor(4, 10, 19, "Rain here")
