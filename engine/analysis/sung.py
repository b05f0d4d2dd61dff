"""Checks of a sung part against its score: is each note on pitch, and are the words understood?"""

from __future__ import annotations

import re

import jiwer
import librosa
import numpy as np
import soxr
from num2words import num2words

PITCH_RATE_HZ = 22050
PITCH_FRAME = 1024
PITCH_HOP = 128
# Notes are judged on their middle: the glide into a note and the consonants around it are not
# the note's pitch.
EDGE_S = 0.04
_WORD = re.compile(r"[a-z0-9']+")
_NUMBER = re.compile(r"\d+")


def note_pitch_errors(
    audio: np.ndarray, sample_rate_hz: int, notes: list[tuple[float, float, float]]
) -> list[float | None]:
    """Per note (MIDI pitch, start s, end s): the median f0 there minus the pitch, in cents.

    None for a note too short to judge or heard unvoiced. `audio` is mono or (frames, channels)."""
    mono = np.asarray(audio, dtype=np.float32)
    if mono.ndim == 2:
        mono = mono.mean(axis=1)
    if sample_rate_hz != PITCH_RATE_HZ:
        mono = soxr.resample(mono, sample_rate_hz, PITCH_RATE_HZ)
    f0, voiced, _ = librosa.pyin(
        mono,
        fmin=65.0,
        fmax=1100.0,
        sr=PITCH_RATE_HZ,
        frame_length=PITCH_FRAME,
        hop_length=PITCH_HOP,
    )
    times = np.arange(len(f0)) * PITCH_HOP / PITCH_RATE_HZ
    errors: list[float | None] = []
    for pitch, start_s, end_s in notes:
        inside = (times >= start_s + EDGE_S) & (times <= end_s - EDGE_S) & voiced & np.isfinite(f0)
        if inside.sum() < 2:
            errors.append(None)
            continue
        sung = float(np.median(librosa.hz_to_midi(f0[inside])))
        errors.append(round((sung - pitch) * 100.0, 1))
    return errors


def normalise_words(text: str) -> str:
    """Lower case words without punctuation or section tags, numbers spelt out ("10" -> "ten"), for
    comparing lyrics with a transcript."""
    text = re.sub(r"\[[^\]]*\]", " ", text.lower()).replace("\u2019", "'")
    text = _NUMBER.sub(lambda number: f" {num2words(int(number[0]))} ", text)
    return " ".join(_WORD.findall(text))


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Word error rate of a transcript against the lyrics (substitutions + deletions + insertions
    over the lyric's word count), after `normalise_words` on both."""
    ref, hyp = normalise_words(reference), normalise_words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return float(jiwer.wer(ref, hyp or "<nothing>"))
