"""Lines from a typed phrase grammar: a template's slots are phrases (a subject, a verb that agrees
with it, an object the verb can take, a place, a time), filled from the curated words.

Slots: {S} the singer, {O} the other person, {P} the song's character ("my grandmother", else the
other person), {vi}/{vt} a verb of a person agreeing with the last subject (vt brings an object it
can take), {act} a thing doing what it does ("the rain falls on the roof"), {there} a thing in its
place, {pred} a thing and an adjective that fits it, {loc} where a person is, {at} where a thing
is, {time} a time phrase of the tense, {poss}/{me} the singer's, {oposs}/{them} the other's.
A verb slot may name its form: {vt.base}, {vi.past}, {vt.ing}, {vt.now}.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from engine.lyrics.vocabulary import Adjective, Noun, Verb, article, lexicon

_SLOT = re.compile(r"\{(\w+)(?:\.(\w+))?\}")
_FAMILY = frozenset(
    {"mother", "father", "grandmother", "grandfather", "brother", "sister", "daughter", "son"}
)
_ADJECTIVE_CHANCE = 0.4
# What a person can own: "my coat", "your guitar"; never "my sign", "your rain".
_OWNABLE = frozenset({"thing", "clothing", "instrument", "vehicle", "paper", "drink"})


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
    verbs: frozenset[str] = frozenset()  # the story's verbs, drawn more often


@dataclass(frozen=True)
class Line:
    """A written line and the concrete nouns (images) it names."""

    text: str
    images: frozenset[str]
    template: str


@dataclass
class _Render:
    voice: Voice
    taken: set[str] = field(default_factory=set)  # nouns of this line
    adjectives: set[str] = field(default_factory=set)  # adjectives of this line
    stays: bool = False  # the last verb moves away ("drive away"): no place follows
    agrees_third: bool = False  # the last subject is he/she/it
    subject: Person | None = None


class PhraseMaker:
    """Fills templates with the song's nouns (`pool`, drawn by `weights`) and the lexicon's
    verbs and adjectives; `avoid` holds the images already sung."""

    def __init__(
        self,
        pool: Sequence[Noun],
        weights: Sequence[float],
        rng: random.Random,
        *,
        places: Sequence[Noun] = (),
    ):
        self.rng = rng
        self.lex = lexicon()
        self.pool = list(pool)
        self.places = list(places)  # the prompt's own place names ("Lisbon")
        self.avoid: set[str] = set()
        self._weights = list(weights)
        self._everything = list(self.lex.nouns.values())
        self._fitting: dict[tuple, tuple[list, list]] = {}
        # The things this song has that do something ("the rain falls"): the verbs for them.
        self._doings = tuple(
            v for v in self.lex.verbs_of("do") if any(n.has(v.tags) for n in self.pool)
        )

    def render(self, template: str, voice: Voice) -> Line | None:
        """The template with every slot filled, or None when a slot has no words that fit."""
        state = _Render(voice=voice)
        parts: list[str] = []
        position = 0
        for match in _SLOT.finditer(template):
            parts.append(template[position : match.start()])
            filled = self._slot(match.group(1), match.group(2), state)
            if filled is None:
                return None
            parts.append(filled)
            position = match.end()
        parts.append(template[position:])
        return Line(text=_polish("".join(parts)), images=frozenset(state.taken), template=template)

    # -- nouns --------------------------------------------------------------------------------

    def noun(self, key: tuple, fits: Callable[[Noun], bool], state: _Render) -> Noun | None:
        """A noun of the song for which `fits` holds (`key` names the test, to remember its
        answer), not yet in this line nor sung before; the whole lexicon when the song's own
        nouns have none left."""
        if key not in self._fitting:
            self._fitting[key] = (
                [(n, w) for n, w in zip(self.pool, self._weights, strict=True) if fits(n)],
                [(n, 1.0) for n in self._everything if fits(n)],
            )
        for source in self._fitting[key]:
            choices = [
                (noun, weight)
                for noun, weight in source
                if noun.word not in state.taken and noun.word not in self.avoid
            ]
            if choices:
                nouns, weights = zip(*choices, strict=True)
                noun = self.rng.choices(nouns, weights)[0]
                state.taken.add(noun.word)
                return noun
        return None

    def _adjective(self, noun: Noun, state: _Render, *, predicative: bool = False) -> str:
        fitting = [
            adj
            for adj in self.lex.adjectives_for(noun)
            if _mood_fits(adj, state.voice.mood)
            and not (predicative and adj.attributive_only)
            and adj.word not in noun.word
            and adj.word not in state.adjectives
        ]
        if not fitting:
            return ""
        word = self.rng.choice(fitting).word
        state.adjectives.add(word)
        return word

    def _np(self, noun: Noun, state: _Render, *, role: str = "object") -> str:
        """A noun phrase: determiner, maybe an adjective that fits, the noun."""
        if "proper" in noun.tags:
            return noun.word
        voice = state.voice
        adjective = self._adjective(noun, state) if self.rng.random() < _ADJECTIVE_CHANCE else ""
        head = f"{adjective} {noun.word}" if adjective else noun.word
        if "body" in noun.tags:
            owner = voice.other if state.subject is voice.speaker else voice.speaker
            return f"{owner.possessive} {head}"
        if noun.word in _FAMILY:
            return f"{voice.speaker.possessive} {head}"
        options = ["the"]
        if noun.tags & {"place", "fixture"} or role == "place":
            return f"the {head}"
        if role == "object" and noun.tags & _OWNABLE:
            options += [voice.speaker.possessive, voice.other.possessive]
        if noun.mass or noun.is_plural:
            if role == "object":
                options.append("")
        elif "unique" not in noun.tags:
            options.append(article(head))
        det = self.rng.choice(options)
        return f"{det} {head}".strip()

    def _place(self, state: _Render, prep_of: str) -> str | None:
        """A place phrase: "at the station", "in Lisbon" (the prompt's place names first)."""
        if self.places and self.rng.random() < 0.3:
            place = self.rng.choice(self.places)
            if place.word not in state.taken:
                state.taken.add(place.word)
                return f"in {place.word}"
        noun = self.noun(("place", prep_of), lambda n: getattr(n, prep_of) is not None, state)
        if noun is None:
            return None
        return f"{getattr(noun, prep_of)} {self._np(noun, state, role='place')}"

    # -- verbs --------------------------------------------------------------------------------

    def _verb(self, frame: str, state: _Render) -> Verb | None:
        verbs = self.lex.verbs_of(frame)
        if not verbs:
            return None
        preferred = state.voice.verbs
        weights = [4.0 if v.base in preferred else 1.0 for v in verbs]
        return self.rng.choices(verbs, weights)[0]

    def _form(self, verb: Verb, form: str | None, state: _Render) -> str:
        tense = form or state.voice.tense
        if tense in ("base", "past", "ing"):
            return verb.form(tense)
        if tense == "next":
            return f"will {verb.form('base')}"
        if tense == "past":
            return verb.form("past")
        return verb.form("third" if state.agrees_third else "base")

    def _object(self, verb: Verb, state: _Render) -> str | None:
        voice = state.voice
        if "person" in verb.tags and self.rng.random() < 0.35:
            return (voice.other if state.subject is voice.speaker else voice.speaker).object
        tags = verb.tags - {"person"}
        noun = self.noun(("has", tags), lambda n: n.has(tags), state)
        return None if noun is None else self._np(noun, state)

    # -- slots --------------------------------------------------------------------------------

    def _slot(self, name: str, form: str | None, state: _Render) -> str | None:
        voice = state.voice
        if name in ("S", "O"):
            person = voice.speaker if name == "S" else voice.other
            state.subject, state.agrees_third = person, person.third_singular
            return person.subject
        if name == "P":
            state.subject, state.agrees_third = voice.other, voice.other.third_singular
            return voice.character or voice.other.subject
        if name == "poss":
            return voice.speaker.possessive
        if name == "me":
            return voice.speaker.object
        if name == "oposs":
            return voice.other.possessive
        if name == "them":
            return voice.other.object
        if name == "vi":
            verb = self._verb("vi", state)
            if verb is None:
                return None
            state.stays = verb.loc_prep == "none"
            return self._form(verb, form, state)
        if name == "vt":
            verb = self._verb("vt", state)
            if verb is None:
                return None
            obj = self._object(verb, state)
            return None if obj is None else f"{self._form(verb, form, state)} {obj}"
        if name == "act":
            return self._act(form, state)
        if name == "there":
            return self._there(form, state)
        if name == "pred":
            return self._pred(form, state)
        if name == "loc":
            return "" if state.stays else self._place(state, "person_prep")
        if name == "at":
            return self._place(state, "thing_prep")
        if name == "time":
            return self._time(form or voice.tense)
        raise ValueError(f"unknown slot {name!r}")

    def _act(self, form: str | None, state: _Render) -> str | None:
        """A thing doing what such things do: "the rain falls on the tin roof"."""
        if not self._doings:
            return None
        verb = self.rng.choice(self._doings)
        subject = self.noun(
            ("does", verb.tags), lambda n: n.has(verb.tags) and "person" not in n.tags, state
        )
        if subject is None:
            return None
        state.agrees_third = not subject.is_plural
        words = [self._np(subject, state, role="subject"), self._form(verb, form, state)]
        if verb.loc_prep and self.rng.random() < 0.7:
            where = self.noun(
                ("where", verb.loc_tags),
                lambda n: n.has(verb.loc_tags) and n.thing_prep is not None,
                state,
            )
            if where is not None:
                prep = where.thing_prep if verb.loc_prep == "at" else verb.loc_prep
                words.append(f"{prep} {self._np(where, state, role='place')}")
        return " ".join(words)

    def _there(self, form: str | None, state: _Render) -> str | None:
        """A thing in its place: "there's a candle in the window"."""
        thing = self.noun(("thing",), lambda n: "thing" in n.tags, state)
        if thing is None:
            return None
        place = self._place(state, "thing_prep")
        if place is None:
            return None
        tense = form or state.voice.tense
        be = {"past": ("was", "were"), "next": ("will be", "will be")}.get(tense, ("is", "are"))
        plural = thing.is_plural
        det_np = self._np(thing, state, role="there")
        if det_np.startswith(("my ", "your ", "her ", "his ", "our ")):
            det_np = det_np.split(" ", 1)[1]
        if det_np.startswith("the "):
            det_np = det_np[4:]
        if not plural and not thing.mass and not det_np.startswith(("a ", "an ")):
            det_np = f"{article(det_np)} {det_np}"
        verb = be[1] if plural else be[0]
        return f"there {verb} {det_np} {place}"

    def _pred(self, form: str | None, state: _Render) -> str | None:
        """A thing and what it is: "the coffee is cold"."""
        noun = self.noun(
            ("pred",),
            lambda n: (
                not n.tags & {"person", "body"}
                and any(not a.attributive_only for a in self.lex.adjectives_for(n))
            ),
            state,
        )
        if noun is None:
            return None
        adjective = self._adjective(noun, state, predicative=True)
        if not adjective:
            return None
        tense = form or state.voice.tense
        plural = noun.is_plural
        be = {"past": "were" if plural else "was", "next": "will be"}.get(
            tense, "are" if plural else "is"
        )
        return f"the {noun.word} {be} {adjective}"

    def _time(self, tense: str) -> str | None:
        times = [t for t in self.lex.times if t.tense in (tense, "any")]
        return self.rng.choice(times).text if times else None


def _mood_fits(adjective: Adjective, mood: str) -> bool:
    return mood == "=" or adjective.mood in (mood, "=")


def _polish(text: str) -> str:
    """Capital first letter and I, single spaces, "a" before a vowel sound fixed by the grammar."""
    text = " ".join(text.split())
    text = re.sub(r"\bi\b", "I", text)
    return text[:1].upper() + text[1:]
