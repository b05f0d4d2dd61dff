"""Comparing what a recogniser heard with the lyrics: words, not spelling or punctuation."""

from __future__ import annotations

from engine.analysis.sung import normalise_words, word_error_rate


def test_tags_punctuation_and_case_do_not_count():
    assert (
        normalise_words("[Chorus]\nHold on, HOLD on — don’t let go!")
        == "hold on hold on don't let go"
    )


def test_numbers_are_compared_as_the_words_they_say():
    assert normalise_words("10 of clubs, 21 guns") == "ten of clubs twenty one guns"
    assert word_error_rate("ten of clubs", "10 of Clubs.") == 0.0


def test_each_wrong_missing_or_extra_word_counts_against_the_lyrics_length():
    assert word_error_rate("we were golden in the night", "we were olden in night tonight") == 3 / 6
    assert word_error_rate("hold on", "") == 1.0
    assert word_error_rate("", "") == 0.0
