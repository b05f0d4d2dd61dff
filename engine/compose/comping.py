"""Chords as the band plays them: a comping rhythm per genre, sustained pads, broken chords for
ballads."""

from __future__ import annotations

from engine.compose.harmony import voice
from engine.compose.plan import Bar, Event, Groove, velocity
from engine.compose.theory import swung

# Cells evenly divide the bar: "x" strikes the chord, "-" holds it, "." rests.
RHYTHMS: dict[str, str] = {
    "pop": "x--x--x-",
    "rock": "x-xx-xx-",
    "metal": "xxxxxxxx",
    "blues": "x-.x-.x-.x-.",
    "jazz": "x....x......",
    "country": "..x...x.",
    "folk": "x-x-xxx-",
    "reggae": "..x...x.",
    "electronic": "..x...x...x...x.",
    "hiphop": "x-------",
    "lofi": "x-----x-",
    "funk": "x.xx..x.x.xx..x.",
    "latin": "x..x..x...x.x...",
    "rnb": "x---x.x-",
}
ARPEGGIATED = frozenset({"ballad", "cinematic"})


def comp_bar(
    bar: Bar, groove: Groove, previous: tuple[int, ...] | None
) -> tuple[list[Event], tuple[int, ...]]:
    """The comping of one bar and the voicing it used (the next bar is voice-led from it)."""
    chord_pitches = voice(bar.chord, previous)
    beats = groove.beats_per_bar
    if bar.last_of_song:
        return [
            (p, bar.start_beat, float(beats), velocity(88, bar.energy)) for p in chord_pitches
        ], chord_pitches
    if groove.genre in ARPEGGIATED:
        return _arpeggio(bar, groove, chord_pitches), chord_pitches
    rhythm = _rhythm(groove)
    if bar.energy < 0.55:
        rhythm = (
            "x" + "-" * (len(rhythm) // 2 - 1) + "x" + "-" * (len(rhythm) - len(rhythm) // 2 - 1)
        )
    step = beats / len(rhythm)
    events: list[Event] = []
    for i, cell in enumerate(rhythm):
        if cell != "x":
            continue
        held = 1
        while i + held < len(rhythm) and rhythm[i + held] == "-":
            held += 1
        start = swung(i * step, groove.swing)
        length = (min(swung((i + held) * step, groove.swing), beats) - start) * 0.9
        accent = 84 if i == 0 else 72
        events += [
            (p, bar.start_beat + start, length, velocity(accent, bar.energy)) for p in chord_pitches
        ]
    return events, chord_pitches


def pad_bar(
    bar: Bar, groove: Groove, previous: tuple[int, ...] | None
) -> tuple[list[Event], tuple[int, ...]]:
    """A sustained chord over the whole bar, voiced a little above the comping."""
    chord_pitches = voice(bar.chord, previous, low=55, high=79)
    length = float(groove.beats_per_bar) * (1.0 if bar.last_of_song else 0.98)
    return [
        (p, bar.start_beat, length, velocity(62, bar.energy)) for p in chord_pitches
    ], chord_pitches


def _rhythm(groove: Groove) -> str:
    rhythm = RHYTHMS.get(groove.genre, RHYTHMS["pop"])
    meter = groove.meter
    if meter.beats_per_bar == 4 and (len(rhythm) == 12 or not meter.compound):
        return rhythm
    # Other meters: the chord on the downbeat, lighter strokes on the other beats.
    per_beat = "x" + "-" * (meter.slots_per_beat - 1)
    return per_beat * meter.beats_per_bar


def _arpeggio(bar: Bar, groove: Groove, chord_pitches: tuple[int, ...]) -> list[Event]:
    """Broken chord in eighths (triplets in compound meters) rising through two octaves and back."""
    cells = groove.meter.slots_per_bar
    if bar.energy < 0.55:
        cells //= 2
    rising = list(chord_pitches) + [p + 12 for p in chord_pitches]
    order = rising + rising[-2:0:-1]
    step = groove.beats_per_bar / cells
    return [
        (
            order[i % len(order)],
            bar.start_beat + swung(i * step, groove.swing),
            step * 1.5,
            velocity(70, bar.energy),
        )
        for i in range(cells)
    ]
