"""Tempo, key, chords and melody found back in songs whose facts are known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from engine.analysis import chords, key, melody, tempo
from engine.analysis.preprocess import _beat_features
from tests.engine.analysis import songs

SHORT_PLAN = (("verse", 4), ("chorus", 2))


def listen(song: songs.SyntheticSong):
    onsets = tempo.onset_envelope(song.audio, song.sample_rate_hz)
    beats = tempo.find_beats(onsets, song.sample_rate_hz)
    features = _beat_features(song.audio, beats.beats_s, song.duration_s)
    return beats, features


def chord_at(found: list[chords.Chord], time_s: float) -> str:
    return next(c.name for c in found if c.start_s <= time_s < c.end_s)


@pytest.mark.parametrize(("bpm", "tonic", "mode"), [(100, "G", "major"), (132, "C#", "minor")])
def test_tempo_key_and_chords_of_a_short_song_are_found(bpm, tonic, mode):
    song = songs.synth_song(bpm=bpm, tonic=tonic, mode=mode, plan=SHORT_PLAN)

    beats, features = listen(song)
    found_key = key.find_key(features.chroma_energy)
    found_chords = chords.find_chords(features.chroma, features.edges_s, features.bass)

    assert beats.tempo_bpm == pytest.approx(bpm, rel=0.02)
    assert (found_key.tonic, found_key.mode) == (tonic, mode)
    middles = [(start + end) / 2 for start, end, _ in song.chords]
    assert [chord_at(found_chords, t) for t in middles] == [name for _, _, name in song.chords]


def test_the_beats_are_evenly_spaced_at_the_tempo():
    song = songs.synth_song(bpm=120, tonic="D", mode="major", plan=SHORT_PLAN)

    beats, _ = listen(song)

    assert np.median(np.diff(beats.beats_s)) == pytest.approx(0.5, abs=0.02)
    assert len(beats.beats_s) >= 0.8 * song.duration_s * 2


def test_a_major_and_a_minor_triad_are_told_apart():
    names, templates = chords.chord_templates()
    a_minor = np.zeros(12)
    a_minor[[9, 0, 4]] = 1.0
    beat_chroma = np.repeat(a_minor[:, None], 4, axis=1)

    found = chords.find_chords(beat_chroma, np.array([0.0, 0.5, 1.0, 1.5, 2.0]))

    assert len(names) == 24 and templates.shape == (24, 12)
    assert [(c.name, c.start_s, c.end_s) for c in found] == [("Am", 0.0, 2.0)]


def test_silence_has_no_chord():
    found = chords.find_chords(np.zeros((12, 3)), np.array([0.0, 1.0, 2.0, 3.0]))

    assert [c.name for c in found] == [chords.NO_CHORD]


def test_an_exposed_lead_line_over_drums_comes_back_as_its_notes():
    rate = songs.SAMPLE_RATE_HZ
    tune = [67, 71, 69, 67, 74, 71, 69, 65] * 3
    note_n = rate // 4
    lead = (
        np.concatenate([songs._tone(songs.midi_hz(p), note_n, harmonics=6, sr=rate) for p in tune])
        * 0.4
    )
    drums = np.zeros_like(lead)
    rng = np.random.default_rng(1)
    for i, at in enumerate(range(0, len(lead), rate // 2)):
        hit = songs._kick(rate) if i % 2 == 0 else songs._noise_hit(rate, 0.2, 25, rng)
        songs._add(drums, hit, at, 0.5)

    notes = melody.find_melody(lead + drums, rate)

    sung = [n.pitch for n in notes if n.end_s - n.start_s > 0.15]
    assert sung == tune
    assert notes[0].start_s == pytest.approx(0.0, abs=0.06)


def test_f0_frames_become_notes_and_blips_are_dropped():
    hop_s = 0.01
    a4, c5 = 440.0, 523.25
    f0 = np.array([a4] * 30 + [np.nan] * 5 + [c5] * 20 + [a4] * 3 + [np.nan] * 10)

    notes = melody.notes_from_f0(f0, hop_s=hop_s)

    assert [(n.pitch, round(n.end_s - n.start_s, 2)) for n in notes] == [(69, 0.3), (72, 0.2)]
