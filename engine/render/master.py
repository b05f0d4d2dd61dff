"""Mastering: loudness normalised to about -14 LUFS integrated, true peaks held under about -1 dBTP."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyloudnorm
from pedalboard import BrickwallLimiter
from scipy.signal import firwin, sosfilt, tf2sos

TARGET_LUFS = -14.0
CEILING_DBTP = -1.0
# The limiter watches samples, not the waveform between them: its ceiling sits half a dB lower.
LIMITER_CEILING_DB = -1.5
SILENCE_LUFS = -70.0
_OVERSAMPLE = 4
_TP_BLOCK_FRAMES = 8192
_CHUNK_FRAMES = 1 << 18


@dataclass(frozen=True)
class Mastered:
    """The mastered audio (frames, 2) float32 and what was measured on it."""

    audio: np.ndarray
    gain_db: float  # gain applied before the limiter
    loudness_lufs: float
    true_peak_dbtp: float


def loudness_lufs(audio: np.ndarray, sample_rate_hz: int) -> float:
    """Integrated loudness (ITU-R BS.1770-4, gated) of (frames, channels) audio in LUFS; -70 if silent.

    pyloudnorm's K-weighting filters, with the block gating vectorised: its own loop over
    400 ms blocks costs most of a second on a 3-minute song.
    """
    audio = np.asarray(audio, dtype=np.float32).reshape(len(audio), -1)
    hop = int(round(0.1 * sample_rate_hz))
    hops = len(audio) // hop
    if hops < 4:
        return SILENCE_LUFS
    energy = np.stack(
        [_hop_energy(channel[: hops * hop], hop, sample_rate_hz) for channel in audio.T], axis=1
    )
    # 400 ms blocks with 75 % overlap: four consecutive 100 ms hops each.
    blocks = (energy[:-3] + energy[1:-2] + energy[2:-1] + energy[3:]) / (4 * hop)
    power = blocks.sum(axis=1)
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10.0 * np.log10(power)
    gated = power[block_lufs >= SILENCE_LUFS]
    if gated.size == 0:
        return SILENCE_LUFS
    relative_gate = -0.691 + 10.0 * np.log10(gated.mean()) - 10.0
    kept = power[(block_lufs >= SILENCE_LUFS) & (block_lufs > relative_gate)]
    return float(-0.691 + 10.0 * np.log10(kept.mean()))


def _hop_energy(channel: np.ndarray, hop: int, sample_rate_hz: int) -> np.ndarray:
    """Sum of squares of the K-weighted signal per hop, filtered in chunks to bound the float64
    copies."""
    sos = _k_weighting(sample_rate_hz)
    state = np.zeros((sos.shape[0], 2))
    chunk = hop * 64
    sums = []
    for start in range(0, len(channel), chunk):
        weighted, state = sosfilt(sos, channel[start : start + chunk], zi=state)
        sums.append(np.square(weighted).reshape(-1, hop).sum(axis=1))
    return np.concatenate(sums)


def true_peak_dbtp(audio: np.ndarray) -> float:
    """The highest inter-sample peak (4x oversampling, 48-tap polyphase FIR as in BS.1770-4), in
    dBTP."""
    audio = np.asarray(audio, dtype=np.float32).reshape(len(audio), -1)
    taps = _true_peak_filter()
    kernels = [taps[phase::_OVERSAMPLE] for phase in range(1, _OVERSAMPLE)]
    reach = len(kernels[0])
    # A block whose samples, times the filter's gain, stay under the peak found so far cannot hold
    # the true peak: only blocks near the loudest sample are oversampled.
    gain = max(float(np.abs(k).sum()) for k in kernels)
    peak = float(np.abs(audio).max(initial=0.0))
    for start in range(0, len(audio), _TP_BLOCK_FRAMES):
        block = audio[max(0, start - reach) : start + _TP_BLOCK_FRAMES + reach]
        if float(np.abs(block).max(initial=0.0)) * gain <= peak:
            continue
        for channel in block.T:
            for kernel in kernels:
                peak = max(
                    peak, float(np.abs(np.convolve(channel, kernel, mode="valid")).max(initial=0.0))
                )
    return 20.0 * np.log10(peak) if peak > 0 else -np.inf


@lru_cache(maxsize=4)
def _k_weighting(sample_rate_hz: int) -> np.ndarray:
    """pyloudnorm's two K-weighting stages as second-order sections."""
    stages = pyloudnorm.Meter(sample_rate_hz)._filters.values()
    return np.vstack([tf2sos(stage.b, stage.a) for stage in stages])


@lru_cache(maxsize=1)
def _true_peak_filter() -> np.ndarray:
    taps = firwin(12 * _OVERSAMPLE, 1.0 / _OVERSAMPLE, window=("kaiser", 8.0)) * _OVERSAMPLE
    return taps.astype(np.float32)


def master(
    mix: np.ndarray,
    *,
    sample_rate_hz: int,
    target_lufs: float = TARGET_LUFS,
    ceiling_dbtp: float = CEILING_DBTP,
) -> Mastered:
    """Bring `mix` (frames, 2) to `target_lufs` and keep true peaks under `ceiling_dbtp`."""
    measured = loudness_lufs(mix, sample_rate_hz)
    if measured <= SILENCE_LUFS:
        return Mastered(np.zeros_like(mix, dtype=np.float32), 0.0, SILENCE_LUFS, -np.inf)
    gain_db = target_lufs - measured
    limited = _limit(mix, gain_db, sample_rate_hz, ceiling_dbtp)
    loudness = loudness_lufs(limited, sample_rate_hz)
    # The limiter takes a little loudness off the peaks; one correction pass wins it back.
    if abs(target_lufs - loudness) >= 0.3:
        gain_db += target_lufs - loudness
        del limited  # one song-length copy at a time
        limited = _limit(mix, gain_db, sample_rate_hz, ceiling_dbtp)
        loudness = loudness_lufs(limited, sample_rate_hz)
    peak = true_peak_dbtp(limited)
    if peak > ceiling_dbtp:
        # A plain gain change moves loudness and true peak by the same dB: no need to measure again.
        trim_db = ceiling_dbtp - 0.05 - peak
        limited *= np.float32(10.0 ** (trim_db / 20.0))
        loudness, peak = loudness + trim_db, peak + trim_db
    return Mastered(limited, gain_db, loudness, peak)


def _limit(mix: np.ndarray, gain_db: float, sample_rate_hz: int, ceiling_dbtp: float) -> np.ndarray:
    """`mix` times `gain_db` through a brick-wall limiter, streamed in chunks into one output array."""
    limiter = BrickwallLimiter(
        ceiling_db=min(LIMITER_CEILING_DB, ceiling_dbtp - 0.5),
        release_ms=120.0,
        lookahead_ms=5.0,
        true_peak=False,
    )
    gain = np.float32(10.0 ** (gain_db / 20.0))
    source = mix.T  # pedalboard's (channels, frames)
    out = np.empty(source.shape, dtype=np.float32)
    for start in range(0, source.shape[1], _CHUNK_FRAMES):
        chunk = source[:, start : start + _CHUNK_FRAMES] * gain
        out[:, start : start + _CHUNK_FRAMES] = limiter(chunk, sample_rate_hz, reset=start == 0)
    return out.T
