"""The bar-by-bar plan every part is written from: where each bar starts, its chord and its energy."""

from __future__ import annotations

from dataclasses import dataclass

from engine.compose.harmony import Chord
from engine.compose.score import ChordSpan, Note, Track
from engine.compose.theory import Meter

# (pitch, start in beats, length in beats, velocity) before it becomes a `Note` with seconds.
Event = tuple[int, float, float, int]


@dataclass(frozen=True)
class Bar:
    """One bar of the song: its start, chord, section and how full the arrangement is (energy 0-1)."""

    start_beat: float
    chord: Chord
    section_index: int
    kind: str
    bar_in_section: int
    bars_in_section: int
    energy: float
    last_of_song: bool = False

    @property
    def last_of_section(self) -> bool:
        return self.bar_in_section == self.bars_in_section - 1

    @property
    def first_of_section(self) -> bool:
        return self.bar_in_section == 0


@dataclass(frozen=True)
class Groove:
    """The rhythmic frame shared by all parts: meter, swing and genre."""

    meter: Meter
    swing: float
    genre: str

    @property
    def beats_per_bar(self) -> int:
        return self.meter.beats_per_bar


def velocity(base: int, energy: float) -> int:
    """A velocity that grows with the section's energy, kept within MIDI's 1-127."""
    return max(1, min(127, round(base * (0.75 + 0.35 * energy))))


def chord_spans(bars: list[Bar], beats_per_bar: int, bpm: float) -> list[ChordSpan]:
    """The chords of `bars` on the timeline in seconds; a chord held over several bars is one span."""
    spans: list[ChordSpan] = []
    seconds_per_beat = 60.0 / bpm
    for bar in bars:
        chord_ = bar.chord
        start_s = bar.start_beat * seconds_per_beat
        end_s = (bar.start_beat + beats_per_bar) * seconds_per_beat
        last = spans[-1] if spans else None
        if (
            last
            and (last.root_pc, last.quality) == (chord_.root_pc, chord_.quality)
            and abs(last.end_s - start_s) < 1e-6
        ):
            spans[-1] = ChordSpan(last.root_pc, last.quality, last.start_s, end_s)
        else:
            spans.append(ChordSpan(chord_.root_pc, chord_.quality, start_s, end_s))
    return spans


def track_from_events(
    name: str,
    role: str,
    program: int,
    events: list[Event],
    bpm: float,
    *,
    is_drum: bool = False,
    pan: float = 0.0,
    gain_db: float = 0.0,
    sort: bool = True,
) -> Track:
    """Events (pitch, start beat, length in beats, velocity) as a track of notes with seconds,
    in time order; `sort=False` keeps the events' own order (a sung line's notes are indexed by
    syllable)."""
    ordered = sorted(events, key=lambda e: (e[1], e[0])) if sort else events
    seconds = 60.0 / bpm
    notes = [
        Note(
            pitch,
            round(start, 6),
            round(length, 6),
            vel,
            round(start * seconds, 6),
            round(length * seconds, 6),
        )
        for pitch, start, length, vel in ordered
        if length > 0
    ]
    return Track(
        name=name,
        role=role,
        program=program,
        is_drum=is_drum,
        pan=pan,
        gain_db=gain_db,
        notes=notes,
    )
