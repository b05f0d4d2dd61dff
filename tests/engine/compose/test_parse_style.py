"""Reading a music prompt: explicit tempo, key and meter win; genre and mood fill in the rest."""

from __future__ import annotations

import pytest

from engine.compose import parse_style
from engine.compose.genres import GENRES
from engine.errors import INVALID_PARAMS, EngineError


def test_an_explicit_bpm_and_key_win_over_the_genre_defaults():
    style = parse_style("sad metal song in D minor at 92 bpm", seed=4)
    assert (style.genre, style.bpm, style.key, style.mode) == ("metal", 92.0, "D", "minor")


@pytest.mark.parametrize(
    ("prompt", "key", "mode"),
    [
        ("a ballad in F# major", "F#", "major"),
        ("rock in Bb minor", "Bb", "minor"),
        ("something in the key of Eb", "Eb", None),
        ("chill lofi in Am", "A", "minor"),
        ("a tune in a minor key", "A", "minor"),
    ],
)
def test_keys_are_read_as_musicians_write_them(prompt, key, mode):
    style = parse_style(prompt)
    assert style.key == key
    if mode:
        assert style.mode == mode


def test_a_lowercase_a_minor_in_passing_is_not_a_key():
    styles = {parse_style("a minor change in plans", seed=s).key for s in range(12)}
    assert len(styles) > 1


@pytest.mark.parametrize(
    ("prompt", "genre"),
    [
        ("a soulful blues song about a rainy night", "blues"),
        ("smooth R&B slow jam", "rnb"),
        ("old school hip-hop beat", "hiphop"),
        ("deep house for the club", "electronic"),
        ("roots reggae", "reggae"),
        ("lo-fi study beats", "lofi"),
        ("salsa with trumpets", "latin"),
        ("epic orchestral trailer", "cinematic"),
        ("bluegrass picking", "country"),
        ("blues rock anthem", "rock"),
        ("funky groove", "funk"),
        ("bebop quartet", "jazz"),
        ("acoustic folk", "folk"),
        ("power ballad", "ballad"),
        ("thrash metal", "metal"),
    ],
)
def test_genres_and_their_synonyms_are_recognised(prompt, genre):
    assert parse_style(prompt).genre == genre


def test_the_tempo_comes_from_the_genre_range_and_varies_with_the_seed():
    tempos = {parse_style("house track", seed=seed).bpm for seed in range(8)}
    low, high = GENRES["electronic"].bpm_range
    assert all(low - 1 <= bpm <= high + 1 for bpm in tempos)
    assert len(tempos) > 1


@pytest.mark.parametrize(
    "prompt", ["funk at 104 bpm", "funk, 104BPM", "funk, tempo: 104", "funk bpm=104"]
)
def test_the_tempo_may_be_written_several_ways(prompt):
    assert parse_style(prompt).bpm == 104.0


def test_sad_and_dark_prompts_lean_minor():
    modes = [parse_style("a sad pop song about leaving", seed=seed).mode for seed in range(20)]
    assert modes.count("minor") >= 15


def test_unknown_words_are_ignored_and_give_a_complete_style():
    style = parse_style("zxqv blorp frobnicate", seed=1)
    assert style.genre == "pop"
    assert 60 <= style.bpm <= 200
    assert style.time_signature == (4, 4)


def test_a_waltz_is_in_three_four_and_a_blues_reports_twelve_eight():
    assert parse_style("a waltz for two").time_signature == (3, 4)
    assert parse_style("slow blues").time_signature == (12, 8)
    assert parse_style("pop in 6/8").time_signature == (6, 8)


def test_named_instruments_join_the_genres_band():
    style = parse_style("country song with fiddle and banjo")
    programs = {member.program for member in style.band}
    assert {40, 105} <= programs
    assert GENRES["country"].comp in programs


def test_a_named_bass_replaces_the_genres_bass():
    style = parse_style("jazz trio with upright bass")
    assert [member.program for member in style.part("bass")] == [32]


def test_vocal_register_and_length_hints_are_read():
    assert parse_style("short pop song, female vocals").vocal_register == "female"
    assert parse_style("male singer, rock").vocal_register == "male"
    assert parse_style("a duet").vocal_register == "duet"
    assert parse_style("short pop song").length == "short"
    assert parse_style("an extended mix").length == "extended"


def test_an_impossible_tempo_is_a_2013_error():
    with pytest.raises(EngineError) as error:
        parse_style("pop at 900 bpm")
    assert error.value.code == INVALID_PARAMS
    assert "prompt" in error.value.message
