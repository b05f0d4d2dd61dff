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
from functools import lru_cache

from engine.lyrics.line_state import Line, LineState, Voice, mood_fits, rhymes_with
from engine.lyrics.rhyme import NEAR, rhyme_score
from engine.lyrics.settings import Setting, neighbours, verb_key
from engine.lyrics.slots import SlotFilling
from engine.lyrics.vocabulary import Noun, Verb, article, lexicon

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
# Done to a person only where the story tells it: what happened ("you taught me") or what one
# sings to the other ("I thank you"), never drawn for just any line.
_TOLD_TO_PERSON = frozenset({"teach", "thank"})
_PERSON_OBJECT_CHANCE = 0.35
_BORROWED_WEIGHT = 0.5
_ANY_USE = "*"  # a borrowed thing of no setting: any verb that takes its kind
# "Miss me", "leave me", "thank me": one does not ask for them.
_NOT_ASKED = frozenset({"miss", "leave", "watch", "hear", "follow", "thank"})


class PhraseMaker(SlotFilling):
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
        state = LineState(voice=voice, rhyme=rhyme)
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

    def noun(self, key: tuple, fits: Callable[[Noun], bool], state: LineState) -> Noun | None:
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

    def _adjective(self, noun: Noun, state: LineState, *, predicative: bool = False) -> str:
        fitting = [
            adj
            for adj in self.lex.adjectives_for(noun)
            if mood_fits(adj, state.voice.mood)
            and not (predicative and adj.attributive_only)
            and adj.word not in noun.word
            and adj.word not in state.adjectives
            and (not predicative or rhymes_with(self._target(state), adj.word))
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

    def _np(self, noun: Noun, state: LineState, *, role: str = "object") -> str:
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

    def _place(self, state: LineState, prep_of: str) -> str | None:
        """A place phrase: "at the station", "in Lisbon" (the prompt's place names first)."""
        if self.places and self.rng.random() < 0.3:
            place = self.rng.choice(self.places)
            if place.word not in state.taken:
                state.taken.add(place.word)
                return f"in {place.word}"
        rhyme = self._target(state)
        noun = self.noun(
            ("place", prep_of, rhyme),
            lambda n: getattr(n, prep_of) is not None and rhymes_with(rhyme, n.word),
            state,
        )
        if noun is None:
            return None
        return f"{getattr(noun, prep_of)} {self._np(noun, state, role='place')}"

    # -- verbs --------------------------------------------------------------------------------

    def _verb(
        self, frame: str, state: LineState, among: frozenset[str] | None = None
    ) -> Verb | None:
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
                if rhymes_with(state.rhyme, v.form("past"))
                or rhymes_with(state.rhyme, v.form("base"))
                or rhymes_with(state.rhyme, v.form("third"))
            ]
            if ending:
                return self.rng.choices([verbs[i] for i in ending], [weights[i] for i in ending])[0]
        return self.rng.choices(verbs, weights)[0]

    def _form(self, verb: Verb, form: str | None, state: LineState) -> str:
        tense = form or state.voice.tense
        if tense in ("base", "past", "ing"):
            return verb.form(tense)
        if tense == "next":
            return f"will {verb.form('base')}"
        if tense == "past":
            return verb.form("past")
        return verb.form("third" if state.agrees_third else "base")

    def _object(
        self, verb: Verb, state: LineState, *, things_only: bool = False, own: bool = False
    ) -> str | None:
        """What the verb is done to: a thing of the setting one does that to, or a person;
        `own`: one of the prompt's own things."""
        voice = state.voice
        told = verb_key(verb) in _TOLD_TO_PERSON and verb_key(verb) in voice.verbs | voice.feels
        person = "person" in verb.tags and (verb_key(verb) in _TO_PERSON or told)
        person = person and not things_only
        person = person and voice.speaker is not voice.other  # "she holds her": whom?
        person = person and verb_key(verb) not in voice.unsung
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
                and rhymes_with(rhyme, n.word)
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
        state: LineState,
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

    def _event(self, form: str | None, state: LineState) -> str | None:
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
            told = () if frame != "vt" else self.lex.verbs_of("vt")
            told = tuple(v for v in told if verb_key(v) in _TOLD_TO_PERSON)
            verbs = (*self._of(frame), *told)
            self._verbs[key] = (tuple(v for v in verbs if verb_key(v) in keys), [])
        return self._verbs[key][0]

    def _to_person(self, form: str | None, state: LineState, *, asking: bool = False) -> str | None:
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


@lru_cache(maxsize=64)
def _seeds(words: frozenset[str]) -> tuple[str, ...]:
    counts = {w: sum(rhyme_score(w, other) >= NEAR for other in words) for w in sorted(words)}
    return tuple(sorted((w for w, n in counts.items() if n >= 2), key=lambda w: -counts[w]))


def _polish(text: str) -> str:
    """Capital first letter and I, single spaces, "a" before a vowel sound fixed by the grammar."""
    text = re.sub(r"\s+,", ",", " ".join(text.split()))  # an empty place leaves no gap
    text = re.sub(r"\bi\b", "I", text)
    return text[:1].upper() + text[1:]
