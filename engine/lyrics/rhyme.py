"""Rhymes from the CMU pronouncing dictionary, filtered to common, singable words."""

from __future__ import annotations

import re
from functools import lru_cache

import pronouncing

from engine.lyrics.lexicon import common_words, imagery


def last_word(text: str) -> str:
    """The last word of a line or phrase, lower case, without punctuation."""
    words = re.findall(r"[a-z][a-z']*", text.lower())
    return words[-1].strip("'") if words else ""


@lru_cache(maxsize=50_000)
def rhyme_keys(word: str) -> frozenset[str]:
    """The rhyming parts (last stressed vowel onwards) of every pronunciation of `word`.

    A part that is a lone vowel with secondary stress ("Sun-DAY" -> "EY2") rhymes too loosely to count."""
    keys = set()
    for phones in pronouncing.phones_for_word(word):
        part = pronouncing.rhyming_part(phones)
        if " " in part or part.endswith("1"):
            keys.add(part)
        primary = phones.split()
        last = max((i for i, p in enumerate(primary) if p.endswith("1")), default=None)
        if last is not None:
            keys.add(" ".join(primary[last:]))
    return frozenset(keys)


def rhymes(a: str, b: str) -> bool:
    """Whether the last words of two lines rhyme: same rhyming part, not the same word (nor one
    inside the other)."""
    x, y = last_word(a), last_word(b)
    if not x or not y or x == y:
        return False
    return bool(rhyme_keys(x) & rhyme_keys(y))


@lru_cache(maxsize=1)
def singable_words() -> tuple[str, ...]:
    """Every single word of the shipped lexicon, in order of listing (theme imagery, then common
    words)."""
    words: list[str] = []
    for cluster in imagery().values():
        for key in ("nouns", "adjectives", "verbs", "places", "times"):
            words.extend(w for w in cluster[key] if " " not in w)
    for pos in ("n", "a", "vi", "vt"):
        words.extend(w for w in common_words()[pos] if " " not in w)
    return tuple(dict.fromkeys(words))


def _plain(word: str) -> bool:
    return word.isalpha() and 4 <= len(word) <= 9


def _inflections(word: str) -> int:
    """How many inflected forms of `word` the dictionary has: real words have some, names and
    acronyms few."""
    stem = word[:-1] if word.endswith("e") else word
    forms = {
        word + "s",
        word + "ed",
        word + "d",
        stem + "ing",
        word + "er",
        word + "ly",
        word + "ness",
    }
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    return sum(1 for form in forms if pronouncing.phones_for_word(form))


def rhymes_for(word: str, limit: int = 20) -> list[str]:
    """Words that rhyme with `word`, common singable words first, then other plain dictionary words."""
    target = last_word(word)
    keys = rhyme_keys(target)
    if not keys or limit <= 0:
        return []
    common = [w for w in singable_words() if w != target and rhymes(target, w)]
    known = set(common)
    scored = [
        (w, _inflections(w))
        for w in set(pronouncing.rhymes(target))
        if _plain(w) and w not in known
    ]
    others = [
        w for w, score in sorted(scored, key=lambda ws: (-ws[1], len(ws[0]), ws[0])) if score >= 2
    ]
    return (common + others)[:limit]
