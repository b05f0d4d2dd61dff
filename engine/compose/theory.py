"""Pitch names, scales, meters and the seconds/beats arithmetic every part of the composer shares."""

from __future__ import annotations

from dataclasses import dataclass

# The twelve pitch classes by number (C = 0), in the sharp spelling the analysis names keys and
# chords in.
PITCH_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
MAJOR_STEPS = (0, 2, 4, 5, 7, 9, 11)
MINOR_STEPS = (0, 2, 3, 5, 7, 8, 10)


def pitch_class(name: str) -> int:
    """Pitch class 0-11 of a note, key or chord root name in either spelling: "D", "F#", "Bb"."""
    pc = PITCH_NAMES.index(name[0].upper())
    for accidental in name[1:]:
        pc += 1 if accidental == "#" else -1 if accidental == "b" else 0
    return pc % 12


FLAT_NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
# The keys written with flats in their signature (tonic pitch classes): F, Bb, Eb, Ab and Db
# major; D, G, C, F, Bb and Eb minor. Six accidentals either way are spelt F# major, Eb minor.
_FLAT_MAJOR_TONICS = frozenset({5, 10, 3, 8, 1})
_FLAT_MINOR_TONICS = frozenset({2, 7, 0, 5, 10, 3})


def spelling_of(key: str, mode: str) -> tuple[str, ...]:
    """The twelve pitch names as a key writes them: flats in a flat key ("Eb", "Bb" in C minor),
    sharps otherwise."""
    flats = _FLAT_MINOR_TONICS if mode == "minor" else _FLAT_MAJOR_TONICS
    return FLAT_NAMES if pitch_class(key) in flats else PITCH_NAMES


def spelled(name: str, key: str, mode: str) -> str:
    """A note, key or chord name ("D#", "A#m", "N" for no chord) as the key spells it."""
    if not name or name == "N":
        return name
    root = name[:2] if name[1:2] in ("#", "b") else name[:1]
    return spelling_of(key, mode)[pitch_class(root)] + name[len(root) :]


def scale_steps(mode: str) -> tuple[int, ...]:
    """Semitones above the tonic of the seven degrees of a mode ("major" or natural "minor")."""
    return MINOR_STEPS if mode == "minor" else MAJOR_STEPS


def scale_pitches(key: str, mode: str, low: int, high: int) -> list[int]:
    """All MIDI pitches of the key's scale between `low` and `high` inclusive."""
    tonic = pitch_class(key)
    pcs = {(tonic + step) % 12 for step in scale_steps(mode)}
    return [p for p in range(low, high + 1) if p % 12 in pcs]


def nearest(pitches: list[int], target: float) -> int:
    """The pitch of `pitches` closest to `target` (the lower one on a tie)."""
    return min(pitches, key=lambda p: (abs(p - target), p))


@dataclass(frozen=True)
class Meter:
    """A time signature as the composer counts it: felt beats per bar and slots (subdivisions) per beat.

    Simple meters count quarter notes split in two; compound ones (6/8, 12/8) count dotted quarters
    split in three, so a 12/8 blues "at 80 bpm" has 80 dotted-quarter beats a minute.
    """

    numerator: int
    denominator: int

    @property
    def compound(self) -> bool:
        return self.denominator == 8 and self.numerator % 3 == 0 and self.numerator > 3

    @property
    def beats_per_bar(self) -> int:
        if self.compound:
            return self.numerator // 3
        return max(1, round(self.numerator * 4 / self.denominator))

    @property
    def slots_per_beat(self) -> int:
        return 3 if self.compound else 2

    @property
    def slots_per_bar(self) -> int:
        return self.beats_per_bar * self.slots_per_beat

    def slot_weight(self, slot: int) -> int:
        """Metric strength of a slot within the bar: 3 downbeat, 2 mid-bar, 1 other beats, 0 off-
        beats."""
        slot %= self.slots_per_bar
        if slot == 0:
            return 3
        if slot % self.slots_per_beat:
            return 0
        beat = slot // self.slots_per_beat
        if self.beats_per_bar % 2 == 0 and beat == self.beats_per_bar // 2:
            return 2
        return 1


def swung(beat: float, swing: float) -> float:
    """Move an off-beat eighth (x.5) to `swing` of the beat (2/3 for a jazz swing, 0.5 straight)."""
    whole = int(beat // 1)
    if abs(beat - whole - 0.5) < 1e-6:
        return whole + swing
    return beat
