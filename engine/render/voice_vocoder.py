"""The vocoder of the singing voice: spoken syllables re-timed onto notes and re-pitched (WORLD).

WORLD (`pyworld`) splits a spoken word into a spectral envelope (what is said), an aperiodicity
(how breathy or noisy) and a pitch contour. The envelope and aperiodicity are laid out again on
the song's timeline, consonants at their spoken length and vowels stretched to fill the notes,
and WORLD resynthesises them on the melody's pitches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pyworld

from engine.render.voice_phones import SpokenWord
from engine.render.voice_pitch import glide, pitch_contour
from engine.render.voice_syllables import SpokenSyllable

FRAME_PERIOD_MS = 5.0
FRAME_S = FRAME_PERIOD_MS / 1000.0
F0_FLOOR_HZ = 60.0
# CheapTrick's window is three analysis periods: an FFT sized for WORLD's own floor (1024 at
# 22.05 kHz, not 2048 for 60 Hz) holds it for every analysis pitch from here up, and halves the
# cost of the envelope and of the synthesis. Speech pitches below it are analysed at it.
ANALYSIS_FLOOR_HZ = 71.0
# The aperiodicity (D4C, the dearest part of the analysis) is taken every this many frames and
# interpolated between: it moves with the phonemes, tens of milliseconds, not frame by frame.
APERIODICITY_STEP = 2
F0_CEIL_HZ = 600.0
SILENCE = 1e-16  # spectral power of a frame nobody sings in
# Share of the spoken vowel given to its attack and its release when a long note stretches it:
# the steady middle is what is held, so a diphthong ("night") moves at the end, as singers do.
VOWEL_ATTACK, VOWEL_RELEASE = 0.25, 0.25
VOWEL_HOLD_OUT = 0.8  # of the sung vowel
# A word whose audio ends below the vocoder's Nyquist frequency gets its envelope continued up:
# from EXTEND_FROM of its bandwidth on, with each frame's own slope over the octave below (kept
# between these dB per octave), so sibilants and breath reach the "air" a singer has.
EXTEND_FROM = 0.9
EXTEND_SLOPE_DB = (-30.0, -12.0)


@dataclass(frozen=True)
class WordFeatures:
    """WORLD features of a spoken word: frames of envelope and aperiodicity, and voicing."""

    envelope: np.ndarray  # (frames, bins) spectral power
    aperiodicity: np.ndarray  # (frames, bins) 0..1
    voiced: np.ndarray  # (frames,) bool: the phoneme there is voiced
    sample_rate_hz: int

    @property
    def frames(self) -> int:
        return len(self.envelope)


class SungNote(NamedTuple):
    """A note as the voice sings it: MIDI pitch (fractional for a detuned double), and its start
    and end on the song's timeline in seconds. A tuple, so that numpy and unpacking take it."""

    pitch: float
    start_s: float
    end_s: float


@dataclass(frozen=True)
class SyllableLayout:
    """Where a sung syllable sits on the song's timeline, in seconds, and the notes it is sung on.

    Onset consonants run from `onset_s` to `vowel_s`, the vowel to `coda_s`, coda consonants to
    `end_s`. `notes` are in order; a melisma has several.
    """

    features: WordFeatures
    spoken: SpokenSyllable
    onset_s: float
    vowel_s: float
    coda_s: float
    end_s: float
    notes: tuple[SungNote, ...]


def fft_size(sample_rate_hz: int) -> int:
    """The FFT size CheapTrick and the synthesiser share at this rate (one size for all words)."""
    return pyworld.get_cheaptrick_fft_size(sample_rate_hz, ANALYSIS_FLOOR_HZ)


def analyse_word(word: SpokenWord) -> WordFeatures:
    """WORLD envelope and aperiodicity of a spoken word, and which frames are voiced phonemes."""
    x = word.audio.astype(np.float64)
    rate = word.sample_rate_hz
    size = fft_size(rate)
    f0, times = pyworld.dio(
        x, rate, f0_floor=F0_FLOOR_HZ, f0_ceil=F0_CEIL_HZ, frame_period=FRAME_PERIOD_MS
    )
    f0 = pyworld.stonemask(x, f0, times, rate)
    # Frames the synthesiser left unvoiced still need an analysis pitch for the envelope's window.
    f0_filled = np.where(f0 > 0, f0, np.median(f0[f0 > 0]) if np.any(f0 > 0) else 120.0)
    f0_filled = np.maximum(f0_filled, ANALYSIS_FLOOR_HZ)
    envelope = pyworld.cheaptrick(x, f0_filled, times, rate, fft_size=size)
    aperiodicity = _aperiodicity(x, f0_filled, times, rate, size)
    if word.bandwidth_hz and word.bandwidth_hz < rate / 2:
        _extend_band(envelope, aperiodicity, rate, size, word.bandwidth_hz)
    voiced = np.zeros(len(times), dtype=bool)
    for phone in word.phones:
        if phone.is_voiced:
            voiced[int(phone.start / rate / FRAME_S) : int(np.ceil(phone.end / rate / FRAME_S))] = (
                True
            )
    return WordFeatures(envelope, aperiodicity, voiced, rate)


def _aperiodicity(
    x: np.ndarray, f0: np.ndarray, times: np.ndarray, rate: int, size: int
) -> np.ndarray:
    """D4C's aperiodicity at every `APERIODICITY_STEP`-th frame (and the last), linearly
    interpolated to every frame."""
    taken = np.unique(np.append(np.arange(0, len(times), APERIODICITY_STEP), len(times) - 1))
    coarse = pyworld.d4c(x, f0[taken], times[taken], rate, fft_size=size)
    frame = np.arange(len(times))
    right = np.clip(np.searchsorted(taken, frame), 1, len(taken) - 1)
    left = right - 1
    mix = ((frame - taken[left]) / np.maximum(1, taken[right] - taken[left]))[:, None]
    return coarse[left] * (1.0 - mix) + coarse[right] * mix


def _extend_band(
    envelope: np.ndarray, aperiodicity: np.ndarray, rate: int, size: int, bandwidth_hz: float
) -> None:
    """Continue each frame's envelope (in place) above `bandwidth_hz` along the slope of the octave
    below, and its aperiodicity at the level it has there."""
    freqs = np.arange(envelope.shape[1]) * rate / size
    edge = int(np.searchsorted(freqs, EXTEND_FROM * bandwidth_hz))
    if edge >= len(freqs) - 1:
        return
    below = (freqs >= freqs[edge] / 2) & (freqs < freqs[edge])
    octaves = np.log2(freqs[below] / freqs[edge])
    level_db = 10.0 * np.log10(envelope[:, below] + 1e-30)
    # Least-squares slope in dB per octave, per frame. Written out: polyfit's BLAS threads spin
    # on the core the forked half of the vocoder is using, which cost a song 3 s.
    centred = octaves - octaves.mean()
    slope = ((level_db - level_db.mean(axis=1, keepdims=True)) * centred).sum(axis=1) / np.square(
        centred
    ).sum()
    slope = np.clip(slope, *EXTEND_SLOPE_DB)
    above = np.log2(freqs[edge:] / freqs[edge])
    envelope[:, edge:] = envelope[:, edge : edge + 1] * 10.0 ** (
        slope[:, None] * above[None, :] / 10.0
    )
    aperiodicity[:, edge:] = aperiodicity[:, edge : edge + 1]


def render_phrase(
    syllables: list[SyllableLayout], sample_rate_hz: int, *, consonant_db: float = 0.0
) -> tuple[float, np.ndarray]:
    """Sing consecutive syllables as one stretch of audio; returns (start s, mono float32).

    `consonant_db` raises or lowers the consonants against the vowels (a double sings softer ones)."""
    start_s = syllables[0].onset_s
    frames = int(np.ceil((syllables[-1].end_s - start_s) / FRAME_S)) + 1
    bins = fft_size(sample_rate_hz) // 2 + 1
    envelope = np.full((frames, bins), SILENCE)
    aperiodicity = np.ones((frames, bins))
    voiced = np.zeros(frames, dtype=bool)
    consonant_gain = 10.0 ** (consonant_db / 10.0)  # on spectral power
    for syllable in syllables:
        source, target, in_vowel = _frame_map(syllable, start_s, frames)
        features = syllable.features
        low = np.floor(source).astype(int)
        high = np.minimum(low + 1, features.frames - 1)
        mix = (source - low)[:, None]
        gain = np.where(in_vowel, 1.0, consonant_gain)[:, None]
        envelope[target] = (
            features.envelope[low] * (1 - mix) + features.envelope[high] * mix
        ) * gain
        aperiodicity[target] = (
            features.aperiodicity[low] * (1 - mix) + features.aperiodicity[high] * mix
        )
        voiced[target] = features.voiced[np.rint(source).astype(int)]
    notes = sorted(
        (note for syllable in syllables for note in syllable.notes), key=lambda n: n.start_s
    )
    pitch = glide(pitch_contour(notes, start_s + np.arange(frames) * FRAME_S), voiced, FRAME_S)
    f0 = np.where(voiced, 440.0 * 2.0 ** ((pitch - 69.0) / 12.0), 0.0)
    audio = pyworld.synthesize(f0, envelope, aperiodicity, sample_rate_hz, FRAME_PERIOD_MS)
    return start_s, audio.astype(np.float32)


def _frame_map(
    syllable: SyllableLayout, start_s: float, frames: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(source frame, float) for each output frame of the syllable, those output frame indices,
    and whether each lies in the vowel."""
    rate = syllable.features.sample_rate_hz
    spoken = syllable.spoken
    last = syllable.features.frames - 1
    sources: list[np.ndarray] = []
    targets: list[np.ndarray] = []
    vowels: list[np.ndarray] = []
    parts = (
        (spoken.onset, syllable.onset_s, syllable.vowel_s, False),
        (spoken.vowel, syllable.vowel_s, syllable.coda_s, True),
        (spoken.coda, syllable.coda_s, syllable.end_s, False),
    )
    for (a, b), t0, t1, is_vowel in parts:
        first = int(np.ceil((t0 - start_s) / FRAME_S - 1e-9))
        stop = min(frames, int(np.ceil((t1 - start_s) / FRAME_S - 1e-9)))
        if stop <= first or b <= a:
            continue
        out = np.arange(first, stop)
        u = (out - first) / max(1, stop - first)
        src_a, src_b = a / rate / FRAME_S, b / rate / FRAME_S
        if is_vowel and (t1 - t0) > (b - a) / rate * 1.5:
            u = _held(u)
        sources.append(np.clip(src_a + u * (src_b - src_a), 0, last))
        targets.append(out)
        vowels.append(np.full(len(out), is_vowel))
    if not targets:
        return np.zeros(0), np.zeros(0, dtype=int), np.zeros(0, dtype=bool)
    return np.concatenate(sources), np.concatenate(targets), np.concatenate(vowels)


def _held(u: np.ndarray) -> np.ndarray:
    """Warp of a stretched vowel: a quick attack, the middle held, a quick release."""
    attack_out = (1 - VOWEL_HOLD_OUT) / 2
    release_out = 1 - attack_out
    return np.where(
        u < attack_out,
        u / attack_out * VOWEL_ATTACK,
        np.where(
            u < release_out,
            VOWEL_ATTACK + (u - attack_out) / VOWEL_HOLD_OUT * (1 - VOWEL_ATTACK - VOWEL_RELEASE),
            1 - VOWEL_RELEASE + (u - release_out) / attack_out * VOWEL_RELEASE,
        ),
    )
