"""Bass lines per genre: roots on the strong beats, the genre's figure around them."""

from __future__ import annotations

from engine.compose.harmony import QUALITIES, Chord
from engine.compose.plan import Bar, Event, Groove, velocity
from engine.compose.theory import swung

# Cells evenly divide the bar. R root, 5 fifth, 8 octave, 3 third, 6 sixth, 7 seventh,
# A a chromatic step into the next bar's root, "-" holds the note before, "." rests.
FIGURES: dict[str, str] = {
    "pop": "R--R--R-",
    "rock": "RRRRRRRR",
    "metal": "RRRRRRRR",
    "blues": "R--3--5--6--",
    "jazz": "R35A",
    "country": "R---5---",
    "folk": "R---5---",
    "reggae": "R-.R5-.-",
    "electronic": "R-R.R-R.",
    "hiphop": "R-----5-",
    "lofi": "R--.R-5-",
    "funk": "R..R..8.R.5.7.8.",
    "latin": "R--5--R-",
    "ballad": "R---5---",
    "cinematic": "R-------",
    "rnb": "R---.-5R",
}
LOW_ROOT = 36  # roots sit between C2 and B2


def bass_bar(bar: Bar, next_chord: Chord | None, groove: Groove) -> list[Event]:
    """The bass notes of one bar; the song's last bar holds the tonic root."""
    root = LOW_ROOT + (bar.chord.root_pc - LOW_ROOT) % 12
    beats = groove.beats_per_bar
    if bar.last_of_song:
        return [(root, bar.start_beat, float(beats), velocity(100, bar.energy))]
    figure = _figure(groove)
    step = beats / len(figure)
    events: list[Event] = []
    for i, cell in enumerate(figure):
        if cell in ".-":
            continue
        position = i * step
        on_beat = abs(position - round(position)) < 1e-6
        if bar.energy < 0.55 and not on_beat and cell != "R":
            continue  # quiet sections keep the bass to the beats
        held = 1
        while i + held < len(figure) and figure[i + held] == "-":
            held += 1
        start = swung(position, groove.swing)
        length = (min(swung(position + held * step, groove.swing), beats) - start) * 0.92
        pitch = _pitch(cell, root, bar.chord, next_chord)
        accent = 100 if position == 0 else 88
        events.append((pitch, bar.start_beat + start, length, velocity(accent, bar.energy)))
    return events


def _figure(groove: Groove) -> str:
    figure = FIGURES.get(groove.genre, FIGURES["pop"])
    meter = groove.meter
    cells = len(figure)
    straight_fits = meter.beats_per_bar == 4 and not meter.compound and cells in (4, 8, 16)
    triplet_fits = meter.beats_per_bar == 4 and cells == 12
    if straight_fits or triplet_fits:
        return figure
    # Other meters: root on the downbeat, fifth on the other beats.
    return (
        "R"
        + "".join("-" * (meter.slots_per_beat - 1) + "5" for _ in range(meter.beats_per_bar - 1))
        + "-" * (meter.slots_per_beat - 1)
    )


def _pitch(cell: str, root: int, chord: Chord, next_chord: Chord | None) -> int:
    intervals = QUALITIES[chord.quality]
    third = next((i for i in intervals if i in (3, 4)), 4)
    seventh = next((i for i in intervals if i in (10, 11)), 10)
    fifth = next((i for i in intervals if i in (6, 7)), 7)
    if cell == "A":
        target = next_chord.root_pc if next_chord else chord.root_pc
        target_pitch = LOW_ROOT + (target - LOW_ROOT) % 12
        return target_pitch - 1 if target_pitch - 1 >= LOW_ROOT - 4 else target_pitch + 1
    return root + {"R": 0, "5": fifth, "8": 12, "3": third, "6": 9, "7": seventh}[cell]
