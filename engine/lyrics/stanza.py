"""A stanza: lines chosen among the grammar's candidates to fit a rhyme scheme and a meter, with no
image sung twice and no rhyme word used twice in a stanza (nor on the hook's). Each line position
draws its candidates from its own job's templates (`templates.Beat`), so the rhyme chooses among
lines that all do that job."""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass

from engine.lyrics import templates as tpl
from engine.lyrics.line_state import Line, Voice
from engine.lyrics.phrases import PhraseMaker
from engine.lyrics.rhyme import (
    NEAR,
    internal_rhymes,
    last_word,
    multisyllable,
    partners,
    rhyme_score,
    singable_end,
    stressed_vowel,
)
from engine.lyrics.syllables import count_syllables

_PER_LINE = 160  # candidates drawn per line position at first (a third in longer stanzas)
_REFILLS = 10  # times more candidates are drawn when a rhyme group finds none
_TARGETED = 24  # lines drawn to end on one rhyme word
_RHYME_WORDS = 8  # first lines' end words tried per refill
_LONG = 8  # lines: a longer stanza (16 bars) keeps images and rhyme words apart by fours
_SEEDS = 16  # of the song's most rhymable end words, a few are tried per refill
_SCENE_PLACES = frozenset({"place", "fixture"})  # where a scene is: a kitchen, a door


@dataclass(frozen=True)
class Candidate:
    line: Line
    syllables: int
    end: str
    vowel: str  # the end word's last stressed vowel: rhymes share it
    internal: int


@dataclass(frozen=True)
class Wishes:
    """What the stanza should favour besides rhyme and meter."""

    internal: float = 0.0  # weight of internal and multisyllable rhymes (hip-hop, "more rhyme")
    singable: bool = False  # choruses: long vowels at line ends


def candidates(
    maker: PhraseMaker, templates: tuple[str, ...], voice: Voice, count: int, rhyme: str = ""
) -> list[Candidate]:
    """`count` lines drawn from the templates, each rendered afresh (ending, where the grammar
    can, on a rhyme for `rhyme`)."""
    found: list[Candidate] = []
    seen: set[str] = set()
    for _ in range(count):
        line = maker.render(maker.rng.choice(templates), voice, rhyme=rhyme)
        if line is None or line.text in seen:
            continue
        seen.add(line.text)
        end = last_word(line.text)
        found.append(
            Candidate(
                line=line,
                syllables=count_syllables(line.text),
                end=end,
                vowel=stressed_vowel(end),
                internal=internal_rhymes(line.text),
            )
        )
    return found


def joined(maker: PhraseMaker, voice: Voice, count: int, target: int) -> list[Candidate]:
    """Lines of two clauses whose last words rhyme ("The rain falls on the street, I wait on
    my feet"): a rhyme inside the line, the way rap rhymes."""
    halves = candidates(maker, tpl.HALVES, voice, count * 3)
    by_vowel: dict[str, list[Candidate]] = defaultdict(list)
    for half in halves:
        by_vowel[half.vowel].append(half)
    found: list[Candidate] = []
    for group in by_vowel.values():
        for a in group:
            for b in group:
                if a is b or a.line.images & b.line.images or a.end == b.end:
                    continue
                if abs(a.syllables + b.syllables - target) > 1:
                    continue
                if rhyme_score(a.end, b.end) < NEAR:
                    continue
                second = (
                    b.line.text
                    if b.line.text.startswith("I ")
                    else (b.line.text[:1].lower() + b.line.text[1:])
                )
                text = f"{a.line.text}, {second}"
                line = Line(text=text, images=a.line.images | b.line.images, template="joined")
                found.append(
                    Candidate(
                        line, a.syllables + b.syllables, b.end, b.vowel, internal_rhymes(text)
                    )
                )
                if len(found) >= count:
                    return found
    return found


def _groups(scheme: str, count: int) -> list[list[int]]:
    """Positions that rhyme together, per block of the scheme's length; X lines stand alone."""
    letters = (scheme * (count // len(scheme) + 1))[:count]
    groups: list[list[int]] = []
    size = len(scheme)
    for start in range(0, count, size):
        block: dict[str, list[int]] = {}
        for i in range(start, min(start + size, count)):
            key = letters[i] if letters[i] not in "XC" else f"{letters[i]}{i}"
            block.setdefault(key, []).append(i)
        groups.extend(block.values())
    return groups


def write_stanza(
    maker: PhraseMaker,
    beat: tpl.Beat,
    voice: Voice,
    *,
    scheme: str,
    targets: list[int],
    fixed: dict[int, str] | None = None,
    center: int = 0,
    wishes: Wishes | None = None,
    used_ends: set[str] | None = None,
    first_names: frozenset[str] = frozenset(),
    names: frozenset[str] = frozenset(),
    scene: bool = False,
) -> list[str]:
    """Lines for each target syllable count, rhyming in `scheme`; `fixed` lines are kept as
    given (a hook), and the others rhyme with them where the scheme says so; no line ends on
    a word of `used_ends`. With a `center`, every line is also within a syllable of it (a verse
    sung to another's melody keeps its own section's meter too). The first line names one of
    `first_names` when any of its candidates can (the prompt's own rain, in verse 1), and
    every line one of `names` (a verse rewritten about the sea names the sea's things). A
    `scene` (verse 1) opens on a line that says where and when, where one of them rhymes."""
    fixed = fixed or {}
    wishes = wishes or Wishes()
    used_ends = used_ends if used_ends is not None else set()

    long = len(targets) > _LONG

    def draw(
        position: int, count: int, *, halves: bool = True, rhyme: str = "", wide: bool = False
    ) -> list[Candidate]:
        # Sixteen bars draw on all their jobs at every bar: their couplets need the rhymes.
        every = wide or long
        found = candidates(maker, beat.every if every else beat.at(position), voice, count, rhyme)
        if wishes.internal and halves:
            found += joined(maker, voice, count, center or targets[0])
        return [c for c in found if not center or abs(c.syllables - center) <= 1]

    # A long stanza draws less for each line: sixteen bars within the second a song may take.
    per_line = _PER_LINE // 4 if long else _PER_LINE
    refills, targeted = (_REFILLS, _TARGETED * 2 // 3) if long else (_REFILLS, _TARGETED)
    if names:  # lines that must name a topic's things need more tries to find a rhyme
        targeted *= 3
    pools = {i: draw(i, per_line) for i in range(len(targets)) if i not in fixed}
    chosen: dict[int, Candidate | str] = dict(fixed)
    taken: set[str] = set()
    sung = set(fixed.values())  # a line is sung once in a stanza (a blues A repeats by form)
    first_ends = set(used_ends) | {last_word(text) for text in fixed.values()}
    ends = set(first_ends)
    images: Counter[str] = Counter()
    for group in _groups(scheme, len(targets)):
        if long and group[0] % 4 == 0:
            # Sixteen bars cannot each name new things and end on new words: a long verse
            # keeps them apart within each four bars, and names a thing twice at most.
            taken = {image for image, count in images.items() if count >= 2}
            ends = set(first_ends)
        anchor = next((fixed[i] for i in group if i in fixed), None)
        open_ = [i for i in group if i not in fixed]
        if not open_:
            continue
        picks = None
        for attempt in range(refills + 1):
            fresh = {
                i: [
                    c
                    for c in pools[i]
                    if not c.line.images & taken and c.end not in ends and c.line.text not in sung
                ]
                for i in open_
            }
            named = dict(fresh)
            for i, wanted in ((0, first_names), *((i, names) for i in open_)):
                if i in named and wanted:
                    named[i] = [c for c in named[i] if c.line.images & wanted] or named[i]
            # Lines that name what they should, unless the tries found them no rhyme; in verse 1,
            # a first line that also sets the scene, if one rhymes.
            picks = None
            if scene and 0 in named:
                scene_set = {**named, 0: [c for c in named[0] if _sets_scene(c, maker)]}
                if 1 in named:  # and a second line that does not say when again
                    timeless = [c for c in named[1] if not tpl.tells_when(c.line.template)]
                    scene_set[1] = timeless or named[1]
                if scene_set[0]:
                    picks = _pick(scene_set, open_, targets, anchor, wishes, maker.rng)
            if picks is None:
                picks = _pick(named, open_, targets, anchor, wishes, maker.rng)
            if picks is None and attempt >= refills - 2:
                picks = _pick(fresh, open_, targets, anchor, wishes, maker.rng)
            if picks is not None or attempt == refills:
                break
            # Nothing rhymes within the meter among what is left: draw lines for the later
            # positions that end on a rhyme for the best lines of the first (or the anchor).
            # Then, lines for every position ending on one of the sounds the song's words
            # rhyme on most.
            first, rest = open_[0], open_[1:]
            if anchor or attempt % 2 == 0 or attempt >= refills - 3:
                tries = _rhymes_to_try(anchor, fresh[first], targets[first], maker.rhyme_seeds())
                # Late tries let a line do another job of the section to find its rhyme.
                wide = attempt >= refills // 2
                # The last tries may borrow a thing from a neighbouring setting, the very last
                # from anywhere.
                borrow = attempt >= refills - 3
                anywhere = attempt >= refills - 1
                with maker.borrowing(anywhere=anywhere) if borrow else nullcontext():
                    for word in tries:
                        for i in rest or [first]:
                            pools[i] += draw(i, targeted, halves=False, rhyme=word, wide=wide)
                    if rest:  # and more first lines, to rhyme on next time
                        pools[first] += draw(first, targeted, halves=False, wide=wide)
                    if anywhere:  # and every line on the sounds the song rhymes on most
                        for word in maker.rhyme_seeds()[:_SEEDS]:
                            for i in open_:
                                pools[i] += draw(i, targeted // 2, halves=False, rhyme=word)
            else:
                seeds = maker.rhyme_seeds()[:_SEEDS]
                for word in maker.rng.sample(seeds, min(_RHYME_WORDS // 2, len(seeds))):
                    for i in open_:
                        pools[i] += draw(i, targeted, halves=False, rhyme=word)
        if picks is None:  # rhyming lines that share a thing, before lines that do not rhyme
            every = {i: [c for c in pools[i] if c.end not in ends and c.line.text not in sung]
                     for i in open_}  # fmt: skip
            picks = _pick(every, open_, targets, anchor, wishes, maker.rng, apart=False)
        if picks is None:  # the closest lines, rhyme or not
            for i in open_:
                if not pools[i]:
                    # The setting's things are all sung: this line may name one again.
                    pools[i] = _again(maker, lambda count, i=i: draw(i, count)) or candidates(
                        maker, tpl.FALLBACK, voice, _PER_LINE
                    )
            fresh = {
                i: [
                    c
                    for c in pools[i]
                    if c.end not in ends and not c.line.images & taken and c.line.text not in sung
                ]
                or [c for c in pools[i] if c.line.text not in sung]
                or pools[i]
                for i in open_
            }
            picks = _closest(fresh, open_, targets, anchor, wishes, maker.rng)
        for i, pick in zip(open_, picks, strict=True):
            chosen[i] = pick
            taken |= pick.line.images
            images.update(pick.line.images)
            ends.add(pick.end)
            sung.add(pick.line.text)
        if not long:
            maker.avoid |= taken
    # A song names each image once (a chorus is sung again, not written again); lines drawn
    # from now on leave these out.
    maker.avoid |= set(images)
    return [c if isinstance(c, str) else c.line.text for _, c in sorted(chosen.items())]


def _sets_scene(c: Candidate, maker: PhraseMaker) -> bool:
    """Whether a line says when and names a place ("Tonight, I wait at the bus stop")."""
    nouns = maker.lex.nouns
    places = any(w in nouns and nouns[w].tags & _SCENE_PLACES for w in c.line.images)
    return places and tpl.tells_when(c.line.template)


def _rhymes_to_try(
    anchor: str | None, firsts: list[Candidate], target: int, seeds: tuple[str, ...]
) -> list[str]:
    """The words later lines of a rhyme group should end on: the anchor's, else the end words
    of first lines within the meter that the song's own words rhyme with most."""
    if anchor:
        return [last_word(anchor)]
    rank = {word: i for i, word in enumerate(seeds)}
    fitting = {c.end for c in firsts if abs(c.syllables - target) <= 1}
    # The song's own rhyming words first, then those the whole lexicon rhymes with most.
    return sorted(fitting, key=lambda w: (rank.get(w, len(rank)), -partners(w), w))[:_RHYME_WORDS]


def _again(maker: PhraseMaker, draw: Callable[[int], list[Candidate]]) -> list[Candidate]:
    """Lines drawn with the images already sung allowed again (never when there are others)."""
    sung, maker.avoid = maker.avoid, set()
    try:
        return draw(_PER_LINE * 2)
    finally:
        maker.avoid = sung | maker.avoid


def _alone(c: Candidate, target: int, wishes: Wishes, rng: random.Random) -> float:
    score = -abs(c.syllables - target) + rng.random() * 0.5
    if wishes.singable:
        score += singable_end(c.line.text)
    score += min(c.internal, 2) * wishes.internal
    return score


def _closest(
    pools: dict[int, list[Candidate]],
    positions: list[int],
    targets: list[int],
    anchor: str | None,
    wishes: Wishes,
    rng: random.Random,
) -> list[Candidate]:
    """Lines nearest the meter, each rhyming as well as it can with the first (or the anchor)."""
    picks: list[Candidate] = []
    for i in positions:
        rhyme_to = anchor or (picks[0].end if picks else None)
        usable = [c for c in pools[i] if c not in picks] or pools[i]
        picks.append(
            max(
                usable,
                key=lambda c: (
                    _alone(c, targets[i], wishes, rng)
                    + (rhyme_score(rhyme_to, c.end) * 3 if rhyme_to else 0.0)
                ),
            )
        )
    return picks


def _by_end(found: Iterable[Candidate]) -> dict[str, list[Candidate]]:
    grouped: dict[str, list[Candidate]] = defaultdict(list)
    for c in found:
        grouped[c.end].append(c)
    return grouped


def _pick(
    pools: dict[int, list[Candidate]],
    positions: list[int],
    targets: list[int],
    anchor: str | None,
    wishes: Wishes,
    rng: random.Random,
    *,
    apart: bool = True,
) -> list[Candidate] | None:
    """The best lines for one rhyme group, each from its position's pool, within one syllable
    of their targets and rhyming (near rhymes count), naming no thing twice (`apart`); None
    when the pools have none."""
    if len(positions) == 1:
        target = targets[positions[0]]
        usable = [
            c
            for c in pools[positions[0]]
            if abs(c.syllables - target) <= 1
            and (anchor is None or rhyme_score(anchor, c.end) >= NEAR)
        ]
        if not usable:
            return None
        return [max(usable, key=lambda c: _alone(c, target, wishes, rng))]
    # A pair (a bigger group adds lines rhyming with the pair's first).
    first, second = positions[0], positions[1]
    # Grouped by end word: near rhymes may meet on a secondary stress ("doorway", "gray").
    firsts = _by_end(c for c in pools[first] if abs(c.syllables - targets[first]) <= 1)
    seconds = _by_end(c for c in pools[second] if abs(c.syllables - targets[second]) <= 1)
    best: tuple[float, Candidate, Candidate] | None = None
    for end_a, end_b in itertools.product(firsts, seconds):
        if rhyme_score(end_a, end_b) < NEAR:
            continue
        for a in firsts[end_a]:
            for b in seconds[end_b]:
                if b is a or b.end == a.end or (apart and a.line.images & b.line.images):
                    continue
                rhyme = rhyme_score(a.end, b.end)
                if rhyme < NEAR:
                    continue
                score = rhyme * 3 + _alone(a, targets[first], wishes, rng)
                score += _alone(b, targets[second], wishes, rng)
                if wishes.internal and multisyllable(a.line.text, b.line.text):
                    score += wishes.internal
                if best is None or score > best[0]:
                    best = (score, a, b)
    if best is None:
        return None
    picks = [best[1], best[2]]
    for extra in positions[2:]:
        rest = [c for c in pools[extra] if not c.line.images & best[1].line.images]
        more = _pick({extra: rest}, [extra], targets, best[1].end, wishes, rng)
        if more is None:
            return None
        picks += more
    return picks
