"""Synced lyrics (LRC) as the composer writes them, and read back for the player."""

import pytest

from engine.compose import compose
from engine.compose.lyric_times import read_synced_lyrics, synced_lyrics, word_times

LYRICS = "[Verse]\nRain on the window, rain on the door\n\n[Chorus]\nHold on, hold on\n"


def test_what_the_composer_writes_reads_back_line_by_line_and_word_by_word():
    score = compose("pop song", LYRICS, seed=2)
    sung = word_times(score)

    lines = read_synced_lyrics(synced_lyrics(score))

    assert [line.text for line in lines] == ["Rain on the window, rain on the door", "Hold on, hold on"]  # fmt: skip
    words = [word for line in lines for word in line.words]
    assert [w.word.strip(",") for w in words] == [w.word for w in sung]
    assert [w.start_s for w in words] == pytest.approx([w.start_s for w in sung], abs=0.006)
    assert all(line.start_s < line.end_s for line in lines)


def test_a_plain_lrc_ends_each_line_where_the_next_begins_and_skips_tags():
    lines = read_synced_lyrics("[ar:Refrain]\n[00:02.00]first\n[00:05.50]second\nno time\n")

    assert [(line.text, line.start_s, line.end_s) for line in lines] == [
        ("first", 2.0, 5.5),
        ("second", 5.5, None),
    ]
    assert lines[0].words == ()


def test_a_word_the_voice_begins_ahead_of_its_note_is_timed_where_it_begins():
    score = compose("pop song", LYRICS, seed=2)
    on_the_note = word_times(score)
    hold, on = [w for w in on_the_note if w.line_index == 1][:2]  # "Hold on, hold on"
    sung_starts = {(1, 0): hold.start_s - 0.12, (1, 1): on.start_s + 0.3}

    sung = [w for w in word_times(score, sung_starts) if w.line_index == 1]
    chorus = read_synced_lyrics(synced_lyrics(score, sung_starts))[1]

    assert sung[0].start_s == pytest.approx(hold.start_s - 0.12)
    assert sung[1].start_s == on.start_s  # never after its note
    assert chorus.start_s == pytest.approx(hold.start_s - 0.12, abs=0.006)
    assert chorus.words[0].start_s == pytest.approx(hold.start_s - 0.12, abs=0.006)
