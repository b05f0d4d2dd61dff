"""Mastering: about -14 LUFS integrated, true peaks under -1 dBTP, and the meters behind it."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest
from scipy.signal import resample_poly

from engine.render.master import loudness_lufs, master, true_peak_dbtp

RATE = 44100


def _noise(seconds: float, level: float, seed: int = 0) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal((int(seconds * RATE), 2)) * level).astype(
        np.float32
    )


def test_loudness_agrees_with_pyloudnorm_including_the_gates():
    audio = _noise(12.0, 0.1)
    audio[: 4 * RATE] *= 0.02  # a quiet intro the relative gate must drop
    expected = pyloudnorm.Meter(RATE).integrated_loudness(audio.astype(np.float64))
    assert loudness_lufs(audio, RATE) == pytest.approx(expected, abs=0.05)


def test_true_peak_finds_the_peak_between_samples():
    t = np.arange(RATE) / RATE
    # A quarter-rate sine sampled 45 degrees off its crest: samples at 0.707, waveform at 1.0.
    tone = (0.5 * np.sin(2 * np.pi * (RATE / 4) * t + np.pi / 4)).astype(np.float32)
    audio = np.stack([tone, tone], axis=1)
    sample_peak_db = 20 * np.log10(np.abs(audio).max())
    oversampled_db = 20 * np.log10(np.abs(resample_poly(audio, 8, 1, axis=0)).max())
    assert true_peak_dbtp(audio) > sample_peak_db + 2.5
    assert true_peak_dbtp(audio) == pytest.approx(oversampled_db, abs=0.5)


def test_a_quiet_mix_is_brought_up_to_minus_14_lufs_under_minus_1_dbtp():
    mastered = master(_noise(8.0, 0.01), sample_rate_hz=RATE)
    assert loudness_lufs(mastered.audio, RATE) == pytest.approx(-14.0, abs=0.5)
    assert true_peak_dbtp(mastered.audio) <= -1.0
    assert mastered.gain_db > 15


def test_a_hot_mix_with_spikes_is_limited_not_clipped():
    audio = _noise(8.0, 0.3)
    audio[:: RATE // 3] = 1.5  # spikes far over full scale
    mastered = master(audio, sample_rate_hz=RATE)
    assert np.abs(mastered.audio).max() < 1.0
    assert mastered.true_peak_dbtp <= -1.0
    assert mastered.loudness_lufs == pytest.approx(-14.0, abs=0.5)


def test_silence_stays_silent():
    mastered = master(np.zeros((RATE * 2, 2), dtype=np.float32), sample_rate_hz=RATE)
    assert not mastered.audio.any()
