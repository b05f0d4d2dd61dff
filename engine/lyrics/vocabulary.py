"""The writer's curated words: nouns with what they are, adjectives with the nouns they fit, verbs
with the subjects and objects they take, time phrases; read from `data/*.txt`.

The tags are selectional restrictions: "wet" fits a street or a coat, not devotion; a person holds
a letter, the rain falls on a roof. Only words listed here reach a line (plus the prompt's own
place names), so every line is made of words whose company is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pronouncing

from engine.lyrics.lexicon import imagery

_DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Noun:
    """A noun: its forms, what it is (`tags`), the scenes it belongs to, and how it is placed."""

    word: str
    plural: str
    tags: frozenset[str]
    scenes: frozenset[str]
    thing_prep: str | None = None  # things are "on" the table ...
    person_prep: str | None = None  # ... people are "at" it
    pronoun: str | None = None  # "she" or "he" for a person
    marks: frozenset[str] = frozenset()  # its tags and its own word, for `has`

    @property
    def mass(self) -> bool:
        return "mass" in self.tags

    @property
    def is_plural(self) -> bool:
        return "pl" in self.tags

    def has(self, tags: frozenset[str]) -> bool:
        """Whether the noun is one of `tags` (a tag, or the word itself: "porch_light")."""
        return not self.marks.isdisjoint(tags)


@dataclass(frozen=True)
class Adjective:
    word: str
    fits: frozenset[str]  # noun tags (or nouns) it goes with
    mood: str  # "+" bright, "-" dark, "=" either
    attributive_only: bool = False  # "neon": before a noun, never after "is"


@dataclass(frozen=True)
class Verb:
    """A verb and its frame: `vi` a person does it, `vt` a person does it to an object with one
    of `tags`, `do` a thing with one of `tags` does it (then `loc_prep` and `loc_tags` say
    where)."""

    base: str
    third: str
    past: str
    ing: str
    particle: str  # "for" in "wait for", "" for most
    frame: str
    tags: frozenset[str]
    loc_prep: str = ""
    loc_tags: frozenset[str] = frozenset()

    def form(self, name: str) -> str:
        """The form "base", "third", "past" or "ing", with its particle."""
        word = getattr(self, name)
        return f"{word} {self.particle}" if self.particle else word


@dataclass(frozen=True)
class TimePhrase:
    text: str
    tense: str  # "past", "now", "next" or "any"
    scenes: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    nouns: dict[str, Noun]
    adjectives: tuple[Adjective, ...]
    verbs: tuple[Verb, ...]
    times: tuple[TimePhrase, ...]
    _fitting: dict[str, tuple[Adjective, ...]] = field(default_factory=dict, compare=False)

    def verbs_of(self, frame: str) -> tuple[Verb, ...]:
        return tuple(verb for verb in self.verbs if verb.frame == frame)

    def adjectives_for(self, noun: Noun) -> tuple[Adjective, ...]:
        """The adjectives that fit the noun (remembered: lines ask for them often)."""
        if noun.word not in self._fitting:
            self._fitting[noun.word] = tuple(a for a in self.adjectives if noun.has(a.fits))
        return self._fitting[noun.word]


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([part.strip() for part in line.split("|")])
    return rows


def plural_of(word: str) -> str:
    """The regular plural: boxes, cities, roads."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _regular(base: str) -> tuple[str, str, str]:
    """Third person, past and -ing of a regular verb: waits, waited, waiting."""
    if base.endswith("e"):
        return base + "s", base + "d", base[:-1] + "ing"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    third = base + "es" if base.endswith(("s", "x", "z", "ch", "sh")) else base + "s"
    return third, base + "ed", base + "ing"


def _noun(row: list[str], clusters: dict[str, set[str]]) -> Noun:
    words, tags, scenes = row
    word, _, plural = words.partition("/")
    tag_set = set(tags.split())
    thing_prep = person_prep = pronoun = None
    for tag in list(tag_set):
        if tag.startswith("@"):
            thing_prep, _, person = tag[1:].partition("/")
            person_prep = None if person == "-" else (person or thing_prep)
            tag_set.discard(tag)
        elif tag in ("she", "he"):
            pronoun = tag
    return Noun(
        word=word,
        plural=plural or (word if tag_set & {"mass", "pl"} else plural_of(word)),
        tags=frozenset(tag_set),
        scenes=frozenset(scenes.split()) | frozenset(clusters.get(word, ())),
        thing_prep=thing_prep,
        person_prep=person_prep,
        pronoun=pronoun,
        marks=frozenset(tag_set) | {word.replace(" ", "_")},
    )


def _verb(row: list[str]) -> Verb:
    forms, frame, tags, location = row
    head, _, particle = forms.partition(" ")
    parts = head.split("/")
    third, past, ing = parts[1:] if len(parts) == 4 else _regular(parts[0])
    prep, _, loc_tags = location.partition(":")
    return Verb(
        base=parts[0],
        third=third,
        past=past,
        ing=ing,
        particle=particle,
        frame=frame,
        tags=frozenset(tags.split()),
        loc_prep=prep,
        loc_tags=frozenset(loc_tags.split()),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The curated words, read once."""
    clusters: dict[str, set[str]] = {}
    for name, cluster in imagery().items():
        for word in cluster["nouns"] + cluster["places"]:
            clusters.setdefault(word, set()).add(name)
    nouns = {row[0].partition("/")[0]: _noun(row, clusters) for row in _rows("nouns.txt")}
    adjectives = tuple(
        Adjective(
            word=w, fits=frozenset(fits.split()), mood=mood[0], attributive_only="attr" in mood
        )
        for w, fits, mood in _rows("adjectives.txt")
    )
    verbs = tuple(_verb(row) for row in _rows("verbs.txt"))
    times = tuple(
        TimePhrase(text=text, tense=tense, scenes=frozenset(scenes.split()))
        for text, tense, scenes in _rows("times.txt")
    )
    return Lexicon(nouns=nouns, adjectives=adjectives, verbs=verbs, times=times)


@lru_cache(maxsize=4096)
def starts_with_vowel_sound(word: str) -> bool:
    """Whether "an" goes before the word (CMU first phone; spelling otherwise)."""
    phones = pronouncing.phones_for_word(word.lower())
    if phones:
        return phones[0][0] in "AEIOU"
    return bool(re.match(r"[aeiou]", word.lower()))


def article(word: str) -> str:
    return "an" if starts_with_vowel_sound(word) else "a"
