"""What a song tells: who sings to or of whom, where, what happened, in which mood, and the
concrete nouns (images) it may use, read from the prompt and its theme."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from engine.lyrics.lexicon import Theme, styles, tokens
from engine.lyrics.vocabulary import Noun, lexicon

# What happened, by the prompt's words; each event draws its own verbs more often.
EVENT_WORDS = {
    "leaving": "leave left leaving goodbye breakup quit quitting returning gone liar leaves",
    "homecoming": "home homecoming coming return back writing",
    "waiting": "wait waiting waits lonely shift",
    "love": "love crush wedding couple kiss romance romantic falling",
    "loss": "funeral widow death grave lost losing loss empty prison war mournful",
    "struggle": "job jobs rent hustling work working miner nurse pay driver",
    "celebration": "party festival dance dancing disco christmas saturday celebrate happy "
    "cheerful football rodeo",
    "memory": "memory nostalgic old remember growing grandmother letter attic records",
}
EVENT_VERBS = {
    "leaving": frozenset({"leave", "pack", "drive", "close", "lose", "burn", "cross", "run"}),
    "homecoming": frozenset({"come", "drive", "cross", "open", "follow", "find", "hold"}),
    "waiting": frozenset({"wait", "watch", "listen", "look", "linger", "stand"}),
    "love": frozenset({"hold", "kiss", "dance", "call", "sing", "find", "miss"}),
    "loss": frozenset({"keep", "remember", "miss", "fold", "read", "bury", "pray"}),
    "struggle": frozenset({"work", "carry", "fix", "sell", "drive", "hold", "keep"}),
    "celebration": frozenset({"dance", "sing", "drink", "pour", "play", "laugh"}),
    "memory": frozenset({"remember", "keep", "find", "read", "miss", "think"}),
}
_EVENT_OF = {word: event for event, words in EVENT_WORDS.items() for word in words.split()}
_PLURAL_PEOPLE = "they"
# The prompt's own nouns are drawn most, then the theme's first imagery cluster, second, third.
_FOCUS_WEIGHT = 6.0
_SUFFIXES = ("y", "s", "es", "ing", "ed", "ey")  # "rainy" names the rain, "ballad" no ball
_CLUSTER_WEIGHTS = (3.0, 1.5, 0.8)


@dataclass(frozen=True)
class Story:
    """The song's who, where, what and mood; `nouns` are its images (the prompt's first)."""

    scenes: tuple[str, ...]  # the theme's imagery clusters
    nouns: tuple[Noun, ...]
    weights: tuple[float, ...]  # how often each noun is drawn
    focus: tuple[Noun, ...]  # the prompt's own nouns, for the hook
    places: tuple[Noun, ...]  # the prompt's place names ("Lisbon")
    other: str  # whom the song is sung to or of: "you", "she", "he", "they"
    character: str  # "my grandmother" when the prompt names someone, else ""
    event: str
    mood: str  # + bright, - dark, = either

    @property
    def verbs(self) -> frozenset[str]:
        return EVENT_VERBS[self.event]


def _lexicon_noun(word: str) -> Noun | None:
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


def _mood(style_tags: str, event: str) -> str:
    tags = set(style_tags.split(", "))
    if tags & set(styles()["bright_moods"]):
        return "+"
    if tags & set(styles()["dark_moods"]) or event in ("loss", "leaving"):
        return "-"
    return "+" if event in ("love", "celebration", "homecoming") else "="


def read_story(prompt: str, theme: Theme, style_tags: str, rng: random.Random) -> Story:
    """The story of a prompt: its nouns first, then its theme's imagery, the character it names,
    what happened (from its words, else its mood)."""
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
    event = next((_EVENT_OF[w] for w in ordered if w in _EVENT_OF), "")
    mood = _mood(style_tags, event)
    if not event:
        event = {"+": "love", "-": "loss"}.get(mood, "memory")
    for noun in lexicon().nouns.values():  # "rainy" names the rain, "stormy" the storm
        named = any(w.startswith(noun.word) and w[len(noun.word) :] in _SUFFIXES for w in ordered)
        if named and len(noun.word) >= 4 and noun not in focus and "person" not in noun.tags:
            focus.append(noun)
    things = [n for n in focus if "person" not in n.tags]
    nouns, weights = list(things), [_FOCUS_WEIGHT] * len(things)
    for noun in sorted(lexicon().nouns.values(), key=lambda n: (n.word, rng.random())):
        rank = min((theme.clusters.index(s) for s in noun.scenes if s in theme.clusters), default=9)
        if rank < len(_CLUSTER_WEIGHTS) and noun not in focus and "person" not in noun.tags:
            nouns.append(noun)
            weights.append(_CLUSTER_WEIGHTS[rank])
    return Story(
        scenes=theme.clusters,
        nouns=tuple(nouns),
        weights=tuple(weights),
        focus=tuple(things),
        places=_proper_places(prompt),
        other=other,
        character=character,
        event=event,
        mood=mood,
    )
