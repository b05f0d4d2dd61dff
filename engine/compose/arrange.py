"""The composer: a prompt and lyrics become a complete `Score` (form, harmony, parts, sung melody)."""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable
from dataclasses import dataclass

from engine.compose.band import band_tracks
from engine.compose.form import SectionPlan, instrumental_form, sung_form
from engine.compose.harmony import Chord, section_chords
from engine.compose.instrument_catalogue import THEME
from engine.compose.length import MAX_SONG_S
from engine.compose.melody import (
    THEME_RANGE,
    LineShape,
    MelodyNote,
    line_role,
    melody_for_line,
    theme_stresses,
    vocal_range,
)
from engine.compose.plan import Bar, Event, Groove, chord_spans, track_from_events
from engine.compose.score import Score, SectionSpan, SungSyllable
from engine.compose.style import Style, parse_style
from engine.compose.theory import Meter
from engine.contract import DEFAULT_VOICE_QUALITY
from engine.errors import invalid_params

ChordAt = Callable[[float], Chord]
TAIL_S = 1.0  # the last chord rings a little past the final bar
# Room within the song's cap (MAX_SONG_S) for the bar rounded up at the end and the ring-out.
MAX_TARGET_S = MAX_SONG_S - 10.0


@dataclass(frozen=True)
class _Frame:
    """What the themes and the sung line are written against: the style and groove, the sections'
    plans and first beats, the chord sounding at a beat, and the seed."""

    style: Style
    groove: Groove
    plans: list[SectionPlan]
    section_starts: list[float]
    chord_at: ChordAt
    seed: int

    def melody(
        self, stresses: list[bool], *, start_beat: float, bars: int, shape: LineShape
    ) -> list[MelodyNote]:
        """A line of melody from `start_beat` over `bars`, in the song's key, meter and chords."""
        return melody_for_line(
            stresses,
            start_beat=start_beat,
            bars=bars,
            meter=self.groove.meter,
            swing=self.groove.swing,
            key=self.style.key,
            mode=self.style.mode,
            chord_at=self.chord_at,
            shape=shape,
        )


def compose(
    prompt: str,
    lyrics: str | None,
    *,
    instrumental: bool = False,
    seed: int = 0,
    target_duration_s: float | None = None,
    voice_quality: str = DEFAULT_VOICE_QUALITY,
) -> Score:
    """Arrange a song for `prompt`: sections follow the lyric tags, or an instrumental form without lyrics.

    `target_duration_s` sets the length of an instrumental; with lyrics, the lyrics set the length.
    `voice_quality` is the voice that will sing it ("full" or "draft"), whose range the melody
    keeps to.
    """
    if target_duration_s is not None and not 0 < target_duration_s <= MAX_TARGET_S:
        raise invalid_params(f"target_duration_s: must be between 0 and {MAX_TARGET_S:g} seconds")
    style = parse_style(prompt, seed=seed)
    meter = Meter(*style.time_signature)
    groove = Groove(meter=meter, swing=style.swing, genre=style.genre)
    bar_s = meter.beats_per_bar * 60.0 / style.bpm
    plans: list[SectionPlan] = []
    if lyrics and lyrics.strip() and not instrumental:
        plans = sung_form(lyrics, meter, genre=style.genre)
    if not plans:
        plans = instrumental_form(
            bar_s, length=style.length, target_duration_s=target_duration_s, genre=style.genre
        )
    bars = _bars(plans, style, meter)
    return _score(style, groove, plans, bars, seed, voice_quality)


def _bars(plans: list[SectionPlan], style: Style, meter: Meter) -> list[Bar]:
    bars: list[Bar] = []
    beat = 0.0
    for index, plan in enumerate(plans):
        ending = index == len(plans) - 1
        chords = section_chords(
            style.genre, style.key, style.mode, plan.kind, plan.bars, ending=ending
        )
        for i, chord_ in enumerate(chords):
            bars.append(
                Bar(
                    start_beat=beat,
                    chord=chord_,
                    section_index=index,
                    kind=plan.kind,
                    bar_in_section=i,
                    bars_in_section=plan.bars,
                    energy=plan.energy,
                    last_of_song=ending and i == plan.bars - 1,
                )
            )
            beat += meter.beats_per_bar
    return bars


def _score(
    style: Style,
    groove: Groove,
    plans: list[SectionPlan],
    bars: list[Bar],
    seed: int,
    voice_quality: str,
) -> Score:
    bpm = style.bpm
    tracks = band_tracks(style, groove, bars)
    starts = [bar.start_beat for bar in bars]

    def chord_at(beat: float) -> Chord:
        return bars[max(0, bisect.bisect_right(starts, beat + 1e-6) - 1)].chord

    section_starts = [bar.start_beat for bar in bars if bar.bar_in_section == 0]
    frame = _Frame(style, groove, plans, section_starts, chord_at, seed)
    themes = _theme_parts(frame)
    tracks += [
        track_from_events(name, "harmony", program, events, bpm, pan=pan)
        for name, program, pan, events in themes
    ]
    score = Score(
        bpm=bpm,
        key=style.key,
        mode=style.mode,
        time_signature=style.time_signature,
        tracks=tracks,
        sections=[],
        genre=style.genre,
        vocal_register=style.vocal_register,
        voice_quality=voice_quality,
    )
    end_beat = bars[-1].start_beat + groove.beats_per_bar
    for i, plan in enumerate(plans):
        start = section_starts[i]
        stop = section_starts[i + 1] if i + 1 < len(plans) else end_beat
        score.sections.append(
            SectionSpan(
                plan.kind,
                plan.label,
                start,
                stop,
                score.seconds(start),
                score.seconds(stop),
                plan.has_vocals,
            )
        )
    score.chords = chord_spans(bars, groove.beats_per_bar, bpm)
    if any(plan.has_vocals for plan in plans):
        _write_vocal_melody(score, frame)
    last_note_s = max((note.end_s for track in score.tracks for note in track.notes), default=0.0)
    score.duration_s = max(last_note_s, score.seconds(end_beat)) + TAIL_S
    return score


def _theme_parts(frame: _Frame) -> list[tuple[str, int, float, list[Event]]]:
    """Tunes for the sections without words, taken in turn by the theme instruments."""
    named = [m for m in frame.style.part(THEME) if m.name != "theme"]
    players = named or frame.style.part(THEME)
    parts: dict[str, list[Event]] = {m.name: [] for m in players}
    meter, plans, seed = frame.groove.meter, frame.plans, frame.seed
    turn = 0
    for index, plan in enumerate(plans):
        if plan.has_vocals and named and plan.energy >= 0.85:
            # An instrument the prompt asked for is heard in the full choruses too, under the voice.
            start = frame.section_starts[index]
            parts[named[0].name] += _counter_line(
                start, plan.bars, meter.beats_per_bar, frame.chord_at
            )
        if plan.has_vocals or plan.kind == "break":
            continue
        player = players[turn % len(players)]
        turn += 1
        phrase = 4 if plan.bars >= 4 else 2 if plan.bars >= 2 else 1
        for k in range(0, plan.bars - (1 if index == len(plans) - 1 else 0), phrase):
            bars_here = min(phrase, plan.bars - k)
            slots = bars_here * meter.slots_per_bar
            density = 0.55 if plan.kind == "solo" else 0.32
            # Themes come back note for note; each development (solo) is new.
            variant = f"{plan.theme}:{index if plan.kind == 'solo' else 0}"
            rng = random.Random(f"theme:{seed}:{variant}:{k // phrase}")
            stresses = theme_stresses(max(2, round(slots * density)), rng)
            shape = LineShape(
                kind=plan.kind if plan.kind in ("solo", "inst") else "inst",
                role=line_role("chorus" if plan.theme == "A" else "verse", k // phrase),
                low=THEME_RANGE[0],
                high=THEME_RANGE[1],
                ends_section=k + phrase >= plan.bars,
                seed=seed + ord(plan.theme) + (1000 * index if plan.kind == "solo" else 0),
            )
            notes = frame.melody(
                stresses,
                start_beat=frame.section_starts[index] + k * meter.beats_per_bar,
                bars=bars_here,
                shape=shape,
            )
            parts[player.name] += [
                (n.pitch, n.start_beat, n.duration_beats, 84 if plan.kind == "solo" else 76)
                for n in notes
            ]
    pans = {m.name: 0.2 - 0.4 * i for i, m in enumerate(players)}
    return [(m.name, m.program, pans[m.name], parts[m.name]) for m in players if parts[m.name]]


def _counter_line(
    start_beat: float, bars: int, beats_per_bar: int, chord_at: ChordAt
) -> list[Event]:
    """Long chord tones, one a bar, each the nearest to the last: a quiet line beneath a melody."""
    events: list[Event] = []
    previous = 67
    for bar in range(bars):
        beat = start_beat + bar * beats_per_bar
        tones = [p for p in range(60, 76) if p % 12 in chord_at(beat).pitch_classes]
        previous = min(tones, key=lambda p: (abs(p - previous), p))
        events.append((previous, beat, beats_per_bar * 0.95, 58))
    return events


def _write_vocal_melody(score: Score, frame: _Frame) -> None:
    """Write the sung melody on the lead track and map every syllable to its notes."""
    style = frame.style
    low, high = vocal_range(style.vocal_register, score.voice_quality)
    meter = frame.groove.meter
    melody: list[MelodyNote] = []
    line_index = 0
    for index, plan in enumerate(frame.plans):
        for k, line in enumerate(plan.lines):
            shape = LineShape(
                kind=plan.kind,
                role=line_role(plan.kind, k),
                low=low,
                high=high,
                ends_section=k == len(plan.lines) - 1,
                seed=frame.seed,
            )
            start_beat = frame.section_starts[index] + k * plan.bars_per_line * meter.beats_per_bar
            notes = frame.melody(
                [s.stressed for s in line.syllables],
                start_beat=start_beat,
                bars=plan.bars_per_line,
                shape=shape,
            )
            first = len(melody)
            melody += notes
            for s_index, syllable in enumerate(line.syllables):
                indices = tuple(
                    first + j for j, note in enumerate(notes) if note.syllable == s_index
                )
                score.syllables.append(
                    SungSyllable.of(
                        syllable,
                        line_index=line_index,
                        section_index=index,
                        note_indices=indices,
                        backing=line.backing,
                    )
                )
            score.lyric_lines.append(line.text)
            line_index += 1
    events = [
        (n.pitch, n.start_beat, n.duration_beats, 92 if n.syllable == 0 else 84) for n in melody
    ]
    score.tracks.append(
        track_from_events(
            "lead", "lead", style.lead_program, events, style.bpm, gain_db=0.0, sort=False
        )
    )
