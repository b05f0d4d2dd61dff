"""The hook: the chorus' first line and the song's title, a short line sung to someone on the
story's place, time or things ("Wait for Me at the Bus Stop", "Keep the Letter for Me")."""

from __future__ import annotations

from functools import lru_cache

from engine.lyrics.line_state import PEOPLE, Voice
from engine.lyrics.phrases import PhraseMaker
from engine.lyrics.rhyme import last_word, partners, singable_end
from engine.lyrics.settings import settings
from engine.lyrics.story import Story
from engine.lyrics.syllables import count_syllables

HOOK_SYLLABLES = (4, 7)
_DRAWS = 80
_FINALISTS = 6
_PLACE_WEIGHT = 2.0
_HOME_WEIGHT = 4.0  # the setting's main place names the song as no other place does
_FEWEST_PARTNERS = 4
_SEED_BONUS = 1.5  # a hook the chorus cannot rhyme with is no hook
# A hook sings to someone: a plea, a promise, what one feels, on the song's place, time or
# things ("Wait for Me at the Bus Stop", "I Still Miss You Tonight", "Pour the Coffee for Me").
HOOKS = (
    "{ask} me {time}",
    "{ask} me {loc}",
    "{ask} me {weather}",
    "{S} will {vp.base} you {weather}",
    "{S} will {vp.base} you {time}",
    "{S} will {vp.base} you {loc}",
    "{S} {vp.now} you {time}",
    "{S} {vp.now} you {loc}",
    "{vfor.base} for me",
    "{vown.base} for me",
)


def make_hook(maker: PhraseMaker, story: Story, *, answered: bool = False) -> str:
    """The best of many drawn hooks: 4-7 syllables, sung to someone, the prompt's own nouns and
    the setting's main place, a long last vowel; `answered` (a blues chorus rhymes its third
    line on it), ending on a word the song's own words rhyme with."""
    focus = {n.word for n in story.focus} | {n.word for n in story.places}
    focus |= set(story.character.split()[1:])
    home = story.setting.places[0].word
    own = focus | {n.word for n in story.setting.field if n.word not in story.setting.everywhere}
    places = {n.word: _PLACE_WEIGHT / _settings_with(n.word) for n in story.setting.places}
    voice = Voice(
        speaker=PEOPLE["i"],
        other=PEOPLE["you"],
        mood=story.mood,
        verbs=story.verbs,
        feels=story.feels,
        unsung=story.bond.never,
        when=story.when,
    )
    seeds = set(maker.rhyme_seeds())
    drawn: list[tuple[float, str]] = []
    for _ in range(_DRAWS):
        line = maker.render(maker.rng.choice(HOOKS), voice)
        if line is None:
            continue
        syllables = count_syllables(line.text)
        if not HOOK_SYLLABLES[0] <= syllables <= HOOK_SYLLABLES[1]:
            continue
        words = set(line.text.lower().split())
        score = 3.0 * len(focus & words) + _HOME_WEIGHT * (home in words) + singable_end(line.text)
        score += sum(weight for word, weight in places.items() if word in words)
        # The chorus answers the hook: better a word the song's own words rhyme with.
        score += _SEED_BONUS * (last_word(line.text) in seeds)
        drawn.append((score + maker.rng.random(), line.text))
    # Of the best few, the one whose last word the most line ends can rhyme with: the chorus
    # answers the hook.
    rhymable = [sp for sp in drawn if partners(last_word(sp[1])) >= _FEWEST_PARTNERS]
    if answered:
        rhymable = [sp for sp in drawn if last_word(sp[1]) in seeds] or rhymable
    best = sorted(rhymable or drawn, reverse=True)[:_FINALISTS]
    if not best:
        return "Hold on"
    # A hook that names nothing of its song ("I will miss you tonight") could be any song's; a
    # blues chorus's hook is chosen for its rhyme first.
    pool = [] if answered else sorted(rhymable or drawn, reverse=True)
    named = [sp for sp in pool if own & set(sp[1].lower().split())][:_FINALISTS]
    phrase = max(named or best, key=lambda sp: sp[0] + min(partners(last_word(sp[1])), 6) / 2)[1]
    return phrase[:1].upper() + phrase[1:]


@lru_cache(maxsize=512)
def _settings_with(place: str) -> int:
    """In how many settings a place is found: a hook on a door could be any song's."""
    return sum(any(n.word == place for n in s.places) for s in settings().values())
