"""The form of a song: its sections in order, each with its bars, its sung lines and its energy."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from engine.compose.melody import phrase_bars
from engine.compose.theory import Meter
from engine.lyrics import Syllable, parse_sections, syllabify_line

# Bars of a section that has no lines, by kind.
INSTRUMENTAL_BARS = {"intro": 4, "outro": 4, "inst": 8, "solo": 8, "break": 4, "interlude": 4, "transition": 2,
                     "pre_chorus": 4, "build_up": 4, "hook": 4, "post_chorus": 4}  # fmt: skip
# How full the band plays, 0-1: the song grows from intro to the last chorus.
ENERGY = {"intro": 0.45, "verse": 0.5, "pre_chorus": 0.7, "chorus": 0.9, "post_chorus": 0.85, "hook": 0.9,
          "bridge": 0.62, "break": 0.4, "build_up": 0.75, "inst": 0.8, "solo": 0.88, "interlude": 0.55,
          "transition": 0.5, "outro": 0.5}  # fmt: skip
COUNT_IN_BARS = 1  # before a song whose lyrics open with a sung section
LENGTH_S = {"short": 90.0, "normal": 150.0, "extended": 240.0}


@dataclass(frozen=True)
class SungLine:
    """A lyric line with its syllables and whether it is a backing vocal."""

    text: str
    syllables: tuple[Syllable, ...]
    backing: bool


@dataclass(frozen=True)
class SectionPlan:
    """One section to arrange; `lines` empty for an instrumental one, `theme` names its instrumental
    tune."""

    kind: str
    label: str
    bars: int
    energy: float
    lines: tuple[SungLine, ...] = ()
    bars_per_line: int = 0
    theme: str = "A"

    @property
    def has_vocals(self) -> bool:
        return bool(self.lines)


def sung_form(
    lyrics: str,
    meter: Meter,
    *,
    genre: str,
    syllabify: Callable[[str], list[Syllable]] = syllabify_line,
) -> list[SectionPlan]:
    """Sections as the lyric tags give them; a sung last section gets one more bar to end on, and
    a sung first one a bar of the band before it, to count the singer in (and to give the first
    word's consonants time before its note).

    `syllabify` cuts a line into syllables (a cheaper count can bound the form's length)."""
    plans: list[SectionPlan] = []
    verses = 0
    for section in parse_sections(lyrics):
        lines = tuple(
            SungLine(text=line.text, syllables=tuple(syllables), backing=line.backing)
            for line in section.lines
            if (syllables := syllabify(line.text))
        )
        energy = ENERGY.get(section.kind, 0.6)
        if section.kind == "verse":
            energy = min(0.66, energy + 0.08 * verses)
            verses += 1
        if lines:
            # A blues line is four bars: three lines make the twelve-bar form.
            at_least = 4 if genre == "blues" and len(lines) == 3 else 2
            per_line = phrase_bars(
                [len(line.syllables) for line in lines], meter, at_least=at_least
            )
            plans.append(
                SectionPlan(
                    section.kind, section.label, per_line * len(lines), energy, lines, per_line
                )
            )
        else:
            bars = INSTRUMENTAL_BARS.get(section.kind, 8)
            if genre == "blues" and bars >= 8:
                bars = 12
            plans.append(
                SectionPlan(
                    section.kind, section.label, bars, energy, theme=_theme_of(section.kind)
                )
            )
    plans = _lift_last_chorus(plans)
    if plans and plans[0].has_vocals:
        plans.insert(0, SectionPlan("intro", "Intro", COUNT_IN_BARS, ENERGY["intro"]))
    return plans


def _theme_of(kind: str) -> str:
    return "B" if kind in ("solo", "bridge", "break") else "A"


def _lift_last_chorus(plans: list[SectionPlan]) -> list[SectionPlan]:
    choruses = [i for i, p in enumerate(plans) if p.kind == "chorus"]
    if len(choruses) > 1:
        last = plans[choruses[-1]]
        plans[choruses[-1]] = SectionPlan(
            last.kind, last.label, last.bars, 1.0, last.lines, last.bars_per_line, last.theme
        )
    if plans and plans[-1].has_vocals:
        last = plans[-1]
        plans[-1] = SectionPlan(
            last.kind, last.label, last.bars + 1, last.energy, last.lines, last.bars_per_line
        )
    return plans


def instrumental_form(
    bar_s: float, *, length: str, target_duration_s: float | None, genre: str
) -> list[SectionPlan]:
    """Intro, themes, a development and an ending, about `target_duration_s` (else 1.5-4 min by length).

    Themes come as A, then B and the development in turn, and A again to close (with three or more).
    """
    seconds = target_duration_s if target_duration_s else LENGTH_S[length]
    total = max(3, round(seconds / bar_s))
    if total < 12:
        intro = outro = 1
    else:
        intro = outro = 4 if total >= 32 else 2
    body = total - intro - outro
    sizes = _blocks(body, _block_bars(body, bar_s, genre))
    first = ("inst", "Theme A", "A", 0.7)
    middle = [("inst", "Theme B", "B", 0.85), ("solo", "Development", "C", 0.9)]
    reprise = ("inst", "Theme A", "A", 1.0)
    plans = [SectionPlan("intro", "Intro", intro, 0.45, theme="A")]
    for i, bars in enumerate(sizes):
        if i == 0:
            kind, label, theme, energy = first
        elif i == len(sizes) - 1 and len(sizes) >= 3:
            kind, label, theme, energy = reprise
        else:
            kind, label, theme, energy = middle[(i - 1) % 2]
        plans.append(SectionPlan(kind, label, bars, energy, theme=theme))
    plans.append(SectionPlan("outro", "Outro", outro, 0.5, theme="A"))
    return plans


def _block_bars(body: int, bar_s: float, genre: str) -> int:
    """Bars of one theme: the blues chorus of twelve, else 8 (16 when 8 bars pass in under 12 s)."""
    if genre == "blues" and body >= 12:
        return 12
    if body >= 32 and bar_s * 8 < 12.0:
        return 16
    if body >= 16:
        return 8
    return max(2, body // 2) if body >= 4 else body


def _blocks(body: int, block: int) -> list[int]:
    """`body` bars cut into blocks of `block`; the last takes what is left (at least two bars)."""
    count = max(1, math.ceil(body / block - 0.25))
    sizes = [block] * (count - 1) + [body - block * (count - 1)]
    if len(sizes) > 1 and sizes[-1] < 2:
        sizes[-2] += sizes.pop()
    return sizes
