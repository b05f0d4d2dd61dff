"""A score to finished files: the song decodes, is mastered, and keeps the score's tempo and key."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile

from bench.honesty import find_key, find_tempo_bpm, to_mono
from engine.contract import AudioSetting
from engine.render.instruments import TAIL_S
from engine.render.master import loudness_lufs, true_peak_dbtp
from engine.render.song import render_score
from tests.engine.render.scores import band_score


@pytest.fixture(scope="module")
def score():
    return band_score(bpm=120.0, bars=5)


@pytest.fixture(scope="module")
def song(score):
    stages = []
    rendered = render_score(
        score,
        audio_setting=AudioSetting(format="wav"),
        progress=lambda stage, fraction: stages.append((stage, fraction)),
    )
    return rendered, stages


@pytest.fixture(scope="module")
def decoded(song):
    audio, rate = soundfile.read(io.BytesIO(song[0].audio.data), dtype="float32", always_2d=True)
    return audio, rate


def test_the_song_lasts_the_score_plus_its_release(score, song, decoded):
    audio, rate = decoded
    assert len(audio) / rate == pytest.approx(score.duration_s + TAIL_S, abs=0.01)
    assert song[0].audio.duration_ms == round(1000 * len(audio) / rate)


def test_the_song_is_mastered_to_minus_14_lufs_without_clipping(decoded):
    audio, rate = decoded
    assert np.abs(audio).max() < 0.95
    assert true_peak_dbtp(audio) <= -0.9  # -1 dBTP, plus 16-bit rounding
    assert loudness_lufs(audio, rate) == pytest.approx(-14.0, abs=1.0)


def test_the_tempo_of_the_score_is_found_back(decoded):
    assert find_tempo_bpm(to_mono(*decoded)) == pytest.approx(120.0, rel=0.02)


def test_the_key_of_the_score_is_found_back(decoded):
    found = find_key(to_mono(*decoded))
    assert (found.tonic, found.mode) == ("A", "minor")


def test_every_stem_is_a_flac_at_the_render_rate_and_an_unsung_lead_plays_in_other(song):
    stems = song[0].stems
    assert set(stems) == {"drums", "bass", "other"}
    for stem in stems.values():
        audio, rate = soundfile.read(io.BytesIO(stem.data), dtype="float32", always_2d=True)
        assert (stem.format, rate, audio.shape[1]) == ("flac", 44100, 2)
        assert 0.01 < np.abs(audio).max() < 1.0


def test_an_arrangement_without_a_lead_has_no_vocals_stem():
    setting = AudioSetting(format="flac", sample_rate_hz=16000, channels=1)
    rendered = render_score(band_score(bars=2, lead=False), audio_setting=setting)
    assert set(rendered.stems) == {"drums", "bass", "other"}
    assert (rendered.audio.sample_rate_hz, rendered.audio.channels) == (16000, 1)


def test_progress_goes_through_rendering_mixing_and_encoding_in_order(song):
    stages = song[1]
    order = list(dict.fromkeys(stage for stage, _ in stages))
    assert order == ["rendering", "mixing", "encoding"]
    assert stages[-1] == ("encoding", 1.0)
    assert all(0.0 <= fraction <= 1.0 for _, fraction in stages)


def test_a_score_without_notes_is_a_silent_song_without_stems():
    score = band_score(bars=1)
    for track in score.tracks:
        track.notes.clear()
    rendered = render_score(score, audio_setting=AudioSetting(format="pcm"))
    assert rendered.stems == {}
    assert rendered.audio.size > 0
    assert not any(rendered.audio.data)
