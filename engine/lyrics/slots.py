"""The slots of the phrase grammar a template names ({S}, {vt}, {act}, {there}, {pred}, {time}
...), each filled with a phrase that agrees with the line so far (see `engine.lyrics.phrases`)."""

from __future__ import annotations

from engine.lyrics.line_state import LineState, mood_fits, rhymes_with
from engine.lyrics.vocabulary import article

# What one does with a thing for someone else: "pour the coffee for me", never "cross the square".
_FOR_SOMEONE = frozenset(
    {"keep", "hold", "play", "pour", "light", "carry", "read", "write", "open", "wear", "plant"}
)
_NO_PLACE_CHANCE = 0.45


class SlotFilling:
    """The slot fillers of `PhraseMaker`, which brings the song's nouns, verbs and draws."""

    def _slot(self, name: str, form: str | None, state: LineState) -> str | None:
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

    def _act(self, form: str | None, state: LineState, *, placed: bool = False) -> str | None:
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

    def _there(self, form: str | None, state: LineState) -> str | None:
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

    def _pred(self, form: str | None, state: LineState) -> str | None:
        """A thing and what it is: "the coffee is cold"."""
        rhyme = self._target(state)
        noun = self.noun(
            ("pred", rhyme),
            lambda n: (
                not n.tags & {"person", "body"}
                and any(
                    not a.attributive_only and rhymes_with(rhyme, a.word)
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

    def _weather(self, state: LineState) -> str | None:
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

    def _be(self, form: str | None, state: LineState) -> str:
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

    def _person_adjective(self, state: LineState) -> str | None:
        """How a person is ("lonely", "tired"): an adjective that fits people, in the mood."""
        rhyme = self._target(state)
        fitting = [
            a.word
            for a in self._people_adjectives
            if mood_fits(a, state.voice.mood) and rhymes_with(rhyme, a.word)
        ]
        if not fitting:
            return None
        weights = [1.0 / (1 + self.adjectives_sung.get(w, 0)) ** 2 for w in fitting]
        word = self.rng.choices(fitting, weights)[0]
        self.adjectives_sung[word] = self.adjectives_sung.get(word, 0) + 1
        return word

    def _time(self, tense: str, state: LineState) -> str | None:
        """A time phrase of the tense that the setting happens at (or one that fits anywhere)."""
        times = [t for t in self._times if t.tense in (tense, "any")]
        rhyme = self._target(state)
        times = [t for t in times if rhymes_with(rhyme, t.text)] or times
        return self.rng.choice(times).text if times else None

    @staticmethod
    def _target(state: LineState) -> str:
        """The rhyme the slot being filled should end on ("" when it does not end the line)."""
        return state.rhyme if state.final else ""
