"""Checks the lyrics tests share, written against the CMU dictionary directly, not the engine's
helpers."""

from __future__ import annotations

import re

import pronouncing

from engine.lyrics import Section

_KINDS = {
    **dict.fromkeys(["P", "T", "K", "B", "D", "G"], "stop"),
    **dict.fromkeys(["F", "V", "TH", "DH", "S", "Z", "SH", "ZH", "HH", "CH", "JH"], "fricative"),
    **dict.fromkeys(["M", "N", "NG"], "nasal"),
    **dict.fromkeys(["L", "R"], "liquid"),
    **dict.fromkeys(["W", "Y"], "glide"),
}


def end_word(line: str) -> str:
    return re.findall(r"[a-z']+", line.lower())[-1].strip("'")


def _tails(word: str) -> set[tuple[str, ...]]:
    """Phones from the last stressed vowel on, stress dropped, consonants by kind."""
    tails = set()
    for phones in pronouncing.phones_for_word(word):
        parts = phones.split()
        stressed = [i for i, p in enumerate(parts) if p[-1] in "12"]
        if stressed:
            tail = parts[stressed[-1] :]
            tails.add((tail[0].rstrip("012"), *(_KINDS.get(p, p.rstrip("012")) for p in tail[1:])))
    return tails


def cmu_rhyme(a: str, b: str) -> bool:
    """Two lines rhyme when their last words differ and share a CMU rhyming part, or rhyme
    nearly: the same stressed vowel, then consonants of the same kinds ("night"/"side")."""
    x, y = end_word(a), end_word(b)

    def parts(word: str) -> set[str]:
        return {pronouncing.rhyming_part(p) for p in pronouncing.phones_for_word(word)}

    return x != y and bool(parts(x) & parts(y) or _tails(x) & _tails(y))


def sung(section: Section) -> list[str]:
    return [line.text for line in section.lines if not line.backing]


def follows_a_scheme(lines: list[str]) -> bool:
    """Four lines in AABB, ABAB or XAXA (each block of four in a longer section); three as a
    blues AAB; two as a couplet."""
    if len(lines) == 2:
        return cmu_rhyme(lines[0], lines[1])
    if len(lines) == 3:
        return lines[0] == lines[1] and cmu_rhyme(lines[0], lines[2])
    if len(lines) >= 4 and len(lines) % 4 == 0:
        return all(_four(lines[i : i + 4]) for i in range(0, len(lines), 4))
    return True


def _four(lines: list[str]) -> bool:
    aabb = cmu_rhyme(lines[0], lines[1]) and cmu_rhyme(lines[2], lines[3])
    abab = cmu_rhyme(lines[0], lines[2]) and cmu_rhyme(lines[1], lines[3])
    return aabb or abab or cmu_rhyme(lines[1], lines[3])
