"""The band over the bar plan: drums, bass, and the comping and pad players of the style, the same
for a composed song and a cover (the themes and the sung line are written apart)."""

from __future__ import annotations

from engine.compose.bass import bass_bar
from engine.compose.comping import comp_bar, pad_bar
from engine.compose.drums import drum_bar
from engine.compose.instrument_catalogue import COMP, PAD
from engine.compose.plan import Bar, Event, Groove, track_from_events
from engine.compose.score import Track
from engine.compose.style import Style

# Comping and pad players are spread left and right in turn.
PANS = (-0.35, 0.35, -0.6, 0.6)


def band_tracks(style: Style, groove: Groove, bars: list[Bar]) -> list[Track]:
    """The drums, the bass and the comping and pad players of `style` over `bars`, as tracks."""
    drums: list[Event] = []
    bass: list[Event] = []
    for i, bar in enumerate(bars):
        drums += drum_bar(bar, groove)
        next_chord = bars[i + 1].chord if i + 1 < len(bars) else None
        bass += bass_bar(bar, next_chord, groove)
    bass_program = style.part("bass")[0].program
    tracks = [
        track_from_events("drums", "drums", 0, drums, style.bpm, is_drum=True),
        track_from_events("bass", "bass", bass_program, bass, style.bpm, gain_db=-1.0),
    ]
    for n, member in enumerate(style.part(COMP) + style.part(PAD)):
        events: list[Event] = []
        voicing: tuple[int, ...] | None = None
        for bar in bars:
            if member.part == PAD and bar.energy < 0.68 and not bar.last_of_song:
                voicing = None  # the pad joins as the song grows
                continue
            if bar.kind == "break" and member.part == COMP:
                continue
            play = pad_bar if member.part == PAD else comp_bar
            bar_events, voicing = play(bar, groove, voicing)
            events += bar_events
        gain = -3.0 if member.part == COMP else -6.0
        tracks.append(
            track_from_events(
                member.name,
                "harmony",
                member.program,
                events,
                style.bpm,
                pan=PANS[n % len(PANS)],
                gain_db=gain,
            )
        )
    return tracks
