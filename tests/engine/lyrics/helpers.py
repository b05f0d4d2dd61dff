"""Checks the lyrics tests share, written against the CMU dictionary directly, not the engine's
helpers."""

from __future__ import annotations

import re

import pronouncing

from engine.lyrics import Section


def end_word(line: str) -> str:
    return re.findall(r"[a-z']+", line.lower())[-1].strip("'")


def cmu_rhyme(a: str, b: str) -> bool:
    """Two lines rhyme when their last words differ and share a CMU rhyming part."""
    x, y = end_word(a), end_word(b)

    def parts(word: str) -> set[str]:
        return {pronouncing.rhyming_part(p) for p in pronouncing.phones_for_word(word)}

    return x != y and bool(parts(x) & parts(y))


def sung(section: Section) -> list[str]:
    return [line.text for line in section.lines if not line.backing]


def follows_a_scheme(lines: list[str]) -> bool:
    """Four lines in AABB, ABAB or XAXA; two lines as a couplet."""
    if len(lines) == 2:
        return cmu_rhyme(lines[0], lines[1])
    if len(lines) == 4:
        aabb = cmu_rhyme(lines[0], lines[1]) and cmu_rhyme(lines[2], lines[3])
        abab = cmu_rhyme(lines[0], lines[2]) and cmu_rhyme(lines[1], lines[3])
        return aabb or abab or cmu_rhyme(lines[1], lines[3])
    return True
