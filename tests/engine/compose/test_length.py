"""A song's length and its lines' syllables are capped, at the edge and before rendering."""

from __future__ import annotations

import time

import pytest

import engine.music
from engine.compose import compose
from engine.compose.arrange import MAX_TARGET_S
from engine.compose.length import MAX_LINE_SYLLABLES, MAX_SONG_S, shortest_song_s
from engine.contract import MusicRequest
from engine.errors import INVALID_PARAMS, EngineError
from engine.lyrics import count_syllables, write_full_song
from engine.music import generate_music
from tests.engine.compose.songs import LYRICS as EXAMPLE_LYRICS

PROMPTS = (
    "pop song", "slow sad ballad", "hip hop, fast", "blues", "jazz waltz", "6/8 folk", "punk 200 bpm",
    "house",
)  # fmt: skip


def refusal(payload: dict) -> EngineError:
    with pytest.raises(EngineError) as caught:
        MusicRequest.from_json({"model": "music-2.6", **payload})
    assert caught.value.code == INVALID_PARAMS
    return caught.value


@pytest.fixture(scope="module")
def long_lyric() -> str:
    """About 3,300 characters and 100 lines of real song lyrics, written by the engine."""
    text, seed = "", 0
    while len(text) < 3300:
        text += write_full_song("pop song about friendship", seed=seed).lyrics + "\n\n"
        seed += 1
    return text[:3500].rsplit("\n", 1)[0]


def test_3500_characters_of_one_letter_lines_are_refused_at_once():
    started = time.perf_counter()
    error = refusal({"lyrics": "a\n" * 1750})
    elapsed_s = time.perf_counter() - started

    assert error.message.startswith("lyrics: the song would last at least ")
    assert "at most 8 minutes" in error.message
    assert elapsed_s < 0.5


def test_a_line_of_60_syllables_is_refused_naming_the_line():
    line = " ".join(["la"] * 60)

    error = refusal({"lyrics": f"[Verse]\nRain on the window\n{line}\n"})

    assert error.message == (
        f"lyrics: line 3 has 60 syllables, at most {MAX_LINE_SYLLABLES} in a sung line: split it"
    )


def test_a_long_rap_line_is_sung():
    line = "I been grinding every day and night just to make it to the top of the game"
    assert 16 <= count_syllables(line) <= 20

    MusicRequest.from_json({"model": "music-2.6", "lyrics": f"[Verse]\n{line}\n{line}"})


def test_a_long_real_song_is_accepted_and_plans_under_eight_minutes(long_lyric):
    lines = [line for line in long_lyric.splitlines() if line.strip() and not line.startswith("[")]
    assert len(long_lyric) > 3300 and len(lines) >= 90

    MusicRequest.from_json({"model": "music-2.6", "prompt": "pop song", "lyrics": long_lyric})

    assert compose("pop song", long_lyric, seed=0).duration_s < MAX_SONG_S


@pytest.mark.parametrize("prompt", PROMPTS)
def test_the_edge_bound_is_never_longer_than_what_compose_plans(prompt, long_lyric):
    for lyrics in (long_lyric, EXAMPLE_LYRICS, "a\n" * 150):
        planned_s = min(compose(prompt, lyrics, seed=seed).duration_s for seed in range(4))
        assert shortest_song_s(lyrics, prompt) <= planned_s


def test_a_song_planned_over_eight_minutes_is_refused_before_rendering(monkeypatch, long_lyric):
    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered a song over the cap")

    monkeypatch.setattr(engine.music, "render_score", no_rendering)

    # At 60 bpm (the fastest a sad ballad goes) the long lyric plans 15 min 17 s.
    with pytest.raises(EngineError) as caught:
        generate_music(prompt="slow sad ballad", lyrics=long_lyric, seed=0)

    assert caught.value.code == INVALID_PARAMS
    assert caught.value.message.startswith("lyrics: the song would last 15 min")
    assert caught.value.message.endswith("at most 8 minutes: shorten the lyrics")


@pytest.mark.parametrize("prompt", ["pop", "doom 40 bpm", "blues", "6/8 folk"])
def test_an_instrumental_at_the_longest_target_plans_under_the_cap(prompt):
    score = compose(prompt, None, instrumental=True, target_duration_s=MAX_TARGET_S)

    assert MAX_TARGET_S - 10 < score.duration_s <= MAX_SONG_S


def test_an_instrumental_target_over_the_cap_is_refused():
    with pytest.raises(EngineError, match="target_duration_s"):
        compose("pop", None, instrumental=True, target_duration_s=MAX_SONG_S)
