"""A stanza: lines chosen among the grammar's candidates to fit a rhyme scheme and a meter, with
no image sung twice and no rhyme word reused."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from engine.lyrics import templates as tpl
from engine.lyrics.phrases import Line, PhraseMaker, Voice
from engine.lyrics.rhyme import (
    NEAR,
    internal_rhymes,
    last_word,
    multisyllable,
    rhyme_score,
    singable_end,
    stressed_vowel,
)
from engine.lyrics.syllables import count_syllables

_PER_LINE = 40  # candidates drawn per line of the stanza (for up to four lines at first)
_REFILLS = 8  # times more candidates are drawn when a rhyme group finds none


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
    maker: PhraseMaker, templates: tuple[str, ...], voice: Voice, count: int
) -> list[Candidate]:
    """`count` lines drawn from the templates, each rendered afresh."""
    found: list[Candidate] = []
    seen: set[str] = set()
    for _ in range(count):
        line = maker.render(maker.rng.choice(templates), voice)
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
    halves = candidates(maker, tpl.HALVES, voice, count * 4)
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
    templates: tuple[str, ...],
    voice: Voice,
    *,
    scheme: str,
    targets: list[int],
    fixed: dict[int, str] | None = None,
    center: int = 0,
    wishes: Wishes | None = None,
    used_ends: set[str] | None = None,
) -> list[str]:
    """Lines for each target syllable count, rhyming in `scheme`; `fixed` lines are kept as
    given (a hook), and the others rhyme with them where the scheme says so. With a `center`,
    every line is also within a syllable of it (a verse sung to another's melody keeps its own
    section's meter too)."""
    fixed = fixed or {}
    wishes = wishes or Wishes()
    used_ends = used_ends if used_ends is not None else set()

    def draw(count: int) -> list[Candidate]:
        found = candidates(maker, templates, voice, count)
        if wishes.internal:
            found += joined(maker, voice, count, center or targets[0])
        return [c for c in found if not center or abs(c.syllables - center) <= 1]

    pool = draw(_PER_LINE * min(len(targets), 4))
    chosen: dict[int, Candidate | str] = dict(fixed)
    taken: set[str] = set()
    ends = set(used_ends) | {last_word(text) for text in fixed.values()}
    for group in _groups(scheme, len(targets)):
        anchor = next((fixed[i] for i in group if i in fixed), None)
        open_ = [i for i in group if i not in fixed]
        if not open_:
            continue
        picks = None
        for _ in range(_REFILLS):
            fresh = [c for c in pool if not c.line.images & taken and c.end not in ends]
            picks = _pick(fresh, open_, targets, anchor, wishes, maker.rng)
            if picks is not None:
                break
            # Nothing rhymes within the meter among what is left: draw more lines.
            pool += draw(_PER_LINE * 2)
        if picks is None:  # the closest lines, rhyme or not
            fresh = [c for c in pool if c.end not in ends and not c.line.images & taken] or pool
            picks = _closest(fresh, open_, targets, anchor, wishes, maker.rng)
        for i, pick in zip(open_, picks, strict=True):
            chosen[i] = pick
            taken |= pick.line.images
            ends.add(pick.end)
            pool = [c for c in pool if c is not pick]
        # A song names each image once (a chorus is sung again, not written again); lines
        # drawn from now on leave these out.
        maker.avoid |= taken
    used_ends |= ends
    return [c if isinstance(c, str) else c.line.text for _, c in sorted(chosen.items())]


def _alone(c: Candidate, target: int, wishes: Wishes, rng: random.Random) -> float:
    score = -abs(c.syllables - target) + rng.random() * 0.5
    if wishes.singable:
        score += singable_end(c.line.text)
    score += min(c.internal, 2) * wishes.internal
    return score


def _closest(
    pool: list[Candidate],
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
        usable = [c for c in pool if c not in picks] or pool
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


def _pick(
    pool: list[Candidate],
    positions: list[int],
    targets: list[int],
    anchor: str | None,
    wishes: Wishes,
    rng: random.Random,
) -> list[Candidate] | None:
    """The best lines for one rhyme group, within one syllable of their targets and rhyming
    (near rhymes count); None when the pool has none."""
    if len(positions) == 1:
        target = targets[positions[0]]
        usable = [
            c
            for c in pool
            if abs(c.syllables - target) <= 1
            and (anchor is None or rhyme_score(anchor, c.end) >= NEAR)
        ]
        if not usable:
            return None
        return [max(usable, key=lambda c: _alone(c, target, wishes, rng))]
    # A pair (a bigger group adds lines rhyming with the pair's first).
    first, second = positions[0], positions[1]
    by_vowel: dict[str, list[Candidate]] = defaultdict(list)
    for c in pool:
        if c.vowel:
            by_vowel[c.vowel].append(c)
    best: tuple[float, Candidate, Candidate] | None = None
    for group in by_vowel.values():
        firsts = [c for c in group if abs(c.syllables - targets[first]) <= 1]
        seconds = [c for c in group if abs(c.syllables - targets[second]) <= 1]
        for a in firsts:
            for b in seconds:
                if b is a or b.end == a.end or a.line.images & b.line.images:
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
        rest = [c for c in pool if c not in picks and not c.line.images & best[1].line.images]
        more = _pick(rest, [extra], targets, best[1].end, wishes, rng)
        if more is None:
            return None
        picks += more
    return picks
