"""The instruments: a score's tracks played on the General MIDI SoundFont, one stem per role."""

from __future__ import annotations

import os

import numpy as np
import pytest

from engine.compose.score import Note, Score, Track
from engine.render import instruments
from engine.render.instruments import SAMPLE_RATE_HZ, TAIL_S, render_stems, soundfont_path
from tests.engine.render.scores import band_score


def _rms(audio: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))


def _one_track_score(track: Track, duration_s: float = 2.0) -> Score:
    return Score(
        bpm=120.0,
        key="C",
        mode="major",
        time_signature=(4, 4),
        tracks=[track],
        sections=[],
        duration_s=duration_s,
    )


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
    kit = render_stems(_one_track_score(Track("Drums", "drums", 0, is_drum=True, notes=hit)))[
        "drums"
    ]
    piano = render_stems(_one_track_score(Track("Piano", "drums", 0, is_drum=False, notes=hit)))[
        "drums"
    ]

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


@pytest.fixture
def forks(monkeypatch) -> list[dict]:
    """The render children forked, each {"pid", "finished"}, on a machine taken to have two cores
    whatever this one has (on one core the render would not fork at all)."""
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    children: list[dict] = []
    real_fork, real_joined = instruments.fork_filling, instruments.joined

    def fork_filling(shape, fill):
        buffer, pid = real_fork(shape, fill)  # only the parent comes back here
        children.append({"pid": pid, "finished": None})
        return buffer, pid

    def joined(pid: int) -> bool:
        finished = real_joined(pid)
        next(child for child in children if child["pid"] == pid)["finished"] = finished
        return finished

    monkeypatch.setattr(instruments, "fork_filling", fork_filling)
    monkeypatch.setattr(instruments, "joined", joined)
    return children


def tracks_rendered_here(monkeypatch, *, fail_in_the_child: bool = False) -> list[str]:
    """The tracks this process renders from now on (a forked child's work is not counted)."""
    parent = os.getpid()
    rendered: list[str] = []
    real_render_into = instruments._render_into

    def render_into(synth, tracks, out):
        if os.getpid() != parent and fail_in_the_child:
            raise RuntimeError("child crashed")
        if os.getpid() == parent:
            rendered.extend(track.name for track in tracks)
        real_render_into(synth, tracks, out)

    monkeypatch.setattr(instruments, "_render_into", render_into)
    return rendered


def test_the_two_core_render_gives_the_same_stems_as_one_core(monkeypatch, forks):
    score = band_score(bars=2)
    one_core = render_stems(score, parallel=False)
    assert forks == []
    here = tracks_rendered_here(monkeypatch)

    two_cores = render_stems(score, parallel=True)

    assert len(forks) == 1 and forks[0]["pid"] not in (0, os.getpid()) and forks[0]["finished"]
    assert 0 < len(here) < len(score.tracks)  # the child played the rest
    assert set(one_core) == set(two_cores)
    for role in one_core:
        np.testing.assert_allclose(two_cores[role], one_core[role], atol=1e-6)


def test_when_the_render_child_fails_the_parent_renders_its_share(monkeypatch, forks):
    score = band_score(bars=2)
    expected = render_stems(score, parallel=False)
    here = tracks_rendered_here(monkeypatch, fail_in_the_child=True)

    recovered = render_stems(score, parallel=True)

    assert len(forks) == 1 and forks[0]["finished"] is False
    assert sorted(here) == sorted(track.name for track in score.tracks)  # its own and the child's
    for role in expected:
        np.testing.assert_allclose(recovered[role], expected[role], atol=1e-6)


def test_on_one_core_the_render_does_not_fork(monkeypatch, forks):
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    score = band_score(bars=1)

    stems = render_stems(score, parallel=True)

    assert forks == []
    assert set(stems) == {"drums", "bass", "harmony", "lead"}
