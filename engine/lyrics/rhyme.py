"""Rhymes from the CMU pronouncing dictionary, filtered to common, singable words."""

from __future__ import annotations

import re
from functools import lru_cache

import pronouncing

from engine.lyrics.lexicon import common_words, imagery
from engine.lyrics.vocabulary import lexicon


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


# Rhymes scored, for the writer: a perfect rhyme, a near one (same stressed vowel, codas of the
# same kind: "night"/"side", "rain"/"flame"), an assonance (same vowel only).
PERFECT, NEAR, ASSONANCE = 1.0, 0.75, 0.5
_CONSONANT_KINDS = {
    **dict.fromkeys(("P", "T", "K", "B", "D", "G"), "stop"),
    **dict.fromkeys(("F", "V", "TH", "DH", "S", "Z", "SH", "ZH", "HH", "CH", "JH"), "fricative"),
    **dict.fromkeys(("M", "N", "NG"), "nasal"),
    **dict.fromkeys(("L", "R"), "liquid"),
    **dict.fromkeys(("W", "Y"), "glide"),
}
# Vowels a singer can hold on a long note at a line's end: long and open ones.
_LONG_VOWELS = frozenset({"AA", "AO", "AW", "AY", "EY", "IY", "OW", "OY", "UW", "ER"})


@lru_cache(maxsize=50_000)
def _tails(word: str) -> tuple[tuple[str, ...], ...]:
    """Each pronunciation's phones from the last stressed vowel on, stress marks dropped."""
    tails = []
    for phones in pronouncing.phones_for_word(word):
        parts = phones.split()
        stressed = [i for i, p in enumerate(parts) if p[-1] in "12"]
        if stressed:
            tails.append(tuple(p.rstrip("012") for p in parts[stressed[-1] :]))
    return tuple(tails)


def stressed_vowel(word: str) -> str:
    """The last stressed vowel of a word ("AY" for "night"), "" when the dictionary lacks it."""
    tails = _tails(word)
    return tails[0][0] if tails else ""


def _near(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if a == b:
        return PERFECT
    if a[0] != b[0]:
        return 0.0
    # Consonants by kind, unstressed vowels as they are: "linger" and "window" do not rhyme.
    kinds_a = [_CONSONANT_KINDS.get(p, p) for p in a[1:]]
    kinds_b = [_CONSONANT_KINDS.get(p, p) for p in b[1:]]
    return NEAR if kinds_a == kinds_b else ASSONANCE


@lru_cache(maxsize=100_000)
def rhyme_score(a: str, b: str) -> float:
    """How well the last words of two lines rhyme: 1 perfect, 0.75 near, 0.5 assonance, 0."""
    x, y = last_word(a), last_word(b)
    if not x or not y or x == y:
        return 0.0
    if rhyme_keys(x) & rhyme_keys(y):
        return PERFECT
    return max((_near(p, q) for p in _tails(x) for q in _tails(y)), default=0.0)


@lru_cache(maxsize=50_000)
def _vowels(word: str) -> tuple[str, ...]:
    phones = pronouncing.phones_for_word(word)
    return tuple(p.rstrip("012") for p in phones[0].split() if p[-1] in "012") if phones else ()


def multisyllable(a: str, b: str) -> bool:
    """Whether two lines end on two or more syllables whose vowels match ("station"/"nation",
    "broken window"/"open window")."""
    x, y = _line_vowels(a), _line_vowels(b)
    return len(x) >= 2 and len(y) >= 2 and x[-2:] == y[-2:] and last_word(a) != last_word(b)


def _line_vowels(line: str) -> tuple[str, ...]:
    words = re.findall(r"[a-z][a-z']*", line.lower())[-2:]
    return tuple(v for w in words for v in _vowels(w.strip("'")))


def internal_rhymes(line: str) -> int:
    """Words inside a line (not its last) that rhyme, perfectly or nearly, with another word of
    the line: "the rain on the train tracks" has one."""
    words = [w.strip("'") for w in re.findall(r"[a-z][a-z']*", line.lower())]
    content = [w for w in words if len(w) > 2 and w not in _SMALL]
    found = 0
    for i, word in enumerate(content[:-1]):
        if any(rhyme_score(word, other) >= NEAR for other in content[i + 1 :]):
            found += 1
    return found


def singable_end(line: str) -> float:
    """1 when the line ends on a long, open vowel a singer can hold, less for short vowels and
    stopped codas ("night" sings better than "kick")."""
    tails = _tails(last_word(line))
    if not tails:
        return 0.5
    vowel, coda = tails[0][0], tails[0][1:]
    score = 1.0 if vowel in _LONG_VOWELS else 0.6
    if any(_CONSONANT_KINDS.get(p) == "stop" for p in coda) and len(coda) >= 1:
        score -= 0.2
    return score


_SMALL = frozenset({"the", "and", "you", "your", "her", "his", "she", "our", "was", "are", "for"})


@lru_cache(maxsize=4096)
def partners(word: str) -> int:
    """How many words a line can end on rhyme with `word`, perfectly or nearly."""
    return sum(rhyme_score(word, end) >= NEAR for end in _line_ends())


@lru_cache(maxsize=1)
def _line_ends() -> tuple[str, ...]:
    """Every word the grammar can end a line on: nouns, verb forms, adjectives, time words."""
    lex = lexicon()
    ends = {n.word.split()[-1] for n in lex.nouns.values()} | {
        n.plural.split()[-1] for n in lex.nouns.values()
    }
    for verb in lex.verbs:
        ends |= {(verb.particle or getattr(verb, f)) for f in ("base", "third", "past")}
    ends |= {a.word for a in lex.adjectives} | {t.text.split()[-1] for t in lex.times}
    return tuple(sorted(ends))
