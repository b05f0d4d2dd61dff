"""A score as a Standard MIDI File: tempo, meter, key, one track per part, the lyrics on the lead."""

from __future__ import annotations

import io

import mido

from engine.compose.score import Score
from engine.compose.theory import Meter, spelled

TICKS_PER_BEAT = 480
DRUM_CHANNEL = 9


def score_to_midi(score: Score) -> bytes:
    """The bytes of a type-1 MIDI file of `score`; lyric meta events sit at the syllable onsets."""
    meter = Meter(*score.time_signature)
    # MIDI tempo counts quarter notes; a compound meter's beat is a dotted quarter (1.5 quarters).
    quarters_per_beat = 1.5 if meter.compound else 1.0
    midi_bpm = score.bpm * quarters_per_beat
    ticks_per_s = TICKS_PER_BEAT * midi_bpm / 60.0
    song = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_BEAT)
    conductor = mido.MidiTrack()
    conductor.append(mido.MetaMessage("track_name", name="Refrain", time=0))
    conductor.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(midi_bpm), time=0))
    numerator, denominator = score.time_signature
    conductor.append(
        mido.MetaMessage("time_signature", numerator=numerator, denominator=denominator, time=0)
    )
    conductor.append(
        mido.MetaMessage("key_signature", key=_key_signature(score.key, score.mode), time=0)
    )
    for section in score.sections:
        conductor.append(
            mido.MetaMessage(
                "marker", text=section.label, time=round(section.start_s * ticks_per_s)
            )
        )
    song.tracks.append(_delta_timed(conductor))
    lead = score.lead_track
    channels = iter(c for c in range(16) if c != DRUM_CHANNEL)
    for track in score.tracks:
        channel = DRUM_CHANNEL if track.is_drum else next(channels, 15)
        messages = [mido.MetaMessage("track_name", name=track.name, time=0)]
        if not track.is_drum:
            messages.append(
                mido.Message("program_change", channel=channel, program=track.program, time=0)
            )
        pan = max(0, min(127, round(64 + 63 * track.pan)))
        messages.append(
            mido.Message("control_change", channel=channel, control=10, value=pan, time=0)
        )
        for note in track.notes:
            on = round(note.start_s * ticks_per_s)
            off = max(on + 1, round(note.end_s * ticks_per_s))
            pitch = max(0, min(127, note.pitch))
            messages.append(
                mido.Message(
                    "note_on", channel=channel, note=pitch, velocity=note.velocity, time=on
                )
            )
            messages.append(
                mido.Message("note_off", channel=channel, note=pitch, velocity=0, time=off)
            )
        if track is lead:
            messages += _lyric_events(score, ticks_per_s)
        song.tracks.append(_delta_timed(messages))
    buffer = io.BytesIO()
    song.save(file=buffer)
    return buffer.getvalue()


def _lyric_events(score: Score, ticks_per_s: float) -> list[mido.MetaMessage]:
    """A lyric event per sung syllable at its first note; a hyphen when the word goes on (karaoke)."""
    lead = score.lead_track
    events = []
    for i, syllable in enumerate(score.syllables):
        if not syllable.note_indices or lead is None:
            continue
        following = score.syllables[i + 1] if i + 1 < len(score.syllables) else None
        same_word = following is not None and (following.line_index, following.word_index) == (
            syllable.line_index,
            syllable.word_index,
        )
        start_s = lead.notes[syllable.note_indices[0]].start_s
        text = syllable.text + ("-" if same_word else "")
        events.append(mido.MetaMessage("lyrics", text=text, time=round(start_s * ticks_per_s)))
    return events


def _delta_timed(messages: list) -> mido.MidiTrack:
    """Absolute tick times to the delta times MIDI stores; note-offs before note-ons at the same
    tick."""
    order = {"note_off": 0, "lyrics": 1, "note_on": 2}
    ordered = sorted(enumerate(messages), key=lambda m: (m[1].time, order.get(m[1].type, -1), m[0]))
    track = mido.MidiTrack()
    now = 0
    for _, message in ordered:
        track.append(message.copy(time=message.time - now))
        now = message.time
    track.append(mido.MetaMessage("end_of_track", time=0))
    return track


def _key_signature(key: str, mode: str) -> str:
    """The key as mido spells it ("Bb", "F#m"): as its signature writes it (`theory.spelled`),
    never with more than six sharps or flats, which MIDI can carry."""
    return spelled(key, key, mode) + ("m" if mode == "minor" else "")
