"""What bench/voice.py measures on a sung song: DNSMOS of the dry lead where it sounds, which
lyric lines are sung and heard, and how far the LRC's word times are from where the voice sings.

The dry lead is the lead's takes alone, before doubles, backing voices and effects: mono audio at
the voice's rate. Words come from the recogniser with their times (`engine.analysis.speech`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import librosa
import numpy as np
import soxr
from speechmos import dnsmos

from engine.analysis.speech import SPEECH_RATE_HZ, Word
from engine.analysis.sung import normalise_words
from engine.compose.lyric_times import SyncedLine, WordTime

FRAME_S = 0.05
# A frame of the dry lead sounds when it is within this of the loudest frame; silences shorter
# than GAP_S (between words, a breath) stay in.
SOUNDING_DB = -40.0
GAP_S = 0.3
# A line is sung when the lead sounds for at least this share of its span in the LRC...
LINE_SOUNDING_SHARE = 0.5
# ...and heard when the recogniser finds at least this share of its words this near their times.
LINE_HEARD_SHARE = 0.5
HEARD_WITHIN_S = 1.0
# Where a word is sung: the strongest onset (spectral flux of the dry lead) within this of its
# LRC time, and never nearer a neighbouring word's time than its own.
ONSET_WINDOW_S = 0.25
ONSET_HOP = 128


@dataclass(frozen=True)
class VoiceQuality:
    """DNSMOS (P.808 MOS and the P.835 overall, signal and background scores) of the sounding
    parts of a dry lead, and how many seconds of them it heard."""

    p808: float
    ovrl: float
    sig: float
    bak: float
    sounding_s: float


def sounding_frames(mono: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Per `FRAME_S` frame, whether the audio sounds (see `SOUNDING_DB` and `GAP_S`)."""
    hop = int(FRAME_S * sample_rate_hz)
    frames = len(mono) // hop
    if frames == 0:
        return np.zeros(0, dtype=bool)
    power = np.mean(np.square(mono[: frames * hop].reshape(frames, hop), dtype=np.float64), axis=1)
    level_db = 10.0 * np.log10(np.maximum(power, 1e-20) / max(float(power.max()), 1e-20))
    sounding = level_db > SOUNDING_DB
    gap = int(round(GAP_S / FRAME_S))
    edges = np.flatnonzero(np.diff(sounding.astype(np.int8)))
    for start, stop in zip(edges[:-1], edges[1:], strict=False):
        if not sounding[start + 1] and stop - start <= gap:
            sounding[start + 1 : stop + 1] = True
    return sounding


def voice_quality(lead: np.ndarray, sample_rate_hz: int) -> VoiceQuality:
    """DNSMOS of the dry lead's sounding parts, joined, at 16 kHz: speechmos scores 9 s windows a
    second apart and averages them."""
    speech = soxr.resample(lead, sample_rate_hz, SPEECH_RATE_HZ).astype(np.float32)
    sounding = np.repeat(sounding_frames(speech, SPEECH_RATE_HZ), int(FRAME_S * SPEECH_RATE_HZ))
    parts = speech[: len(sounding)][sounding]
    peak = float(np.abs(parts).max(initial=0.0))
    if peak > 1.0:  # DNSMOS takes samples within [-1, 1]; the level is otherwise left as sung
        parts = parts / np.float32(peak * 1.001)
    scores = dnsmos.run(parts, SPEECH_RATE_HZ)
    return VoiceQuality(
        p808=float(scores["p808_mos"]),
        ovrl=float(scores["ovrl_mos"]),
        sig=float(scores["sig_mos"]),
        bak=float(scores["bak_mos"]),
        sounding_s=len(parts) / SPEECH_RATE_HZ,
    )


def placed_lines(text_lines: list[str], lrc: list[SyncedLine]) -> list[SyncedLine | None]:
    """Per lyric line as written, its line in the LRC, in order; None for a line the song does not
    sing at all (the LRC has only the lines that have notes)."""
    placed: list[SyncedLine | None] = []
    k = 0
    for text in text_lines:
        wanted = normalise_words(text)
        found = next(
            (j for j in range(k, len(lrc)) if normalise_words(lrc[j].text) == wanted), None
        )
        placed.append(None if found is None else lrc[found])
        k = k if found is None else found + 1
    return placed


def lines_sung(lead: np.ndarray, sample_rate_hz: int, lines: list[SyncedLine | None]) -> list[bool]:
    """Per line, whether it has a place in the LRC and the dry lead sounds for most of its span."""
    sounding = sounding_frames(lead, sample_rate_hz)
    sung = []
    for line in lines:
        if line is None:
            sung.append(False)
            continue
        first = int(line.start_s / FRAME_S)
        stop = max(first + 1, int(np.ceil((line.end_s or line.start_s) / FRAME_S)))
        sung.append(bool(sounding[first:stop].mean() >= LINE_SOUNDING_SHARE))
    return sung


def matched_words(sung: list[WordTime], heard: list[Word]) -> list[tuple[WordTime, Word]]:
    """The sung words the recogniser heard, each with the word it heard: the two sequences of
    normalised words aligned (difflib), unmatched words on either side left out."""
    sung_tokens = [(w, t) for w in sung for t in normalise_words(w.word).split()]
    heard_tokens = [(w, t) for w in heard for t in normalise_words(w.word).split()]
    matcher = difflib.SequenceMatcher(
        None, [t for _, t in sung_tokens], [t for _, t in heard_tokens], autojunk=False
    )
    pairs: dict[int, tuple[WordTime, Word]] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            word, _ = sung_tokens[block.a + k]
            pairs.setdefault(id(word), (word, heard_tokens[block.b + k][0]))
    return list(pairs.values())


def lines_heard(lines: list[SyncedLine | None], matches: list[tuple[WordTime, Word]]) -> list[bool]:
    """Per line, whether the recogniser heard most of its words near their LRC times."""
    near = {id(w) for w, h in matches if abs(h.start_s - w.start_s) <= HEARD_WITHIN_S}
    return [
        line is not None
        and bool(line.words)
        and sum(id(w) in near for w in line.words) >= LINE_HEARD_SHARE * len(line.words)
        for line in lines
    ]


def onset_errors_s(lead: np.ndarray, sample_rate_hz: int, words: list[WordTime]) -> list[float]:
    """Per sung word, where the dry lead's strongest onset near its LRC time is, minus that time
    (s; negative: sung early). The window is `ONSET_WINDOW_S` either side, cut halfway to the
    neighbouring words' times."""
    strength = librosa.onset.onset_strength(y=lead, sr=sample_rate_hz, hop_length=ONSET_HOP)
    times = librosa.frames_to_time(
        np.arange(len(strength)), sr=sample_rate_hz, hop_length=ONSET_HOP
    )
    starts = [w.start_s for w in words]
    errors = []
    for k, start in enumerate(starts):
        low = max(start - ONSET_WINDOW_S, (starts[k - 1] + start) / 2 if k else -np.inf)
        high = min(
            start + ONSET_WINDOW_S, (start + starts[k + 1]) / 2 if k + 1 < len(starts) else np.inf
        )
        inside = np.flatnonzero((times >= low) & (times <= high))
        if not len(inside):
            errors.append(float("nan"))
            continue
        errors.append(float(times[inside[np.argmax(strength[inside])]] - start))
    return errors
