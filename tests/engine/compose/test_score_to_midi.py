"""The MIDI export: tempo, meter, key, a track per part and the lyrics at the syllable onsets."""

from __future__ import annotations

import io

import mido
import pretty_midi
import pytest

from engine.compose import compose
from engine.compose.midi import score_to_midi
from tests.engine.compose.songs import LYRICS


@pytest.fixture(scope="module")
def song():
    score = compose("pop song in A minor, 120 bpm", LYRICS, seed=3)
    return score, score_to_midi(score)


def test_the_midi_parses_back_with_the_tempo_meter_and_key(song):
    score, data = song
    midi = pretty_midi.PrettyMIDI(io.BytesIO(data))
    assert list(midi.get_tempo_changes()[1]) == pytest.approx([120.0])
    assert [(t.numerator, t.denominator) for t in midi.time_signature_changes] == [(4, 4)]
    assert pretty_midi.key_number_to_key_name(midi.key_signature_changes[0].key_number) == "A minor"
    assert [i.name for i in midi.instruments] == [t.name for t in score.tracks]
    assert [i.is_drum for i in midi.instruments] == [t.is_drum for t in score.tracks]


def test_lyric_events_sit_on_the_lead_at_the_syllable_onsets(song):
    score, data = song
    midi = mido.MidiFile(file=io.BytesIO(data))
    lead_index = 1 + score.tracks.index(score.lead_track)
    ticks_per_s = midi.ticks_per_beat * 2  # 120 bpm
    lyrics, now = [], 0
    for message in midi.tracks[lead_index]:
        now += message.time
        if message.type == "lyrics":
            lyrics.append((now, message.text))
    assert len(lyrics) == len(score.syllables)
    assert lyrics[0][1] == "Street-" and lyrics[1][1] == "lights"
    for (tick, _), syllable in zip(lyrics, score.syllables, strict=True):
        onset_s = score.lead_track.notes[syllable.note_indices[0]].start_s
        assert abs(tick - onset_s * ticks_per_s) <= 1


def test_a_twelve_eight_song_keeps_its_bars_in_midi():
    score = compose("blues at 80 bpm", LYRICS, seed=1)
    midi = pretty_midi.PrettyMIDI(io.BytesIO(score_to_midi(score)))
    assert [(t.numerator, t.denominator) for t in midi.time_signature_changes] == [(12, 8)]
    assert midi.get_tempo_changes()[1][0] == pytest.approx(
        120.0
    )  # 80 dotted quarters = 120 quarters
    downbeats = midi.get_downbeats()
    assert downbeats[1] == pytest.approx(score.seconds(4), abs=1e-3)
