"""Melodies written to syllables: stressed syllables on strong beats, a phrase per line, chord tones on
the accents, the chorus higher and plainer (a hook) than the verse."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from engine.compose.harmony import Chord
from engine.compose.theory import Meter, nearest, pitch_class, scale_pitches, swung
from engine.contract import DEFAULT_VOICE_QUALITY

# Where each voice sings (MIDI pitches). The draft voices (Flite and eSpeak through WORLD) go
# wherever a pop melody goes. The neural voice (Kokoro, `engine.render.voice_kokoro`) sings cleanly
# only lower, as measured by DNSMOS P.808 on sung lines (the issue 17 notes): its woman above
# D4 and its man above G3 turn thin and creaky, so its melodies sit there, the woman's still
# higher than the man's by a fifth and more.
VOCAL_RANGES: dict[str, tuple[int, int]] = {"male": (48, 67), "female": (53, 72), "duet": (53, 72)}
NEURAL_VOCAL_RANGES: dict[str, tuple[int, int]] = {
    "male": (40, 55),
    "female": (50, 64),
    "duet": (48, 60),
}


def vocal_range(register: str, voice_quality: str = DEFAULT_VOICE_QUALITY) -> tuple[int, int]:
    """The lowest and highest pitch the melody of a `register` lead may use, for the voice that
    sings it ("full": the neural voice, "draft": the formant voices)."""
    ranges = NEURAL_VOCAL_RANGES if voice_quality == "full" else VOCAL_RANGES
    return ranges.get(register, ranges["female"])


THEME_RANGE = (62, 84)
# Where a section's melody sits within the range (0 bottom, 1 top): the chorus lifts.
SECTION_HEIGHT: dict[str, float] = {
    "verse": 0.32, "pre_chorus": 0.48, "chorus": 0.66, "hook": 0.7, "post_chorus": 0.6, "bridge": 0.55,
    "build_up": 0.55, "solo": 0.55, "inst": 0.5,
}  # fmt: skip
HOOKY = frozenset({"chorus", "hook", "post_chorus"})
MAX_LEAP = 7  # semitones; wider leaps are hard to sing in tune
BAR_CHOICES = (1, 2, 4, 6, 8, 12, 16, 24, 32)


@dataclass(frozen=True)
class MelodyNote:
    """A melody note; `syllable` is the index of the syllable (within its line) sung on it."""

    pitch: int
    start_beat: float
    duration_beats: float
    syllable: int


def phrase_bars(syllable_counts: list[int], meter: Meter, *, at_least: int = 2) -> int:
    """Bars per line so every line of a section fits with a beat of breath at its end."""
    most = max(syllable_counts, default=0)
    for bars in BAR_CHOICES:
        if bars < at_least:
            continue
        usable = bars * meter.slots_per_bar - meter.slots_per_beat
        if most <= usable * 0.85 or bars == BAR_CHOICES[-1]:
            return bars
    return BAR_CHOICES[-1]


def rhythm(
    stresses: list[bool], meter: Meter, bars: int, *, hooky: bool
) -> list[tuple[float, float]]:
    """(first slot, length in slots) per syllable: stresses on strong slots, a beat's rest at the
    end."""
    n = len(stresses)
    spb = meter.slots_per_beat
    end = bars * meter.slots_per_bar - spb
    if n == 0:
        return []
    if n > end:  # more syllables than slots: spoken fast, evenly, rather than dropped
        return [(t * end / n, end / n) for t in range(n)]
    max_gap = 2 * spb + 2
    inf = math.inf
    cost = [[inf] * end for _ in range(n)]
    back = [[-1] * end for _ in range(n)]
    for t in range(min(end, 2 * spb + 1)):
        cost[0][t] = _place(stresses[0], meter.slot_weight(t)) + 0.3 * t
    for i in range(1, n):
        for t in range(i, end):
            place = _place(stresses[i], meter.slot_weight(t))
            for prev in range(max(i - 1, t - max_gap), t):
                c = cost[i - 1][prev] + _length_cost(t - prev, hooky) + place
                if c < cost[i][t]:
                    cost[i][t], back[i][t] = c, prev
    best, last = inf, n - 1
    for t in range(n - 1, end):
        tail = end - t
        c = cost[n - 1][t] + max(0, tail - 3 * spb) * 0.3
        if c < best:
            best, last = c, t
    slots = [last]
    for i in range(n - 1, 0, -1):
        slots.append(back[i][slots[-1]])
    slots.reverse()
    return [(slot, (slots[k + 1] if k + 1 < n else end) - slot) for k, slot in enumerate(slots)]


def _place(stressed: bool, weight: int) -> float:
    return (3 - weight) * 1.0 if stressed else weight * 0.35


def _length_cost(slots: int, hooky: bool) -> float:
    if slots == 1:
        return 0.0 if hooky else 0.15
    if slots == 2:
        return 0.1 if hooky else 0.0
    return 0.4 + 0.25 * (slots - 3)


@dataclass(frozen=True)
class LineShape:
    """Where a line's melody goes: its section, its role in the section and the pitch range."""

    kind: str
    role: str  # "A", "B" or "C": lines with the same role share a contour
    low: int
    high: int
    ends_section: bool
    seed: int


def line_role(kind: str, line_index: int) -> str:
    """The contour a line reuses: choruses go A A B A (the hook returns), verses A B A C."""
    pattern = "AABA" if kind in HOOKY else "ABAC"
    return pattern[line_index % 4]


def melody_for_line(
    stresses: list[bool],
    *,
    start_beat: float,
    bars: int,
    meter: Meter,
    swing: float,
    key: str,
    mode: str,
    chord_at: Callable[[float], Chord],
    shape: LineShape,
) -> list[MelodyNote]:
    """The notes of one line, one per syllable (two on a long last syllable), from the chords and
    scale."""
    hooky = shape.kind in HOOKY
    slots = rhythm(stresses, meter, bars, hooky=hooky)
    slot_beats = 1.0 / meter.slots_per_beat
    scale = scale_pitches(key, mode, shape.low, shape.high)
    height = SECTION_HEIGHT.get(shape.kind, 0.45)
    centre = shape.low + height * (shape.high - shape.low)
    rng = random.Random(f"melody:{shape.seed}:{shape.kind}:{shape.role}:{len(stresses)}")
    jitter = [rng.uniform(-2.5, 2.5) * (0.5 if hooky else 1.0) for _ in stresses]
    span = 6.0 if hooky else 5.0
    notes: list[MelodyNote] = []
    previous: int | None = None
    n = len(slots)
    for i, (slot, length) in enumerate(slots):
        x = i / max(1, n - 1)
        target = centre + _contour(shape.role, x) * span + jitter[i]
        start = start_beat + swung(slot * slot_beats, swing)
        duration = start_beat + swung((slot + length) * slot_beats, swing) - start
        chord_ = chord_at(start)
        strong = stresses[i] or meter.slot_weight(slot) >= 2
        last = i == n - 1
        if last and shape.ends_section:
            candidates = [p for p in scale if p % 12 == pitch_class(key)]
        elif strong or last:
            candidates = [p for p in scale if p % 12 in chord_.pitch_classes] or scale
        else:
            candidates = scale
        if previous is not None:
            near = [p for p in candidates if abs(p - previous) <= MAX_LEAP]
            candidates = near or candidates
        pitch = nearest(candidates, target)
        if pitch == previous and not hooky and len(candidates) > 1 and rng.random() < 0.6:
            # A verse that recites on one note drones; the chorus may hammer its hook note.
            pitch = nearest([p for p in candidates if p != previous], target)
        if last and duration >= 2.0 and not shape.ends_section and shape.role != "A":
            # A melisma: the last syllable leans on the step above, then settles.
            upper = [p for p in scale if p > pitch][:1] or [pitch]
            notes.append(MelodyNote(upper[0], start, duration / 2 * 0.97, i))
            notes.append(MelodyNote(pitch, start + duration / 2, duration / 2 * 0.95, i))
        else:
            notes.append(MelodyNote(pitch, start, duration * 0.95, i))
        previous = pitch
    return notes


def _contour(role: str, x: float) -> float:
    """Height (about -1..1) along a line: A arches, B falls from high, C climbs (a question)."""
    if role == "A":
        return math.sin(math.pi * x) - 0.3
    if role == "B":
        return 0.8 - 1.3 * x
    return -0.6 + 1.2 * x


def theme_stresses(count: int, rng: random.Random) -> list[bool]:
    """Made-up "syllables" for an instrumental theme: accents alternating, with an odd weak pickup."""
    stresses = [i % 2 == 0 for i in range(count)]
    if count > 3 and rng.random() < 0.5:
        stresses[1] = True
    return stresses
