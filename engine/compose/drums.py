"""Drum grooves per genre on the General MIDI kit, thinner in quiet sections, with fills at section
ends."""

from __future__ import annotations

from engine.compose.plan import Bar, Event, Groove, velocity

KICK, SIDE_STICK, SNARE, CLAP, CLOSED_HAT, PEDAL_HAT, OPEN_HAT = 36, 37, 38, 39, 42, 44, 46
CRASH, RIDE, TAMBOURINE, SHAKER, CLAVES = 49, 51, 54, 70, 75
CONGA_HIGH, CONGA_LOW = 63, 64
TOMS = (50, 48, 47, 45, 43, 41)

# One string per drum, evenly dividing the bar: "X" accent, "x" normal, "o" ghost, "." rest.
# Kick and snare always mark the beats, so the tempo is plain to hear.
GROOVES: dict[str, dict[int, str]] = {
    "pop": {KICK: "x.......x.x.....", SNARE: "....X.......X...", CLOSED_HAT: "x.x.x.x.x.x.x.x."},
    "rock": {KICK: "X.....x.X.x.....", SNARE: "....X.......X...", CLOSED_HAT: "x.x.x.x.x.x.x.x."},
    "electronic": {KICK: "X...X...X...X...", CLAP: "....x.......x...", OPEN_HAT: "..x...x...x...x.",
                   CLOSED_HAT: "o.o.o.o.o.o.o.o."},
    "hiphop": {KICK: "X......x..x.....", SNARE: "....X.......X...", CLOSED_HAT: "x.x.x.x.x.x.x.x."},
    "lofi": {KICK: "x......x..x.....", SNARE: "....x.......x...", CLOSED_HAT: "o.o.o.o.o.o.o.o."},
    "reggae": {KICK: "o.......X.......", SIDE_STICK: "........X.......", CLOSED_HAT: "x.x.x.x.x.x.x.x.",
               PEDAL_HAT: "....x.......x..."},
    "funk": {KICK: "X..x..x...x..x..", SNARE: "....X..o.o..X..o", CLOSED_HAT: "xoxoxoxoxoxoxoxo"},
    "latin": {KICK: "X..x....X..x....", SIDE_STICK: "....x.......x...", CLAVES: "x..x..x...x.x...",
              CONGA_HIGH: "..x...x...x...x.", CONGA_LOW: "...x.......x...."},
    "metal": {KICK: "X.x.X.x.X.x.X.x.", SNARE: "....X.......X...", RIDE: "x.x.x.x.x.x.x.x."},
    "country": {KICK: "X.......x.......", SNARE: "....x.......x...", CLOSED_HAT: "x.x.x.x.x.x.x.x."},
    "folk": {KICK: "X.......x.......", SIDE_STICK: "....x.......x...", TAMBOURINE: "..x...x...x...x.",
             SHAKER: "x.x.x.x.x.x.x.x."},
    "ballad": {KICK: "X.......x.......", SIDE_STICK: "....x.......x...", CLOSED_HAT: "x.x.x.x.x.x.x.x."},
    "cinematic": {KICK: "X...x...X...x...", TOMS[5]: "x.......x.....x.", SNARE: "............x...",
                  CLOSED_HAT: "x...x...x...x..."},
    "rnb": {KICK: "X......x..x.....", SNARE: "....X.......X...", CLOSED_HAT: "x.x.x.x.x.x.x.x."},
    # Triplet grids: the jazz ride's "ding, ding-a" and the 12/8 blues shuffle.
    "jazz": {RIDE: "x..x.xx..x.x", PEDAL_HAT: "...x.....x..", KICK: "o..o..o..o..", SNARE: "..........o."},
    "blues": {KICK: "X.....x.....", SNARE: "...X.....X..", CLOSED_HAT: "x.xx.xx.xx.x"},
}  # fmt: skip

# Generic grooves for meters a genre pattern does not fit, keyed by (slots per beat, beats per bar).
METER_GROOVES: dict[tuple[int, int], dict[int, str]] = {
    (2, 3): {KICK: "X...........", SNARE: "....x...x...", CLOSED_HAT: "x.x.x.x.x.x."},
    (3, 2): {KICK: "X.....", SNARE: "...X..", CLOSED_HAT: "xxxxxx"},
    (3, 4): {KICK: "X.....x.....", SNARE: "...X.....X..", CLOSED_HAT: "xxxxxxxxxxxx"},
    (3, 3): {KICK: "X........", SNARE: "...x..x..", CLOSED_HAT: "xxxxxxxxx"},
    (2, 2): {KICK: "X.......", SNARE: "....X...", CLOSED_HAT: "x.x.x.x."},
    (2, 4): GROOVES["pop"],
}
ACCENTS = {"X": 112, "x": 92, "o": 58}
_CYMBALS = (OPEN_HAT, RIDE, TAMBOURINE, SHAKER, CONGA_HIGH, CONGA_LOW, CLAVES)


def groove_for(groove: Groove) -> dict[int, str]:
    """The drum pattern of a genre in its meter (a generic one when the genre's does not fit)."""
    pattern = GROOVES.get(groove.genre, GROOVES["pop"])
    meter = groove.meter
    length = len(next(iter(pattern.values())))
    # 16-cell grids are straight sixteenths; 12-cell ones are triplets and fit 4/4 swing or 12/8.
    if meter.beats_per_bar == 4 and (length == 12 or not meter.compound):
        return pattern
    return METER_GROOVES.get((meter.slots_per_beat, meter.beats_per_bar), METER_GROOVES[(2, 2)])


def drum_bar(bar: Bar, groove: Groove) -> list[Event]:
    """The drum hits of one bar: the groove thinned or filled out by energy, a fill before a new
    section."""
    beats = groove.beats_per_bar
    if bar.last_of_song:
        return [(KICK, bar.start_beat, 1.0, 118), (CRASH, bar.start_beat, 2.0, 112)]
    events: list[Event] = []
    fill_from = beats - (2 if bar.energy >= 0.85 else 1) if bar.last_of_section else beats
    for drum, cells in groove_for(groove).items():
        step = beats / len(cells)
        for i, cell in enumerate(cells):
            position = i * step
            if cell == "." or position >= fill_from:
                continue
            if bar.energy < 0.55 and drum in _CYMBALS:
                continue  # quiet sections keep only the backbone
            if bar.energy < 0.55 and drum == CLOSED_HAT and abs(position - round(position)) > 1e-6:
                continue
            events.append(
                (drum, bar.start_beat + position, step, velocity(ACCENTS[cell], bar.energy))
            )
    if bar.first_of_section and bar.energy >= 0.7:
        events.append((CRASH, bar.start_beat, 2.0, velocity(105, bar.energy)))
    if fill_from < beats:
        events += _fill(bar, groove, fill_from)
    return events


def _fill(bar: Bar, groove: Groove, from_beat: float) -> list[Event]:
    """Snare and toms down the kit over the bar's last beat(s); the kick keeps the beat under it."""
    per_beat = groove.meter.slots_per_beat if groove.meter.compound or groove.swing > 0.55 else 4
    count = round((groove.beats_per_bar - from_beat) * per_beat)
    step = 1.0 / per_beat
    drums = [SNARE] * (count // 2) + list(TOMS[: count - count // 2])
    events: list[Event] = [(KICK, bar.start_beat + from_beat, 1.0, velocity(100, bar.energy))]
    for i, drum in enumerate(drums):
        accent = 70 + round(40 * i / max(1, count - 1))  # a crescendo into the next section
        events.append(
            (drum, bar.start_beat + from_beat + i * step, step, velocity(accent, bar.energy))
        )
    return events
