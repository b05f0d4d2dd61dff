"""Covers: a reference's melody, harmony and sections re-arranged in a new style, with its lyrics.

The analysis of the reference (`engine.analysis.preprocess.CoverFeatures.to_json()`) gives beats,
chords, the lead melody and the section map in seconds. Here they become a `Score` on a bar grid:
the same chords every bar, the same sections in the same order, the melody moved by octaves into
the new voice's range, the (edited) lyrics laid syllable by syllable on the melody's notes, and
the new style's band playing it. The tempo stays the reference's unless the prompt names one.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from engine.callbacks import AudioSink, Progress, no_progress
from engine.compose.band import band_tracks
from engine.compose.harmony import Chord
from engine.compose.length import check_song_length
from engine.compose.melody import THEME_RANGE, vocal_range
from engine.compose.plan import Bar, Event, Groove, chord_spans, track_from_events
from engine.compose.score import Score, SectionSpan, SungSyllable
from engine.compose.style import Style, parse_style
from engine.compose.theory import Meter, pitch_class
from engine.contract import DEFAULT_AUDIO_SETTING, DEFAULT_VOICE_QUALITY, AudioSetting
from engine.errors import invalid_params
from engine.lyrics import Section, parse_sections, syllabify_line
from engine.music import FinishedSong, render_music

BEATS_PER_BAR = 4  # the reference's beats are grouped in fours
GRID_BEATS = 0.25  # melody onsets snap to sixteenths
MIN_NOTE_BEATS = 0.25
TAIL_S = 1.0
KIND_OF_LABEL = {"intro": "intro", "verse": "verse", "chorus": "chorus", "bridge": "bridge", "outro": "outro",
                 "inst": "inst", "silence": "break"}  # fmt: skip
ENERGY = {
    "intro": 0.45,
    "verse": 0.6,
    "chorus": 0.9,
    "bridge": 0.72,
    "outro": 0.5,
    "inst": 0.75,
    "break": 0.3,
}
SUNG_KINDS = ("verse", "chorus", "bridge")
_EXPLICIT_BPM = re.compile(r"\d{1,3}(?:\.\d+)?\s*(?:bpm\b|beats per minute)|\btempo\b")


class GridNote(NamedTuple):
    """A note of the reference's melody on the cover's beat grid: MIDI pitch, start and length in
    beats."""

    pitch: int
    start_beat: float
    length_beats: float


def arrange_cover(
    features: dict,
    *,
    prompt: str,
    lyrics: str,
    seed: int = 0,
    voice_quality: str = DEFAULT_VOICE_QUALITY,
) -> Score:
    """A score of the reference in the style of `prompt`, singing `lyrics` on its melody (in the
    range of the voice of `voice_quality`)."""
    beats_s = [float(t) for t in features.get("beats_s") or []]
    if len(beats_s) < 2 * BEATS_PER_BAR:
        raise invalid_params("cover_feature_id: the reference has too few beats to re-arrange")
    style = _cover_style(features, prompt, seed)
    groove = Groove(meter=Meter(4, 4), swing=style.swing, genre=style.genre)
    clock = _Clock(beats_s, float(features.get("audio_duration") or beats_s[-1]))
    spans = _section_bars(features.get("sections") or [], clock)
    bars = _bars(spans, features.get("chords") or [], clock, style)
    score = Score(
        bpm=style.bpm,
        key=style.key,
        mode=style.mode,
        time_signature=(4, 4),
        tracks=band_tracks(style, groove, bars),
        sections=[],
        genre=style.genre,
        vocal_register=style.vocal_register,
        voice_quality=voice_quality,
    )
    for kind, label, first, last in spans:
        start, stop = first * BEATS_PER_BAR, (last + 1) * BEATS_PER_BAR
        score.sections.append(
            SectionSpan(kind, label, start, stop, score.seconds(start), score.seconds(stop), False)
        )
    score.chords = chord_spans(bars, BEATS_PER_BAR, style.bpm)
    melody = _melody(features.get("melody") or [], clock, style, voice_quality)
    _set_lyrics_to_melody(score, melody, parse_sections(lyrics or ""), style)
    end_beat = len(bars) * BEATS_PER_BAR
    last_note_s = max((note.end_s for track in score.tracks for note in track.notes), default=0.0)
    score.duration_s = max(last_note_s, score.seconds(end_beat)) + TAIL_S
    return score


def _cover_style(features: dict, prompt: str, seed: int) -> Style:
    """The new style, keeping the reference's key, mode and (unless the prompt names one) tempo."""
    style = parse_style(prompt, seed=seed)
    bpm = (
        style.bpm
        if _EXPLICIT_BPM.search(prompt.lower())
        else float(features.get("tempo_bpm") or style.bpm)
    )
    return dataclasses.replace(
        style,
        bpm=round(min(max(bpm, 50.0), 200.0), 2),
        key=features.get("key") or style.key,
        mode=features.get("mode") or style.mode,
        time_signature=(4, 4),
    )


class _Clock:
    """Reference seconds <-> beats, following the reference's own (possibly drifting) beats."""

    def __init__(self, beats_s: Sequence[float], duration_s: float):
        period = float(np.median(np.diff(beats_s)))
        self.beats_s = np.asarray(beats_s)
        self.period = period
        self.total_beats = len(beats_s) + max(0.0, (duration_s - beats_s[-1]) / period)

    def beat(self, t: float) -> float:
        if t <= self.beats_s[0]:
            return (t - self.beats_s[0]) / self.period
        if t >= self.beats_s[-1]:
            return len(self.beats_s) - 1 + (t - self.beats_s[-1]) / self.period
        return float(np.interp(t, self.beats_s, np.arange(len(self.beats_s))))

    def seconds(self, beat: float) -> float:
        if beat <= 0:
            return float(self.beats_s[0] + beat * self.period)
        last = len(self.beats_s) - 1
        if beat >= last:
            return float(self.beats_s[-1] + (beat - last) * self.period)
        return float(np.interp(beat, np.arange(len(self.beats_s)), self.beats_s))


def _section_bars(sections: list[dict], clock: _Clock) -> list[tuple[str, str, int, int]]:
    """(kind, label, first bar, last bar) per reference section, covering every bar once."""
    n_bars = max(2, int(np.ceil(clock.total_beats / BEATS_PER_BAR)))
    spans: list[tuple[str, str, int, int]] = []
    next_bar = 0
    for index, section in enumerate(sorted(sections, key=lambda s: s["start"])):
        is_last = index == len(sections) - 1
        last = n_bars - 1 if is_last else int(round(clock.beat(section["end"]) / BEATS_PER_BAR)) - 1
        if last < next_bar:
            continue  # shorter than a bar on this grid: it joins its neighbour
        label = str(section.get("label", "verse"))
        spans.append(
            (KIND_OF_LABEL.get(label, "verse"), label.capitalize(), next_bar, min(last, n_bars - 1))
        )
        next_bar = last + 1
    if not spans or next_bar < n_bars:
        kind, label, first, _ = spans.pop() if spans else ("verse", "Verse", 0, 0)
        spans.append((kind, label, first, n_bars - 1))
    return spans


def _chord_named(name: str, fallback: Chord) -> Chord:
    match = re.fullmatch(r"([A-G][#b]?)(m?)", name or "")
    if not match:
        return fallback
    return Chord(
        numeral=name,
        root_pc=pitch_class(match.group(1)),
        quality="min" if match.group(2) else "maj",
    )


def _bars(spans, chords: list[dict], clock: _Clock, style: Style) -> list[Bar]:
    """Each bar with the reference chord sounding longest in it, in its section, with its energy."""
    tonic = Chord(
        numeral="I",
        root_pc=pitch_class(style.key),
        quality="min" if style.mode == "minor" else "maj",
    )
    starts = [float(c["start"]) for c in chords]
    bars: list[Bar] = []
    current = tonic
    for section_index, (kind, _label, first, last) in enumerate(spans):
        for bar_index in range(first, last + 1):
            begin = clock.seconds(bar_index * BEATS_PER_BAR)
            end = clock.seconds((bar_index + 1) * BEATS_PER_BAR)
            current = _longest_chord(chords, starts, begin, end, current)
            bars.append(
                Bar(
                    start_beat=float(bar_index * BEATS_PER_BAR),
                    chord=current,
                    section_index=section_index,
                    kind=kind,
                    bar_in_section=bar_index - first,
                    bars_in_section=last - first + 1,
                    energy=ENERGY.get(kind, 0.6),
                    last_of_song=section_index == len(spans) - 1 and bar_index == last,
                )
            )
    if bars:  # end on the tonic, as songs do
        bars[-1] = dataclasses.replace(bars[-1], chord=tonic)
    return bars


def _longest_chord(
    chords: list[dict], starts: list[float], begin: float, end: float, previous: Chord
) -> Chord:
    best, best_overlap = None, 0.0
    for chord in chords[max(0, bisect.bisect_right(starts, begin) - 1) :]:
        if chord["start"] >= end:
            break
        overlap = min(end, chord["end"]) - max(begin, chord["start"])
        if overlap > best_overlap and chord["chord"] != "N":
            best, best_overlap = chord["chord"], overlap
    return _chord_named(best, previous) if best else previous


def _melody(notes: list[dict], clock: _Clock, style: Style, voice_quality: str) -> list[GridNote]:
    """The reference melody on the grid, in the voice's range."""
    placed: list[GridNote] = []
    for note in sorted(notes, key=lambda n: n["start"]):
        start = round(clock.beat(note["start"]) / GRID_BEATS) * GRID_BEATS
        end = round(clock.beat(note["end"]) / GRID_BEATS) * GRID_BEATS
        if start < 0 or end - start < MIN_NOTE_BEATS:
            continue
        if placed and start < placed[-1].start_beat + placed[-1].length_beats:
            first = placed[-1].start_beat
            if start <= first:
                continue
            # The earlier note stops where this one starts.
            placed[-1] = placed[-1]._replace(length_beats=start - first)
        placed.append(GridNote(int(note["pitch"]), start, end - start))
    if not placed:
        return []
    low, high = vocal_range(style.vocal_register, voice_quality)
    shift = 12 * round(((low + high) / 2 - float(np.median([n.pitch for n in placed]))) / 12)
    return [n._replace(pitch=_into(n.pitch + shift, low, high)) for n in placed]


def _into(pitch: int, low: int, high: int) -> int:
    while pitch < low:
        pitch += 12
    while pitch > high:
        pitch -= 12
    return pitch


def _set_lyrics_to_melody(
    score: Score,
    melody: list[GridNote],
    lyric_sections: list[Section],
    style: Style,
) -> None:
    """Lay each lyric section on the melody of the next sung reference section; the melody of
    sections left without words is played by a lead instrument instead."""
    sung_sections = [s for s in lyric_sections if s.lines]
    # Sections labelled verse / chorus / bridge carry the words; a reference whose sections were
    # all named otherwise (no words were heard in it) carries them wherever its melody is.
    singable = {i for i, span in enumerate(score.sections) if span.kind in SUNG_KINDS} or set(
        range(len(score.sections))
    )
    lead: list[Event] = []
    theme: list[Event] = []
    line_index = 0
    for section_index, span in enumerate(score.sections):
        notes = [n for n in melody if span.start_beat <= n.start_beat < span.end_beat]
        if not notes:
            continue
        if section_index not in singable or not sung_sections:
            low, high = THEME_RANGE
            theme += [(_into(p + 12, low, high), start, length, 78) for p, start, length in notes]
            continue
        words = sung_sections.pop(0)
        syllables = [
            (k, line, syllable)
            for k, line in enumerate(words.lines)
            for syllable in syllabify_line(line.text)
        ]
        if not syllables:
            continue
        notes = _fit(notes, len(syllables))
        shares = np.linspace(0, len(notes), len(syllables) + 1).astype(int)
        for s_index, (k, line, syllable) in enumerate(syllables):
            first_note = len(lead)
            own = notes[shares[s_index] : shares[s_index + 1]] or [
                notes[min(shares[s_index], len(notes) - 1)]
            ]
            lead += [
                (p, start, length, 92 if syllable.stressed else 82) for p, start, length in own
            ]
            score.syllables.append(
                SungSyllable.of(
                    syllable,
                    line_index=line_index + k,
                    section_index=section_index,
                    note_indices=tuple(range(first_note, len(lead))),
                    backing=line.backing,
                )
            )
        score.lyric_lines.extend(line.text for line in words.lines)
        line_index += len(words.lines)
        score.sections[section_index] = dataclasses.replace(span, has_vocals=True)
    if lead:
        score.tracks.append(
            track_from_events("lead", "lead", style.lead_program, lead, score.bpm, sort=False)
        )
    if theme:
        score.tracks.append(
            track_from_events(
                "melody", "harmony", style.lead_program, theme, score.bpm, pan=0.15, gain_db=-3.0
            )
        )


def _fit(notes: list[GridNote], wanted: int) -> list[GridNote]:
    """At least `wanted` notes: the longest notes are split in two until there are enough."""
    notes = list(notes)
    while len(notes) < wanted:
        longest = max(range(len(notes)), key=lambda i: notes[i].length_beats)
        pitch, start, length = notes[longest]
        if length < 2 * GRID_BEATS / 2:
            break
        half = length / 2
        notes[longest : longest + 1] = [
            GridNote(pitch, start, half),
            GridNote(pitch, start + half, half),
        ]
    return notes


def generate_cover(
    features: dict,
    *,
    prompt: str,
    lyrics: str,
    audio_setting: AudioSetting = DEFAULT_AUDIO_SETTING,
    seed: int = 0,
    voice_quality: str = DEFAULT_VOICE_QUALITY,
    progress: Progress = no_progress,
    on_audio: AudioSink | None = None,
) -> FinishedSong:
    """Arrange, render, mix, master and encode a cover; like `engine.music.generate_music`."""
    progress("composing", 0.0)
    score = arrange_cover(
        features, prompt=prompt, lyrics=lyrics, seed=seed, voice_quality=voice_quality
    )
    # The reference lasts at most 6 minutes; a slower tempo asked in the prompt stretches it.
    advice = f"ask for a faster tempo than {score.bpm:g} bpm"
    check_song_length(score.duration_s, field="prompt", advice=advice)
    progress("composing", 1.0)
    return render_music(
        score,
        lyrics=lyrics or None,
        audio_setting=audio_setting,
        progress=progress,
        on_audio=on_audio,
    )
