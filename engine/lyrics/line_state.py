"""The people a line is sung by and to, how a section speaks, a written line, and the state of a
line being written: the types the phrase grammar and its slots share."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.lyrics.rhyme import NEAR, rhyme_score
from engine.lyrics.vocabulary import Adjective


@dataclass(frozen=True)
class Person:
    """Who a line is sung by or about: pronouns and how a verb agrees with them."""

    subject: str
    object: str
    possessive: str
    third_singular: bool


PEOPLE = {
    "i": Person("I", "me", "my", False),
    "you": Person("you", "you", "your", False),
    "she": Person("she", "her", "her", True),
    "he": Person("he", "him", "his", True),
    "we": Person("we", "us", "our", False),
    "they": Person("they", "them", "their", False),
}


@dataclass(frozen=True)
class Voice:
    """How a section speaks: who sings, to or of whom, in which tense and mood."""

    speaker: Person
    other: Person
    tense: str = "now"  # now | past | next
    mood: str = "="  # + bright, - dark, = either
    character: str = ""  # "my grandmother": the noun phrase {P} names first
    verbs: frozenset[str] = frozenset()  # what happened: the verbs {ev} draws, others favour
    feels: frozenset[str] = frozenset()  # what one sings to the other: the verbs {vp} draws
    unsung: frozenset[str] = frozenset()  # never done to the other: a father is not kissed
    when: str = ""  # the song's time phrase ({when})


@dataclass(frozen=True)
class Line:
    """A written line and the concrete nouns (images) it names."""

    text: str
    images: frozenset[str]
    template: str


@dataclass
class LineState:
    """What a line being written holds so far: its voice, the words it took, the rhyme it ends
    on."""

    voice: Voice
    taken: set[str] = field(default_factory=set)  # nouns of this line
    adjectives: set[str] = field(default_factory=set)  # adjectives of this line
    stays: bool = False  # the last verb moves away ("drive away"): no place follows
    agrees_third: bool = False  # the last subject is he/she/it
    subject: Person | None = None
    rhyme: str = ""  # the word the line's last word should rhyme with, if any
    final: bool = False  # the slot being filled ends the line


def rhymes_with(rhyme: str, word: str) -> bool:
    """Whether `word` ends on a rhyme (perfect or near) for `rhyme`; any word when none is
    asked for."""
    return not rhyme or rhyme_score(rhyme, word) >= NEAR


def mood_fits(adjective: Adjective, mood: str) -> bool:
    return mood == "=" or adjective.mood in (mood, "=")
