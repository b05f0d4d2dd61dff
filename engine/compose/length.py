"""How long a song may be, checked before anything is rendered.

Rendering costs memory and time in proportion to the song's length (a 665 s song took 1.84 GB),
and lyrics set the length: every sung line is a phrase of two bars or more. So a song is capped at
MAX_SONG_S, and a sung line at MAX_LINE_SYLLABLES. Two checks share the cap: `check_lyrics` at the
edge, before a job exists, with a bound that needs neither the pronouncing dictionary nor a seed;
and `check_song_length` on the composed score, before rendering.
"""

from __future__ import annotations

from engine.compose.form import sung_form
from engine.compose.style import fastest_bpm, parse_style
from engine.compose.theory import Meter
from engine.errors import invalid_params
from engine.lyrics.sections import is_tag
from engine.lyrics.syllables import Syllable, count_syllables, spoken_words

MAX_SONG_S = 480.0  # 8 minutes, Suno's limit too
# A long rap line has 16-20 syllables; past 24 a line is a paragraph, sung at a gabble.
MAX_LINE_SYLLABLES = 24


def check_lyrics(lyrics: str, prompt: str) -> None:
    """2013 naming `lyrics` if the song would last over MAX_SONG_S whatever the seed, or if a
    sung line has more than MAX_LINE_SYLLABLES syllables (naming the line)."""
    shortest_s = shortest_song_s(lyrics, prompt)
    if shortest_s > MAX_SONG_S:
        raise invalid_params(
            f"lyrics: the song would last at least {_minutes(shortest_s)}; "
            f"at most {MAX_SONG_S / 60:g} minutes: shorten the lyrics"
        )
    check_sung_lines(lyrics)


def check_sung_lines(lyrics: str) -> None:
    """2013 naming the first line (1-based) with more than MAX_LINE_SYLLABLES syllables."""
    for number, line in enumerate(lyrics.splitlines(), start=1):
        if is_tag(line):
            continue
        syllables = count_syllables(line)
        if syllables > MAX_LINE_SYLLABLES:
            raise invalid_params(
                f"lyrics: line {number} has {syllables} syllables, at most {MAX_LINE_SYLLABLES} "
                "in a sung line: split it"
            )


def check_song_length(duration_s: float, *, field: str, advice: str) -> None:
    """2013 naming `field` if a composed song lasts over MAX_SONG_S; `advice` says what to do."""
    if duration_s > MAX_SONG_S:
        raise invalid_params(
            f"{field}: the song would last {_minutes(duration_s)}; "
            f"at most {MAX_SONG_S / 60:g} minutes: {advice}"
        )


def shortest_song_s(lyrics: str, prompt: str) -> float:
    """A lower bound of the seconds `compose` gives these lyrics, for any seed: the form planner's
    bars with a syllable per word (a word has at least one) at the fastest tempo of `prompt`."""
    style = parse_style(prompt)  # genre and meter do not depend on the seed; the tempo does
    meter = Meter(*style.time_signature)
    plans = sung_form(lyrics, meter, genre=style.genre, syllabify=_one_syllable_a_word)
    if not any(plan.has_vocals for plan in plans):
        return 0.0  # no sung line: an instrumental form of at most a few minutes
    bars = sum(plan.bars for plan in plans)
    return bars * meter.beats_per_bar * 60.0 / fastest_bpm(prompt)


def _one_syllable_a_word(line: str) -> list[Syllable]:
    return [
        Syllable(text=word, word=word, word_index=i, stressed=True)
        for i, word in enumerate(spoken_words(line))
    ]


def _minutes(duration_s: float) -> str:
    minutes, seconds = divmod(round(duration_s), 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
