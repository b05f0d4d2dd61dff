"""The instruments: a score's tracks played on the General MIDI SoundFont, one stem per role."""

from __future__ import annotations

import numpy as np
import pytest

from engine.compose.score import Note, Score, Track
from engine.render.instruments import SAMPLE_RATE_HZ, TAIL_S, render_stems, soundfont_path
from tests.engine.render.scores import band_score


def _rms(audio: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))


def _one_track_score(track: Track, duration_s: float = 2.0) -> Score:
    return Score(bpm=120.0, key="C", mode="major", time_signature=(4, 4), tracks=[track], sections=[],
                 duration_s=duration_s)


def _held_c(**track_options) -> Score:
    note = Note(60, 0.0, 2.0, 100, 0.0, 1.0)
    return _one_track_score(Track("Piano", "harmony", 0, notes=[note], **track_options))


def test_the_soundfont_comes_from_the_pretty_midi_wheel():
    path = soundfont_path()
    assert path.name == "TimGM6mb.sf2"
    assert "pretty_midi" in str(path)


def test_each_role_renders_to_its_own_stereo_stem_at_44100_hz():
    score = band_score(bars=2)
    stems = render_stems(score)
    assert set(stems) == {"drums", "bass", "harmony", "lead"}
    expected_frames = round((score.duration_s + TAIL_S) * SAMPLE_RATE_HZ)
    for role, audio in stems.items():
        assert audio.dtype == np.float32
        assert audio.shape == (expected_frames, 2), role
        assert _rms(audio) > 1e-3, f"{role} is silent"


def test_a_score_without_a_lead_track_has_no_lead_stem():
    stems = render_stems(band_score(bars=2, lead=False))
    assert "lead" not in stems
    assert set(stems) == {"drums", "bass", "harmony"}


def test_a_stem_sounds_while_its_notes_play_and_dies_away_after():
    score = band_score(bars=2)
    lead = render_stems(score)["lead"]
    last_end_s = max(n.end_s for n in score.lead_track.notes)
    assert _rms(lead[: int(0.5 * SAMPLE_RATE_HZ)]) > 1e-3
    assert _rms(lead[int((last_end_s + 1.2) * SAMPLE_RATE_HZ) :]) < _rms(lead) / 20


def test_pan_puts_a_track_on_its_side():
    left = render_stems(_held_c(pan=-1.0))["harmony"]
    right = render_stems(_held_c(pan=1.0))["harmony"]
    assert _rms(left[:, 0]) > 4 * _rms(left[:, 1])
    assert _rms(right[:, 1]) > 4 * _rms(right[:, 0])


def test_gain_db_sets_a_tracks_level():
    loud = _rms(render_stems(_held_c(gain_db=0.0))["harmony"])
    quiet = _rms(render_stems(_held_c(gain_db=-12.0))["harmony"])
    assert 20 * np.log10(loud / quiet) == pytest.approx(12.0, abs=1.5)


def test_a_drum_track_plays_the_kit_not_the_program():
    hit = [Note(38, 0.0, 0.5, 110, 0.0, 0.25)]
    kit = render_stems(_one_track_score(Track("Drums", "drums", 0, is_drum=True, notes=hit)))["drums"]
    piano = render_stems(_one_track_score(Track("Piano", "drums", 0, is_drum=False, notes=hit)))["drums"]
    # A snare is noise: its spectrum is flat where a piano note is a few sharp partials.
    def flatness(audio: np.ndarray) -> float:
        spectrum = np.abs(np.fft.rfft(audio[:8192, 0])) + 1e-9
        return float(np.exp(np.mean(np.log(spectrum))) / np.mean(spectrum))

    assert flatness(kit) > 2 * flatness(piano)


def test_rendering_is_deterministic():
    first = render_stems(band_score(bars=1))
    second = render_stems(band_score(bars=1))
    for role in first:
        assert np.array_equal(first[role], second[role])



def test_the_two_core_render_gives_the_same_stems_as_one_core():
    score = band_score(bars=2)
    one_core = render_stems(score, parallel=False)
    two_cores = render_stems(score, parallel=True)
    assert set(one_core) == set(two_cores)
    for role in one_core:
        np.testing.assert_allclose(two_cores[role], one_core[role], atol=1e-6)


def test_when_the_render_child_fails_the_parent_renders_its_share(monkeypatch):
    import os

    from engine.render import instruments

    score = band_score(bars=2)
    expected = render_stems(score, parallel=False)
    parent = os.getpid()
    real_render_into = instruments._render_into

    def fails_in_the_child(synth, tracks, out):
        if os.getpid() != parent:
            raise RuntimeError("child crashed")
        real_render_into(synth, tracks, out)

    monkeypatch.setattr(instruments, "_render_into", fails_in_the_child)
    recovered = render_stems(score, parallel=True)
    for role in expected:
        np.testing.assert_allclose(recovered[role], expected[role], atol=1e-6)
