"""The hook: the chorus' first line and the song's title, a short phrase on the prompt's own
nouns ("Rain on the Roof", "My Father's Garden", "Whiskey at Midnight")."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from engine.lyrics.phrases import PhraseMaker
from engine.lyrics.rhyme import NEAR, last_word, rhyme_score, singable_end
from engine.lyrics.story import Story
from engine.lyrics.syllables import count_syllables
from engine.lyrics.vocabulary import Noun, lexicon

HOOK_SYLLABLES = (4, 7)
_DRAWS = 80
_FINALISTS = 6
_PLACEABLE = frozenset({"thing", "drink", "food", "clothing", "plant", "instrument", "paper"})
# What sounds right at a time of day: "Whiskey at midnight", "Snow in December".
_TIMED = frozenset({"drink", "weather", "light", "food", "fire", "sky"})
# Adjectives that make a title sound like a shop sign ("New Cigarette on the Bar").
_PLAIN = frozenset({"new", "last", "little", "long", "clean"})


def _head(maker: PhraseMaker, noun: Noun) -> str:
    """The noun, now and then with an adjective that fits it."""
    fitting = [a for a in maker.lex.adjectives_for(noun) if a.word not in _PLAIN]
    if fitting and maker.rng.random() < 0.35:
        return f"{maker.rng.choice(fitting).word} {noun.word}"
    return noun.word


def _draw(maker: PhraseMaker, story: Story, fits: Callable[[Noun], bool], top: int) -> Noun | None:
    """A noun for the hook: the prompt's own most often, else one of the theme's first."""
    own = [n for n in story.focus if fits(n)]
    if own and maker.rng.random() < 0.7:
        return maker.rng.choice(own)
    nouns = [n for n in story.nouns[:top] if fits(n)]
    return maker.rng.choice(nouns) if nouns else None


def _placed(maker: PhraseMaker, story: Story) -> str | None:
    """A thing in its place: "Candle in the window", "Tea in Lisbon"."""
    thing = _draw(maker, story, lambda n: bool(n.tags & _PLACEABLE), 40)
    if thing is None:
        return None
    if story.places and maker.rng.random() < 0.5:
        return f"{_head(maker, thing)} in {maker.rng.choice(story.places).word}"
    place = _draw(maker, story, lambda n: n.thing_prep is not None and n is not thing, 60)
    if place is None:
        return None
    return f"{_head(maker, thing)} {place.thing_prep} the {place.word}"


def _acting(maker: PhraseMaker, story: Story) -> str | None:
    """A thing where it acts: "Rain on the roof", "Moonlight on the water"."""
    # "at" (the place's own preposition) is for things that stay: "Candle in the window" is
    # `_placed`'s; a truck on a balcony is nobody's hook.
    verbs = [v for v in maker.lex.verbs_of("do") if v.loc_prep and v.loc_prep != "at"]
    verb = maker.rng.choice(verbs)
    subject = _draw(maker, story, lambda n: n.has(verb.tags), 60)
    where = _draw(maker, story, lambda n: n.has(verb.loc_tags) and bool(n.thing_prep), 80)
    if subject is None or where is None:
        return None
    return f"{_head(maker, subject)} {verb.loc_prep} the {where.word}"


def _timed(maker: PhraseMaker, story: Story) -> str | None:
    """A thing at its time: "Whiskey at midnight"."""
    noun = _draw(maker, story, lambda n: bool(n.tags & _TIMED), 40)
    times = [
        t
        for t in maker.lex.times
        if t.text.startswith(("at ", "in ", "after ", "on "))
        and (not t.scenes or t.scenes & set(story.scenes))
    ]
    if noun is None or not times:
        return None
    return f"{_head(maker, noun)} {maker.rng.choice(times).text}"


def _owned(maker: PhraseMaker, story: Story) -> str | None:
    """The character's thing: "My father's garden"."""
    if not story.character or story.other == "they":
        return None
    owned = _draw(maker, story, lambda n: not n.tags & {"person", "weather", "sky"}, 30)
    return f"{story.character}'s {owned.word}" if owned else None


def make_hook(maker: PhraseMaker, story: Story) -> str:
    """The best of many drawn hooks: 4-7 syllables, the prompt's own nouns, a long last vowel."""
    focus = {n.word for n in story.focus} | {n.word for n in story.places}
    focus |= set(story.character.split()[1:])
    drawn: list[tuple[float, str]] = []
    for _ in range(_DRAWS):
        build = maker.rng.choice((_placed, _acting, _timed, _owned, _placed, _acting))
        phrase = build(maker, story)
        if phrase is None:
            continue
        syllables = count_syllables(phrase)
        if not HOOK_SYLLABLES[0] <= syllables <= HOOK_SYLLABLES[1]:
            continue
        score = 3.0 * len(focus & set(phrase.split())) + singable_end(phrase)
        drawn.append((score + maker.rng.random(), phrase))
    # Of the best few, the one whose last word the most line ends can rhyme with: the chorus
    # answers the hook.
    best = sorted(drawn, reverse=True)[:_FINALISTS]
    if not best:
        return "Hold on"
    phrase = max(best, key=lambda sp: sp[0] + min(_partners(last_word(sp[1])), 6) / 2)[1]
    return phrase[:1].upper() + phrase[1:]


@lru_cache(maxsize=4096)
def _partners(word: str) -> int:
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
