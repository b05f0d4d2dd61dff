"""Lines from a typed phrase grammar: a template's slots are phrases (a subject, a verb that agrees
with it, an object the verb can take, a place, a time), filled from the curated words.

Slots: {S} the singer, {O} the other person, {P} the song's character ("my grandmother", else the
other person), {vi}/{vt} a verb of a person agreeing with the last subject (vt brings an object it
can take), {vth} the same with a thing (not a place) for object, {ev} a verb of what happened (with
its object), {vfor} one done for someone ("pour the coffee"), {vown} the same to the prompt's own
thing, {vp} a verb one does to a person, bare (the template says "you" or "me"), {ask} one that can
be asked for ("hold me"), {act} a thing doing what it does ("the rain falls on the roof"), {actloc}
the same with its place, {weather} out in the song's weather ("in the rain"), {be} "be" agreeing
with the last subject, {padj} how a person is ("lonely"), {there} a thing in its place, {pred} a
thing and an adjective that fits it, {loc} where a person is, {at} where a thing is, {time} a time
phrase of the tense, {when} the song's own time, {poss}/{me} the singer's, {oposs}/{them} the
other's. A verb slot may name its form: {vt.base}, {vi.past}, {vt.ing}, {vt.now}.

Nouns come only from the song's field (its setting's things and the prompt's own), and a thing is
the object only of the verbs its setting lists for it (`settings.Setting.uses`); a line that finds
no rhyme there may, as a last resort, borrow a neighbouring setting's thing (`borrowing`).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from engine.lyrics.rhyme import NEAR, rhyme_score
from engine.lyrics.settings import Setting, neighbours, verb_key
from engine.lyrics.vocabulary import Adjective, Noun, Verb, article, lexicon

_SLOT = re.compile(r"\{(\w+)(?:\.(\w+))?\}")
_FAMILY = frozenset(
    {"mother", "father", "grandmother", "grandfather", "brother", "sister", "daughter", "son"}
)
_ADJECTIVE_CHANCE = 0.4
# What a person can own: "my coat", "your guitar"; never "my sign", "your rain".
_OWNABLE = frozenset({"thing", "clothing", "instrument", "vehicle", "paper", "drink"})
# The verbs a person does to another person in a line ("I miss you"); "bury", "feed" or "carry"
# take a person too, but sung to someone they say something else.
_TO_PERSON = frozenset(
    {"call", "kiss", "miss", "hold", "find", "leave", "remember", "wait for", "dream of",
     "think of", "talk to", "dance with", "sing to", "pray for", "follow", "watch", "hear"}
)  # fmt: skip
_PERSON_OBJECT_CHANCE = 0.35
_BORROWED_WEIGHT = 0.5
_ANY_USE = "*"  # a borrowed thing of no setting: any verb that takes its kind
_NO_PLACE_CHANCE = 0.45
# What one does with a thing for someone else: "pour the coffee for me", never "cross the square".
_FOR_SOMEONE = frozenset(
    {"keep", "hold", "play", "pour", "light", "carry", "read", "write", "open", "wear", "plant"}
)
# "Miss me", "leave me": one does not ask for them.
_NOT_ASKED = frozenset({"miss", "leave", "watch", "hear", "follow"})


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
    when: str = ""  # the song's time phrase ({when})


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
    rhyme: str = ""  # the word the line's last word should rhyme with, if any
    final: bool = False  # the slot being filled ends the line


class PhraseMaker:
    """Fills templates with the song's nouns (`pool`, drawn by `weights`: its setting's field and
    the prompt's own) and the lexicon's verbs and adjectives, as the `setting` allows; `avoid`
    holds the images already sung."""

    def __init__(
        self,
        pool: Sequence[Noun],
        weights: Sequence[float],
        rng: random.Random,
        *,
        setting: Setting,
        places: Sequence[Noun] = (),
        focus: Sequence[Noun] = (),
    ):
        self.rng = rng
        self.focus = frozenset(n.word for n in focus)  # the prompt's own things
        self.lex = lexicon()
        self.pool = list(pool)
        self.places = list(places)  # the prompt's own place names ("Lisbon")
        self.setting = setting
        self.avoid: set[str] = set()
        self.adjectives_sung: dict[str, int] = {}
        self._weights = list(weights)
        self._uses_of = dict(setting.uses)
        # What a person does here.
        self._intransitive = tuple(
            v for v in self.lex.verbs_of("vi") if verb_key(v) in setting.does
        )
        self._know_the_pool()
        self._focus_verbs = frozenset(
            verb_key(v)
            for v in self._transitive
            if any(self._uses(n, v) for n in self.pool if n.word in self.focus)
        )
        self._people_adjectives = tuple(
            a for a in self.lex.adjectives if "person" in a.fits and not a.attributive_only
        )
        self._times = tuple(t for t in self.lex.times if t.text in setting.times or not t.scenes)

    def rhyme_seeds(self) -> tuple[str, ...]:
        """Words this song's lines can end on that rhyme with two or more others of them, most
        partners first: the sounds a stanza can rhyme on without leaving its setting."""
        words = {n.word.split()[-1] for n in self.pool} | {a.word for a in self._people_adjectives}
        for noun in self.pool:
            words |= {a.word for a in self.lex.adjectives_for(noun) if not a.attributive_only}
        for verb in self._intransitive:
            words |= {verb.form(f).split()[-1] for f in ("base", "third", "past")}
        words |= {t.text.split()[-1] for t in self._times}
        return _seeds(frozenset(words))

    def _uses(self, noun: Noun, verb: Verb) -> bool:
        """Whether a person does `verb` to `noun` in this song's setting."""
        uses = self._uses_of.get(noun.word, ())
        return noun.has(verb.tags) and (verb_key(verb) in uses or _ANY_USE in uses)

    def _know_the_pool(self) -> None:
        """What the nouns of the pool allow: the things that do something ("the rain falls")
        and the verbs a person does to them; the remembered draws start afresh."""
        self._fitting: dict[tuple, list] = {}
        self._verbs: dict[tuple, tuple[tuple[Verb, ...], list[float]]] = {}
        self._doings = tuple(
            v for v in self.lex.verbs_of("do") if any(n.has(v.tags) for n in self.pool)
        )
        self._transitive = tuple(
            v
            for v in self.lex.verbs_of("vt")
            if verb_key(v) in _TO_PERSON or any(self._uses(n, v) for n in self.pool)
        )

    @contextmanager
    def borrowing(self, *, anywhere: bool = False) -> Iterator[None]:
        """For a line that finds no rhyme inside its setting: the things of the settings that
        share its scenes (a rainy street's city, a diner's highway) join the song's, drawn
        seldom, while the block lasts; `anywhere`, every thing of the lexicon found in the
        setting's scenes, each taking the verbs its kind takes (the writer's last resort, which
        the benchmark counts)."""
        saved = (self.pool, self._weights, self._uses_of)
        self._uses_of = dict(self._uses_of)
        borrowed = [
            (n, other.uses[n.word]) for other in neighbours(self.setting) for n in other.things
        ]
        if anywhere:  # any thing of the setting's scenes (a harbour's sea, its storms)
            scenes = set(self.setting.scenes)
            borrowed += [
                (n, frozenset({_ANY_USE}))
                for n in self.lex.nouns.values()
                if "person" not in n.tags and n.scenes & scenes
            ]
        for noun, uses in borrowed:
            if noun not in self.pool:
                self.pool = [*self.pool, noun]
                self._weights = [*self._weights, _BORROWED_WEIGHT]
                self._uses_of.setdefault(noun.word, uses)
        self._know_the_pool()
        try:
            yield
        finally:
            self.pool, self._weights, self._uses_of = saved
            self._know_the_pool()

    def render(self, template: str, voice: Voice, *, rhyme: str = "") -> Line | None:
        """The template with every slot filled, or None when a slot has no words that fit;
        with a `rhyme`, the slot that ends the line picks words rhyming with it where it can."""
        state = _Render(voice=voice, rhyme=rhyme)
        parts: list[str] = []
        position = 0
        for match in _SLOT.finditer(template):
            parts.append(template[position : match.start()])
            state.final = not re.search(r"[A-Za-z{]", template[match.end() :])
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
        answer), not yet in this line nor sung before; None when the song has none left (a
        line never borrows a thing from another setting)."""
        if key not in self._fitting:
            self._fitting[key] = [
                (n, w) for n, w in zip(self.pool, self._weights, strict=True) if fits(n)
            ]
        choices = [
            (noun, weight)
            for noun, weight in self._fitting[key]
            if noun.word not in state.taken and noun.word not in self.avoid
        ]
        if not choices:
            return None
        nouns, weights = zip(*choices, strict=True)
        noun = self.rng.choices(nouns, weights)[0]
        state.taken.add(noun.word)
        return noun

    def _adjective(self, noun: Noun, state: _Render, *, predicative: bool = False) -> str:
        fitting = [
            adj
            for adj in self.lex.adjectives_for(noun)
            if _mood_fits(adj, state.voice.mood)
            and not (predicative and adj.attributive_only)
            and adj.word not in noun.word
            and adj.word not in state.adjectives
            and (not predicative or _rhymes(self._target(state), adj.word))
            and adj.word not in self.avoid | state.taken
        ]
        if not fitting:
            return ""
        # An adjective sung often already is drawn less: not every street is wet.
        weights = [1.0 / (1 + self.adjectives_sung.get(a.word, 0)) ** 2 for a in fitting]
        word = self.rng.choices(fitting, weights)[0].word
        state.adjectives.add(word)
        if word in self.lex.nouns:  # "the neon sign" names the neon too: an image
            state.taken.add(word)
        self.adjectives_sung[word] = self.adjectives_sung.get(word, 0) + 1
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
        rhyme = self._target(state)
        noun = self.noun(
            ("place", prep_of, rhyme),
            lambda n: getattr(n, prep_of) is not None and _rhymes(rhyme, n.word),
            state,
        )
        if noun is None:
            return None
        return f"{getattr(noun, prep_of)} {self._np(noun, state, role='place')}"

    # -- verbs --------------------------------------------------------------------------------

    def _verb(self, frame: str, state: _Render, among: frozenset[str] | None = None) -> Verb | None:
        """A person's verb of `frame` the setting allows (only those keyed in `among`, if
        given); the story's own verbs are drawn more often."""
        key = (frame, among, state.voice.verbs)
        if key not in self._verbs:
            verbs = self._intransitive if frame == "vi" else self._transitive
            if among is not None:
                verbs = tuple(v for v in self._of(frame) if verb_key(v) in among)
            preferred = state.voice.verbs
            self._verbs[key] = (verbs, [4.0 if verb_key(v) in preferred else 1.0 for v in verbs])
        verbs, weights = self._verbs[key]
        if not verbs:
            return None
        if frame == "vi" and self._target(state):
            ending = [
                i
                for i, v in enumerate(verbs)
                if _rhymes(state.rhyme, v.form("past"))
                or _rhymes(state.rhyme, v.form("base"))
                or _rhymes(state.rhyme, v.form("third"))
            ]
            if ending:
                return self.rng.choices([verbs[i] for i in ending], [weights[i] for i in ending])[0]
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

    def _object(
        self, verb: Verb, state: _Render, *, things_only: bool = False, own: bool = False
    ) -> str | None:
        """What the verb is done to: a thing of the setting one does that to, or a person;
        `own`: one of the prompt's own things."""
        voice = state.voice
        person = "person" in verb.tags and verb_key(verb) in _TO_PERSON and not things_only
        person = person and voice.speaker is not voice.other  # "she holds her": whom?
        whom = (voice.other if state.subject is voice.speaker else voice.speaker).object
        if person and self.rng.random() < _PERSON_OBJECT_CHANCE:
            return whom
        rhyme = self._target(state)
        noun = self.noun(
            ("uses", verb_key(verb), things_only, own, rhyme),
            lambda n: (
                self._uses(n, verb)
                and not (things_only and "place" in n.tags)
                and (not own or n.word in self.focus)
                and _rhymes(rhyme, n.word)
            ),
            state,
        )
        if noun is None and rhyme:  # nothing of the setting rhymes: any object it takes
            state.final = False
            return self._object(verb, state, things_only=things_only, own=own)
        if noun is None:
            return whom if person else None
        return self._np(noun, state)

    def _transitive_phrase(
        self,
        form: str | None,
        state: _Render,
        *,
        among: frozenset[str] | None = None,
        things_only: bool = False,
        own: bool = False,
    ) -> str | None:
        verb = self._verb("vt", state, among)
        if verb is None:
            return None
        obj = self._object(verb, state, things_only=things_only, own=own)
        return None if obj is None else f"{self._form(verb, form, state)} {obj}"

    def _event(self, form: str | None, state: _Render) -> str | None:
        """A verb of what happened, with its object when it takes one: "left me", "packed her
        bag", "drove away"."""
        happens = state.voice.verbs
        kinds = [f for f in ("vi", "vt") if self._verbs_among(f, happens)]
        if not kinds:
            return None
        if self.rng.choice(kinds) == "vt":
            return self._transitive_phrase(form, state, among=happens)
        verb = self._verb("vi", state, happens)
        if verb is None:
            return None
        state.stays = verb.loc_prep == "none"
        return self._form(verb, form, state)

    def _of(self, frame: str) -> tuple[Verb, ...]:
        return self._transitive if frame == "vt" else self.lex.verbs_of("vi")

    def _verbs_among(self, frame: str, keys: frozenset[str]) -> tuple[Verb, ...]:
        key = ("among", frame, keys)
        if key not in self._verbs:
            self._verbs[key] = (tuple(v for v in self._of(frame) if verb_key(v) in keys), [])
        return self._verbs[key][0]

    def _to_person(self, form: str | None, state: _Render, *, asking: bool = False) -> str | None:
        """A verb one does to a person, bare ("miss", "wait for"): the template names whom.
        `asking` for a plea ("hold me"), which some of them cannot make ("miss me")."""
        feels = [
            v
            for v in self._verbs_among("vt", state.voice.feels)
            if "person" in v.tags and not (asking and verb_key(v) in _NOT_ASKED)
        ]
        if not feels:
            return None
        return self._form(self.rng.choice(feels), form, state)

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
            return self._transitive_phrase(form, state)
        if name == "vth":
            return self._transitive_phrase(form, state, things_only=True)
        if name == "vfor":
            return self._transitive_phrase(form, state, among=_FOR_SOMEONE, things_only=True)
        if name == "vown":
            among = self._focus_verbs & _FOR_SOMEONE
            return self._transitive_phrase(form, state, among=among, things_only=True, own=True)
        if name == "ev":
            return self._event(form, state)
        if name == "vp":
            return self._to_person(form, state)
        if name == "ask":
            return self._to_person("base", state, asking=True)
        if name == "weather":
            return self._weather(state)
        if name == "be":
            return self._be(form, state)
        if name == "padj":
            return self._person_adjective(state)
        if name == "act":
            return self._act(form, state)
        if name == "actloc":
            return self._act(form, state, placed=True)
        if name == "there":
            return self._there(form, state)
        if name == "pred":
            return self._pred(form, state)
        if name == "loc":
            # A person may just be somewhere already sung ("I wait"): a place is no image to
            # spend on every line, and the verb then ends the line.
            if state.stays or self.rng.random() < _NO_PLACE_CHANCE:
                return ""
            return self._place(state, "person_prep") or ""
        if name == "at":
            return self._place(state, "thing_prep")
        if name == "time":
            return self._time(form or voice.tense, state)
        if name == "when":
            return voice.when or self._time("now", state)
        raise ValueError(f"unknown slot {name!r}")

    def _act(self, form: str | None, state: _Render, *, placed: bool = False) -> str | None:
        """A thing doing what such things do: "the rain falls on the tin roof" (`placed`: always
        with its place)."""
        doings = [v for v in self._doings if v.loc_prep] if placed else self._doings
        if not doings:
            return None
        verb = self.rng.choice(doings)
        subject = self.noun(
            ("does", verb.tags), lambda n: n.has(verb.tags) and "person" not in n.tags, state
        )
        if subject is None:
            return None
        state.agrees_third = not subject.is_plural
        words = [self._np(subject, state, role="subject"), self._form(verb, form, state)]
        if verb.loc_prep and (placed or self.rng.random() < 0.7):
            where = self.noun(
                ("where", verb.loc_tags),
                lambda n: n.has(verb.loc_tags) and n.thing_prep is not None,
                state,
            )
            if where is not None:
                prep = where.thing_prep if verb.loc_prep == "at" else verb.loc_prep
                words.append(f"{prep} {self._np(where, state, role='place')}")
            elif placed:
                return None
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
        rhyme = self._target(state)
        noun = self.noun(
            ("pred", rhyme),
            lambda n: (
                not n.tags & {"person", "body"}
                and any(
                    not a.attributive_only and _rhymes(rhyme, a.word)
                    for a in self.lex.adjectives_for(n)
                )
            ),
            state,
        )
        if noun is None and rhyme:
            state.final = False
            return self._pred(form, state)
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

    def _weather(self, state: _Render) -> str | None:
        """Out in the song's weather: "in the rain", "in the snow"."""
        rhyme = self._target(state)
        noun = self.noun(
            ("weather", rhyme),
            lambda n: (
                "precip" in n.tags or (n.mass and "weather" in n.tags and "out" not in n.tags)
            ),
            state,
        )
        return None if noun is None else f"in the {noun.word}"

    def _be(self, form: str | None, state: _Render) -> str:
        """ "Be" agreeing with the last subject, in the tense: am, is, are, was, were, will be."""
        tense = form or state.voice.tense
        if tense == "next":
            return "will be"
        person = state.subject
        if person is not None and person.subject == "I":
            return "was" if tense == "past" else "am"
        if state.agrees_third:
            return "was" if tense == "past" else "is"
        return "were" if tense == "past" else "are"

    def _person_adjective(self, state: _Render) -> str | None:
        """How a person is ("lonely", "tired"): an adjective that fits people, in the mood."""
        rhyme = self._target(state)
        fitting = [
            a.word
            for a in self._people_adjectives
            if _mood_fits(a, state.voice.mood) and _rhymes(rhyme, a.word)
        ]
        if not fitting:
            return None
        weights = [1.0 / (1 + self.adjectives_sung.get(w, 0)) ** 2 for w in fitting]
        word = self.rng.choices(fitting, weights)[0]
        self.adjectives_sung[word] = self.adjectives_sung.get(word, 0) + 1
        return word

    def _time(self, tense: str, state: _Render) -> str | None:
        """A time phrase of the tense that the setting happens at (or one that fits anywhere)."""
        times = [t for t in self._times if t.tense in (tense, "any")]
        rhyme = self._target(state)
        times = [t for t in times if _rhymes(rhyme, t.text)] or times
        return self.rng.choice(times).text if times else None

    @staticmethod
    def _target(state: _Render) -> str:
        """The rhyme the slot being filled should end on ("" when it does not end the line)."""
        return state.rhyme if state.final else ""


@lru_cache(maxsize=64)
def _seeds(words: frozenset[str]) -> tuple[str, ...]:
    counts = {w: sum(rhyme_score(w, other) >= NEAR for other in words) for w in sorted(words)}
    return tuple(sorted((w for w, n in counts.items() if n >= 2), key=lambda w: -counts[w]))


def _rhymes(rhyme: str, word: str) -> bool:
    """Whether `word` ends on a rhyme (perfect or near) for `rhyme`; any word when none is
    asked for."""
    return not rhyme or rhyme_score(rhyme, word) >= NEAR


def _mood_fits(adjective: Adjective, mood: str) -> bool:
    return mood == "=" or adjective.mood in (mood, "=")


def _polish(text: str) -> str:
    """Capital first letter and I, single spaces, "a" before a vowel sound fixed by the grammar."""
    text = re.sub(r"\s+,", ",", " ".join(text.split()))  # an empty place leaves no gap
    text = re.sub(r"\bi\b", "I", text)
    return text[:1].upper() + text[1:]
