"""What a song tells, planned from the prompt as a songwriter would: who sings to or of whom and
what they are to each other (a bond from `data/bonds.json`: lovers, family, friends), where (one
setting and its things), when, what happened (an event from `data/events.json`), in which mood,
and the concrete nouns (images) it may use: the prompt's own and its setting's."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from engine.lyrics.lexicon import Theme, styles, tokens
from engine.lyrics.settings import Setting, setting_for
from engine.lyrics.vocabulary import Noun, lexicon

_DATA = Path(__file__).parent / "data"
_PLURAL_PEOPLE = "they"
_PRONOUNS = {"she": ("she", "her"), "he": ("he", "his", "him")}
# The prompt's own nouns are drawn most, then the setting's main place, its other places, its
# things.
_FOCUS_WEIGHT = 6.0
_MAIN_PLACE_WEIGHT = 3.0
_PLACE_WEIGHT = 2.0
_THING_WEIGHT = 1.5
_TYPICAL = 3.0
_EVERYWHERE_WEIGHT = 0.5  # hands, a key, a letter: there for the rhyme, not the scene
_SUFFIXES = ("y", "s", "es", "ing", "ed", "ey")  # "rainy" names the rain, "ballad" no ball


@dataclass(frozen=True)
class Event:
    """What happened: the verbs of its happening and the verbs one sings to another about it."""

    name: str
    words: frozenset[str]
    happens: frozenset[str]  # verb keys: "leave", "drive away"
    feels: frozenset[str]


def _verb_keys(text: str) -> frozenset[str]:
    return frozenset(v.replace("_", " ") for v in text.split())


@lru_cache(maxsize=1)
def events() -> dict[str, Event]:
    raw = json.loads((_DATA / "events.json").read_text(encoding="utf-8"))

    return {
        name: Event(
            name,
            frozenset(row["words"].split()),
            _verb_keys(row["happens"]),
            _verb_keys(row["feels"]),
        )
        for name, row in raw.items()
        if not name.startswith("_")
    }


@dataclass(frozen=True)
class Bond:
    """What the other person is to the singer, and what that allows a song to sing to them."""

    name: str
    words: frozenset[str]
    feels: frozenset[str]  # sung to them besides the event's verbs
    never: frozenset[str]  # never sung to them, whatever happened: a father is not kissed
    bright: str  # the event of a bright song that names none (lovers: "love")


LOVERS = Bond("lovers", frozenset(), frozenset(), frozenset(), "love")


@lru_cache(maxsize=1)
def bonds() -> dict[str, Bond]:
    raw = json.loads((_DATA / "bonds.json").read_text(encoding="utf-8"))
    return {"lovers": LOVERS} | {
        name: Bond(
            name,
            frozenset(row["words"].split()),
            _verb_keys(row["feels"]),
            _verb_keys(row["never"]),
            row["bright"],
        )
        for name, row in raw.items()
        if not name.startswith("_")
    }


def bond_of(words: list[str]) -> Bond:
    """The bond the prompt's first bond word names ("my father's", "two brothers", "with
    friends"), else lovers."""
    for word in words:
        word = word.removesuffix("'s")
        for bond in bonds().values():
            if word in bond.words or (word.endswith("s") and word[:-1] in bond.words):
                return bond
    return LOVERS


@dataclass(frozen=True)
class Story:
    """The song's who, where, when, what and mood; `nouns` are its images (the prompt's first,
    then its setting's)."""

    scenes: tuple[str, ...]  # the theme's imagery clusters
    setting: Setting
    when: str  # the time phrase verse 1 sets the scene at: "tonight"
    nouns: tuple[Noun, ...]
    weights: tuple[float, ...]  # how often each noun is drawn
    focus: tuple[Noun, ...]  # the prompt's own nouns, for the hook
    places: tuple[Noun, ...]  # the prompt's place names ("Lisbon")
    other: str  # whom the song is sung to or of: "you", "she", "he", "they"
    character: str  # "my grandmother" when the prompt names someone, else ""
    event: str
    mood: str  # + bright, - dark, = either
    bond: Bond = LOVERS

    @property
    def verbs(self) -> frozenset[str]:
        """The verbs of what happened (keys such as "drive away"), as the bond allows."""
        return events()[self.event].happens - self.bond.never

    @property
    def feels(self) -> frozenset[str]:
        """The verbs the hook and chorus sing to the other person: the event's and the bond's,
        less what the bond never sings."""
        return (events()[self.event].feels | self.bond.feels) - self.bond.never


def _lexicon_noun(word: str) -> Noun | None:
    """The lexicon's noun for a word, its plural or its possessive ("my mother's kitchen")."""
    word = word.removesuffix("'s")
    nouns = lexicon().nouns
    if word in nouns:
        return nouns[word]
    return next((n for n in nouns.values() if n.plural == word), None)


def _proper_places(prompt: str) -> tuple[Noun, ...]:
    """Capitalised words of the prompt the lexicon does not know, after "in" or "to": places."""
    names = re.findall(r"\b(?:in|to|from|of|over)\s+([A-Z][a-z]+)\b", prompt)
    return tuple(
        Noun(
            word=name,
            plural=name,
            tags=frozenset({"place", "proper", "out"}),
            marks=frozenset({"place", "proper", "out", name}),
            scenes=frozenset(),
            thing_prep="in",
            person_prep="in",
        )
        for name in dict.fromkeys(names)
        if _lexicon_noun(name.lower()) is None
    )


def _event_of(words: list[str]) -> str:
    """The event most of the prompt's words name (the first named, when they tie), else ""."""
    counts = {name: sum(w in e.words for w in words) for name, e in events().items()}
    best = max(counts.values())
    if not best:
        return ""
    firsts = {
        name: min(i for i, w in enumerate(words) if w in events()[name].words)
        for name, count in counts.items()
        if count == best
    }
    return min(firsts, key=firsts.get)


def _mood(style_tags: str, event: str) -> str:
    tags = set(style_tags.split(", "))
    if tags & set(styles()["bright_moods"]):
        return "+"
    if tags & set(styles()["dark_moods"]) or event in ("loss", "leaving"):
        return "-"
    return "+" if event in ("love", "celebration", "homecoming") else "="


def read_story(prompt: str, theme: Theme, style_tags: str, rng: random.Random) -> Story:
    """The story of a prompt: its own nouns, the character it names, what happened (from its
    words, else its mood), the setting it names (else its theme's) with its things, and when."""
    words = tokens(prompt)
    about = words.index("about") + 1 if "about" in words else 0
    ordered = words[about:] + words[:about]
    focus: list[Noun] = []
    character = ""
    other = "you"
    for i, word in enumerate(ordered):
        noun = _lexicon_noun(word)
        if noun is None or noun in focus:
            continue
        focus.append(noun)
        if "person" in noun.tags and not character:
            plural = word == noun.plural and word != noun.word
            before = ordered[i - 1] if i else ""
            det = "my" if before == "my" else "the"
            character = f"{det} {noun.plural if plural else noun.word}"
            other = _PLURAL_PEOPLE if plural else (noun.pronoun or "she")
    if not character:  # "a letter she never sent": she is whom the song is of
        other = next((p for w in ordered for p in ("she", "he") if w in _PRONOUNS[p]), other)
    event = _event_of(ordered)
    mood = _mood(style_tags, event)
    bond = bond_of(ordered)
    if not event:
        event = {"+": bond.bright, "-": "loss"}.get(mood, "memory")
    for noun in lexicon().nouns.values():  # "rainy" names the rain, "stormy" the storm
        named = any(w.startswith(noun.word) and w[len(noun.word) :] in _SUFFIXES for w in ordered)
        if named and len(noun.word) >= 4 and noun not in focus and "person" not in noun.tags:
            focus.append(noun)
    things = [n for n in focus if "person" not in n.tags]
    setting = setting_for(ordered, theme.clusters, rng)
    nouns, weights = list(things), [_FOCUS_WEIGHT] * len(things)
    for i, noun in enumerate(setting.field):
        if noun in things:
            continue
        nouns.append(noun)
        if noun in setting.places:
            weights.append(_MAIN_PLACE_WEIGHT if i == 0 else _PLACE_WEIGHT)
        elif noun.word in setting.everywhere:
            weights.append(_EVERYWHERE_WEIGHT)
        else:  # the things most its own (a winter house's snow) before the others
            typical = bool(noun.scenes & set(setting.scenes))
            weights.append(_THING_WEIGHT * (_TYPICAL if typical else 1.0))
    present = [t.text for t in lexicon().times if t.text in setting.times and t.tense != "past"]
    # The prompt's own time when it names one: "at dawn", "in the morning", "at midnight".
    named = [t for t in present if set(tokens(t)) & set(words)]
    return Story(
        scenes=theme.clusters,
        setting=setting,
        when=rng.choice(named or present or ["tonight"]),
        nouns=tuple(nouns),
        weights=tuple(weights),
        focus=tuple(things),
        places=_proper_places(prompt),
        other=other,
        character=character,
        event=event,
        mood=mood,
        bond=bond,
    )
