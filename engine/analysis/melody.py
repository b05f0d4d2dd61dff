"""The lead melody: the f0 of the voice or lead instrument, cut into notes."""

from __future__ import annotations

from dataclasses import dataclass

import librosa
import numpy as np
import scipy.ndimage
import scipy.signal
import soxr

MELODY_RATE_HZ = 11025
FRAME = 1024
HOP = 256
# C3..C6 covers sung and lead lines; leaving the bass out of the search spares pyin most of its
# work and most of its octave mistakes.
LOWEST_HZ, HIGHEST_HZ = 130.8, 1046.5
MIN_NOTE_S = 0.09
# Lift f0 an octave only where the octave above holds over three times the energy at f0: a sung
# vowel's second harmonic often outweighs its fundamental, and at 1.0 a quarter of the engine's
# sung notes came out an octave high (raw pitch accuracy 0.63; 0.87-0.92 at 0.3, bench/analysis.py).
OCTAVE_ERROR_RATIO = 0.3


@dataclass(frozen=True)
class Note:
    """A melody note: MIDI pitch from `start_s` to `end_s`."""

    start_s: float
    end_s: float
    pitch: int


def melody_band(mono: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """The signal at MELODY_RATE_HZ with the bass and kick below ~120 Hz filtered out."""
    audio = (
        soxr.resample(mono, sample_rate_hz, MELODY_RATE_HZ)
        if sample_rate_hz != MELODY_RATE_HZ
        else mono
    )
    sos = scipy.signal.butter(4, 120.0, btype="highpass", fs=MELODY_RATE_HZ, output="sos")
    return scipy.signal.sosfilt(sos, audio).astype(np.float32)


def track_f0(band: np.ndarray) -> np.ndarray:
    """pyin f0 in Hz, NaN where its voicing decision says unvoiced, one value per HOP samples."""
    f0, voiced, _ = librosa.pyin(
        band, fmin=LOWEST_HZ, fmax=HIGHEST_HZ, sr=MELODY_RATE_HZ, frame_length=FRAME, hop_length=HOP,
        center=True,
    )  # fmt: skip
    return np.where(voiced, f0, np.nan)


def notes_from_f0(f0_hz: np.ndarray, *, hop_s: float = HOP / MELODY_RATE_HZ) -> list[Note]:
    """Runs of frames on one semitone become notes (NaN = unvoiced); runs under MIN_NOTE_S are
    dropped."""
    voiced = np.isfinite(f0_hz) & (f0_hz > 0)
    pitch = np.full(f0_hz.shape, -1, dtype=int)
    pitch[voiced] = np.round(69 + 12 * np.log2(f0_hz[voiced] / 440.0)).astype(int)
    # A median over ~70 ms removes one-frame octave slips and vibrato crossing a semitone edge.
    pitch = scipy.ndimage.median_filter(pitch, size=5, mode="nearest")
    notes: list[Note] = []
    start = 0
    for i in range(1, len(pitch) + 1):
        if i == len(pitch) or pitch[i] != pitch[start]:
            if pitch[start] >= 0 and (i - start) * hop_s >= MIN_NOTE_S:
                notes.append(Note(round(start * hop_s, 3), round(i * hop_s, 3), int(pitch[start])))
            start = i
    return notes


def lift_octave_errors(f0_hz: np.ndarray, band: np.ndarray) -> np.ndarray:
    """Move f0 up an octave in frames where little energy sits at f0 itself and much more an
    octave higher: in a mix, notes a third and a fifth apart share a period an octave below
    the tune, and pyin follows that shared period."""
    n_bins = 12 * 4 + 12  # C3..C7: room for the octave above the highest f0
    spectrum = np.abs(
        librosa.cqt(
            band,
            sr=MELODY_RATE_HZ,
            hop_length=HOP,
            fmin=LOWEST_HZ,
            n_bins=n_bins,
            bins_per_octave=12,
        )
    )
    frames = min(len(f0_hz), spectrum.shape[1])
    lifted = f0_hz.copy()
    voiced = np.flatnonzero(np.isfinite(f0_hz[:frames]))
    bins = np.round(12 * np.log2(f0_hz[voiced] / LOWEST_HZ)).astype(int)
    inside = (bins >= 0) & (bins + 12 < n_bins)
    voiced, bins = voiced[inside], bins[inside]
    at_f0, above = spectrum[bins, voiced], spectrum[bins + 12, voiced]
    lifted[voiced[at_f0 < OCTAVE_ERROR_RATIO * above]] *= 2.0
    return lifted


def find_melody(mono: np.ndarray, sample_rate_hz: int) -> list[Note]:
    """The lead line of a mono recording as notes."""
    band = melody_band(mono, sample_rate_hz)
    return notes_from_f0(lift_octave_errors(track_f0(band), band))
