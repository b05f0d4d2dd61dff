"""Where a song happens: one setting (a rainy street, a diner, a harbour) and its field of
concrete things, each with what a person does with it there, read from `data/settings.json`.

A song's lines name only the things of its setting, so a verse cannot put pines on a rooftop or
sell the taxi: a thing is an object only of the verbs its setting lists for it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from engine.lyrics.vocabulary import Noun, Verb, lexicon

_DATA = Path(__file__).parent / "data"
# Theme clusters weigh less than the prompt's own words: "rain" in the prompt picks the rainy
# street over a city that merely shares the "night" cluster.
_WORD_WEIGHT = 3.0
_THING_WEIGHT = 1.0
_CLUSTER_WEIGHTS = (2.0, 1.0, 0.5)
# What a person does anywhere, besides what a setting lists.
_ANYWHERE = frozenset({"wait", "stay", "stand", "sit", "smile", "cry", "listen", "linger"})


@dataclass(frozen=True)
class Setting:
    """A place a song happens in: its places (the first is the main one), the things found
    there, what one does with each (`uses`: noun -> verb keys such as "wait for"), the time
    phrases it happens at and what a person does there (`does`, intransitive verb keys; waiting,
    standing, crying and the like are done anywhere)."""

    name: str
    words: frozenset[str]
    scenes: tuple[str, ...]
    places: tuple[Noun, ...]
    things: tuple[Noun, ...]
    uses: dict[str, frozenset[str]]
    times: tuple[str, ...]
    does: frozenset[str]
    everywhere: frozenset[str] = frozenset()  # of its things, those every setting has

    @property
    def field(self) -> tuple[Noun, ...]:
        """Every noun of the setting, places first."""
        return self.places + self.things

    def has(self, word: str) -> bool:
        """Whether a noun (singular or plural) belongs to the setting's field."""
        return any(word in (n.word, n.plural) for n in self.field)


def verb_key(verb: Verb) -> str:
    """How the settings name a verb: its base and particle ("wait for", "drive away")."""
    return f"{verb.base} {verb.particle}".strip()


def _nouns(names: dict[str, str], setting: str) -> tuple[tuple[Noun, ...], dict[str, frozenset]]:
    nouns = {n.plural: n for n in lexicon().nouns.values()} | lexicon().nouns
    found, uses = [], {}
    for name, verbs in names.items():
        if name not in nouns:
            raise ValueError(f"setting {setting!r} names {name!r}, which the lexicon lacks")
        found.append(nouns[name])
        uses[nouns[name].word] = frozenset(v.replace("_", " ") for v in verbs.split())
    return tuple(found), uses


@lru_cache(maxsize=1)
def settings() -> dict[str, Setting]:
    """The curated settings, read once."""
    raw = json.loads((_DATA / "settings.json").read_text(encoding="utf-8"))
    everywhere = raw["_everywhere"]["things"]
    found = {}
    for name, row in raw.items():
        if name.startswith("_"):
            continue
        places, place_uses = _nouns(row["places"], name)
        things, thing_uses = _nouns(everywhere | row["things"], name)
        found[name] = Setting(
            name=name,
            words=frozenset(row["words"].split()),
            scenes=tuple(row["scenes"].split()),
            places=places,
            things=things,
            uses=place_uses | thing_uses,
            times=tuple(row["times"].split("|")),
            does=_ANYWHERE | {v.replace("_", " ") for v in row["does"].split()},
            everywhere=frozenset(everywhere) - set(row["things"]),
        )
    return found


def setting_for(words: Sequence[str], clusters: Sequence[str], rng: random.Random) -> Setting:
    """The setting a prompt's words name most (its own words, then the things of the setting it
    names, then its theme's clusters); a draw among the best when they tie."""

    def score(setting: Setting) -> float:
        total = _WORD_WEIGHT * sum(w in setting.words for w in words)
        total += _THING_WEIGHT * sum(setting.has(w) for w in words)
        for rank, cluster in enumerate(clusters[: len(_CLUSTER_WEIGHTS)]):
            total += _CLUSTER_WEIGHTS[rank] * (cluster in setting.scenes)
        return total

    table = settings()
    scores = {name: score(s) for name, s in table.items()}
    best = max(scores.values())
    return table[rng.choice(sorted(n for n, s in scores.items() if s == best))]


def neighbours(setting: Setting) -> tuple[Setting, ...]:
    """The settings that share a scene with `setting` (a rainy street and the city share the
    night): where a line may borrow a thing when its own setting has no rhyme left."""
    return _neighbours(setting.name)


@lru_cache(maxsize=64)
def _neighbours(name: str) -> tuple[Setting, ...]:
    scenes = set(settings()[name].scenes)
    return tuple(s for s in settings().values() if s.name != name and scenes & set(s.scenes))
