"""Syllables of lyric lines: counts and stress from the CMU pronouncing dictionary, a heuristic
otherwise."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pronouncing

WORDS = json.loads((Path(__file__).parent / "data" / "words.json").read_text(encoding="utf-8"))
# Monosyllables a singer does not lean on, whatever the dictionary marks them.
FUNCTION_WORDS = frozenset(WORDS["function_words"])
_SMALL_NUMBERS = WORDS["numbers"]
_TENS = WORDS["tens"]
_TOKEN = re.compile(r"[A-Za-z][A-Za-z']*|\d+")
_DIGRAPHS_LEFT = ("ng", "ck")
# Consonant pairs a syllable starts with ("fa-ther", "um-brel-la"), so a cut goes before them.
_DIGRAPHS_RIGHT = ("th", "sh", "ch", "ph", "wh") + (
    "bl",
    "br",
    "cl",
    "cr",
    "dr",
    "fl",
    "fr",
    "gl",
    "gr",
    "pl",
    "pr",
    "tr",
)


@dataclass(frozen=True)
class Syllable:
    """One syllable: its written chunk, the word it belongs to, the word's index in the line,
    stress."""

    text: str
    word: str
    word_index: int
    stressed: bool


def _number_words(token: str) -> list[str]:
    value = int(token)
    if value < 20:
        return [_SMALL_NUMBERS[value]]
    if value < 100:
        return [_TENS[value // 10]] + ([_SMALL_NUMBERS[value % 10]] if value % 10 else [])
    return [_SMALL_NUMBERS[int(d)] for d in token]


@lru_cache(maxsize=50_000)
def _stresses(word: str) -> str:
    """Stress digits per syllable ("10" for "rainy"); heuristic for words the dictionary lacks."""
    lower = word.lower()
    variants = [lower, lower.strip("'")]
    if lower.endswith("in'"):
        variants.append(lower[:-1] + "g")  # singin' -> singing
    for variant in variants:
        phones = pronouncing.phones_for_word(variant)
        if phones:
            return pronouncing.stresses(phones[0]) or "1"
    count = _heuristic_count(lower.strip("'"))
    return "1" + "0" * (count - 1)


def _heuristic_count(word: str) -> int:
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # silent final e
    if (
        word.endswith(("es", "ed"))
        and count > 1
        and not word.endswith(("ted", "ded", "ses", "zes", "ces", "ges"))
    ):
        count -= 1
    return max(1, count)


def _word_stresses(word: str) -> list[bool]:
    digits = _stresses(word)
    if len(digits) == 1:
        return [word.lower() not in FUNCTION_WORDS]
    return [digit in "12" for digit in digits]


def _split_word(word: str, n: int) -> list[str]:
    """Cut a written word into `n` chunks at vowel-group boundaries ("rainy" -> "rain", "y")."""
    if n <= 1 or len(word) < n:
        return [word] if n <= 1 else list(word[: n - 1]) + [word[n - 1 :]]
    lower = word.lower()
    groups = [m.span() for m in re.finditer(r"[aeiou]+|(?<=[^aeiou])y(?![aeiou])", lower)]
    if (
        groups
        and lower.endswith("e")
        and groups[-1] == (len(lower) - 1, len(lower))
        and len(groups) > n
    ):
        groups.pop()  # silent final e
    lone_e = [k for k, (a, b) in enumerate(groups) if k and lower[a:b] == "e"]
    while len(groups) > n and lone_e:  # elided e: "ev(e)rything", "fir(e)"
        groups.pop(lone_e.pop())
    while len(groups) > n:  # merge the closest pair
        gap, i = min((groups[k + 1][0] - groups[k][1], k) for k in range(len(groups) - 1))
        groups[i : i + 2] = [(groups[i][0], groups[i + 1][1])]
    if len(groups) < n:
        size = len(word) / n
        cuts = [round(size * k) for k in range(1, n)]
    else:
        cuts = []
        for k in range(n - 1):
            end, start = groups[k][1], groups[k + 1][0]
            consonants = lower[end:start]
            if len(consonants) <= 1:
                cuts.append(end)
            elif consonants[:2] in _DIGRAPHS_LEFT:
                cuts.append(end + 2)
            elif consonants in _DIGRAPHS_RIGHT:
                cuts.append(end)
            else:
                cuts.append(end + 1)
    bounds = [0, *cuts, len(word)]
    return [word[bounds[k] : bounds[k + 1]] for k in range(n)]


def _words(text: str) -> list[tuple[str, list[str]]]:
    """(written token, words to pronounce) for each token of a line."""
    tokens = []
    for token in _TOKEN.findall(text):
        tokens.append((token, _number_words(token) if token.isdigit() else [token]))
    return tokens


def spoken_words(text: str) -> list[str]:
    """The words a line is sung as, numbers said digit by digit or as tens ("21" -> twenty one)."""
    return [word for _, spoken in _words(text) for word in spoken]


def count_syllables(text: str) -> int:
    """Syllables in a line or a word (CMU dictionary; a heuristic for unknown words)."""
    return sum(len(_stresses(word)) for _, spoken in _words(text) for word in spoken)


def syllabify_line(text: str) -> list[Syllable]:
    """The syllables of a line in order (parentheses ignored), with stress."""
    syllables: list[Syllable] = []
    for word_index, (token, spoken) in enumerate(_words(text)):
        stresses = [stress for word in spoken for stress in _word_stresses(word)]
        chunks = _split_word(token, len(stresses)) if len(spoken) == 1 else [token] * len(stresses)
        syllables.extend(
            Syllable(text=chunk, word=token, word_index=word_index, stressed=stressed)
            for chunk, stressed in zip(chunks, stresses, strict=True)
        )
    return syllables
