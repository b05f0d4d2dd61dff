"""What a speech synthesiser gives the singing voice: a spoken word and its phonemes."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

# Words are spoken at this rate, and the vocoder sings them at it (the stem is resampled up).
VOICE_RATE_HZ = 22050


@dataclass(frozen=True)
class Phone:
    """One phoneme of a spoken word: the synthesiser's name for it, its span in samples of the
    word's audio, and what kind of sound it is."""

    name: str
    start: int
    end: int
    stressed: bool
    is_vowel: bool
    is_voiced: bool  # vowels and the consonants the vocal folds sound through (sung on the pitch)


@dataclass(frozen=True)
class SpokenWord:
    """A spoken word: mono float32 audio at `sample_rate_hz` and its phonemes in order.

    `bandwidth_hz` is where the synthesiser's own audio ends, when that is below the rate's
    Nyquist frequency (a voice made at 16 kHz and resampled has nothing above 8 kHz)."""

    audio: np.ndarray
    sample_rate_hz: int
    phones: tuple[Phone, ...]
    bandwidth_hz: float | None = None


def trimmed_word(
    audio: np.ndarray, phones: list[Phone], *, bandwidth_hz: float | None = None
) -> SpokenWord:
    """A spoken word at `VOICE_RATE_HZ` cut to its phonemes: the silence a synthesiser says before
    and after a word dropped, the phonemes' spans shifted to match."""
    if not phones:
        return SpokenWord(np.zeros(0, dtype=np.float32), VOICE_RATE_HZ, ())
    first, last = phones[0].start, phones[-1].end
    shifted = tuple(replace(p, start=p.start - first, end=p.end - first) for p in phones)
    return SpokenWord(np.ascontiguousarray(audio[first:last]), VOICE_RATE_HZ, shifted, bandwidth_hz)
