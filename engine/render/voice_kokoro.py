"""The neural singing voice: a take sung by Kokoro-82M in one pass, each phoneme as long as the
melody needs it and the pitch set frame by frame.

A line's words go to eSpeak NG for their IPA, mapped to Kokoro's tokens (`voice_kokoro_phonemes`). The
model says how long it would speak each token; the consonants keep that length, and the sung
layout (`voice_layout.layout_spans`) puts each vowel on its notes with its consonants just ahead.
Where a syllable's nucleus has more than one vowel token ("fire": a-ɪ-ə), the first holds the note
and the others glide at its end. Voiced frames take the melody's pitch with portamento and a
delayed vibrato (`voice_pitch`); unvoiced ones are left to the model's noise. A vowel held longer
than the model says one well is sung short and held through its note outside it (`voice_hold`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.signal import resample_poly

from engine.render.kokoro_model import (
    F0_PER_FRAME,
    FRAME_SAMPLES,
    MAX_TOKENS,
    SAMPLE_RATE_HZ,
    kokoro,
)
from engine.render.voice_hold import TimeMap, hold
from engine.render.voice_kokoro_phonemes import Token, syllable_parts, word_tokens
from engine.render.voice_layout import layout_spans
from engine.render.voice_phones import VOICE_RATE_HZ
from engine.render.voice_pitch import glide, pitch_contour
from engine.render.voice_vocoder import SungNote

FRAME_S = FRAME_SAMPLES / SAMPLE_RATE_HZ
F0_FRAME_S = FRAME_S / F0_PER_FRAME
# Silence the model is given before and after a line (frames): as in speech, where a line starts
# after a breath; with less, its first word comes out garbled.
LEAD_PAD_FRAMES = 10
TAIL_PAD_FRAMES = 4
MAX_CONSONANT_FRAMES = 5  # 125 ms
MIN_CONSONANT_FRAMES = 3
CONSONANT_STRETCH = 1.5
DEVOICED_BELOW = 2.0  # a vowel spoken further below the line's median vowel is raised to this
# A vowel held past the model's cut (see voice_hold) is sung at the line's median vowel or above:
# a long note is sung full voice (measured on 6 texts, female and male lead, mean of the two:
# WER 0.132 and P.808 3.42 with DEVOICED_BELOW for held vowels too, 0.123 / 3.44 one below the
# median, 0.122 / 3.46 at it).
HELD_BELOW = 0.0
GLIDE_SHARE = 0.4  # the most of a held note the trailing vowels of a diphthong take
# The singers: Kokoro's style vectors, the timbre (the decoder's half) blended by weight.
SINGERS: dict[str, tuple[tuple[str, float], ...]] = {
    "alpha": (("jf_alpha", 1.0),),
    "nezumi": (("jf_nezumi", 1.0),),
    "gongitsune": (("jf_gongitsune", 1.0),),
    "kumo": (("jm_kumo", 1.0),),
    # a second man for doubles and backing lines: kumo's timbre with a quarter of nezumi's
    "kumo-light": (("jm_kumo", 0.75), ("jf_nezumi", 0.25)),
}


@dataclass(frozen=True)
class WordToSing:
    """A word of a take and its syllables' notes (one tuple of notes per sung syllable)."""

    text: str
    syllable_notes: tuple[tuple[SungNote, ...], ...]


@dataclass(frozen=True)
class _Segment:
    """A token's stretch on the timeline."""

    token: int  # index into the line's tokens
    start_s: float
    end_s: float


def sing_words(words: list[WordToSing], singer: str) -> tuple[float, np.ndarray] | None:
    """The words sung by `singer` (see `SINGERS`): (start s on the song's timeline, mono float32
    at `VOICE_RATE_HZ`); None when none of them can be said."""
    spoken = [(word, word_tokens(word.text)) for word in words if word.syllable_notes]
    spoken = [(word, tokens) for word, tokens in spoken if tokens]
    if not spoken:
        return None
    pieces = [_sing_piece(piece, SINGERS[singer]) for piece in _pieces(spoken)]
    start_s = pieces[0][0]
    end_s = max(s + len(a) / VOICE_RATE_HZ for s, a in pieces)
    out = np.zeros(int(np.ceil((end_s - start_s) * VOICE_RATE_HZ)) + 1, dtype=np.float32)
    for s, audio in pieces:
        at = int(round((s - start_s) * VOICE_RATE_HZ))
        out[at : at + len(audio)] += audio[: len(out) - at]
    return start_s, out


def _pieces(spoken: list[tuple[WordToSing, tuple[Token, ...]]]):
    """Words in runs the model takes at once (a token between words counted), each a tuple."""
    piece: list[tuple[WordToSing, tuple[Token, ...]]] = []
    count = 0
    for word, tokens in spoken:
        if piece and count + len(tokens) + 1 > MAX_TOKENS:
            yield tuple(piece)
            piece, count = [], 0
        piece.append((word, tokens[: MAX_TOKENS - 1]))
        count += len(tokens) + 1
    if piece:
        yield tuple(piece)


@dataclass(frozen=True)
class _Layout:
    """A run of words laid out to be sung: its tokens, their lengths as spoken and as sung."""

    line: list[Token]
    ids: list[int]
    style: np.ndarray
    spoken: np.ndarray  # frames the model would speak each token for (pads included)
    durations: np.ndarray  # frames each token is sung for (pads included)
    syllables: list
    start_s: float  # on the song's timeline, where the lead pad starts
    word_tokens: list[range]  # each word's tokens in `line`

    def word_starts_s(self) -> list[float]:
        """Where each word begins to sound on the timeline: its first token sung for a frame or
        more (a stress mark is not)."""
        bounds = np.cumsum(self.durations)  # bounds[i]: where the line's token i starts
        starts = []
        for tokens in self.word_tokens:
            sounding = [i for i in tokens if self.durations[i + 1] > 0] or [tokens.start]
            starts.append(self.start_s + bounds[sounding[0]] * FRAME_S)
        return starts


def word_starts(words: list[WordToSing], singer: str) -> list[float | None]:
    """Where each of `words` begins to sound when `singer` sings them (its first consonant, s on
    the song's timeline), None for a word that cannot be said; as `sing_words` lays them out."""
    tokens = [word_tokens(word.text) if word.syllable_notes else () for word in words]
    spoken = [(word, said) for word, said in zip(words, tokens, strict=True) if said]
    starts = iter(
        start
        for piece in _pieces(spoken)
        for start in _lay_out(piece, SINGERS[singer]).word_starts_s()
    )
    return [next(starts) if said else None for said in tokens]


def _sing_piece(
    spoken: tuple[tuple[WordToSing, tuple[Token, ...]], ...], blend: tuple[tuple[str, float], ...]
) -> tuple[float, np.ndarray]:
    model = kokoro()
    layout = _lay_out(spoken, blend)
    line, ids, style, durations = layout.line, layout.ids, layout.style, layout.durations
    frames = int(durations.sum())
    f0 = _f0(line, durations, layout.syllables, layout.start_s, frames)
    is_vowel = np.array([False, *(t.is_vowel for t in line), False])
    time_map = TimeMap.capped(durations, is_vowel)
    model_f0 = _model_f0(f0, time_map)
    energy = _sung_energy(
        model.energy(ids, style, layout.spoken),
        layout.spoken,
        time_map.model,
        line,
        held=time_map.held,
    )
    audio = model.sing(ids, style, time_map.model, model_f0, energy)
    if time_map.holds():
        audio = hold(audio, SAMPLE_RATE_HZ, FRAME_SAMPLES, time_map, model_f0, f0, F0_PER_FRAME)
    return layout.start_s, resample_poly(audio, 147, 160).astype(np.float32)  # 24 kHz -> 22050 Hz


@lru_cache(maxsize=256)
def _lay_out(
    spoken: tuple[tuple[WordToSing, tuple[Token, ...]], ...], blend: tuple[tuple[str, float], ...]
) -> _Layout:
    """The words' tokens, and how long each is sung: consonants at about their spoken length,
    vowels on their notes. Once a run of words: the LRC's word times (`word_starts`) and the
    singing ask for the same runs."""
    model = kokoro()
    line: list[Token] = []
    spans_of_words: list[range] = []
    syllables: list[tuple[list[int], list[int], list[int], tuple[SungNote, ...]]] = []
    for k, (word, tokens) in enumerate(spoken):
        if k:
            line.append(Token.SPACE)
        base = len(line)
        line.extend(tokens)
        spans_of_words.append(range(base, len(line)))
        for (onset, nucleus, coda), notes in zip(
            syllable_parts(tokens, len(word.syllable_notes)), word.syllable_notes, strict=True
        ):
            syllables.append(
                (
                    [base + i for i in onset],
                    [base + i for i in nucleus],
                    [base + i for i in coda],
                    notes,
                )
            )
    ids = [model.vocab[t.symbol] for t in line]
    style = model.style(blend, len(ids))
    spoken_all = model.durations(ids, style)
    spoken_frames = spoken_all[1:-1]  # without the pads
    # A consonant keeps its spoken length, within reason: the model lengthens a line's last
    # token into the silence after it, which a singer does not.
    # Consonants are sung a little longer and never shorter than MIN_CONSONANT_FRAMES: between
    # held vowels the model's spoken lengths are too short to be heard (measured: words recognised
    # more often, and a higher DNSMOS score).
    spoken_s = (
        np.clip(spoken_frames, MIN_CONSONANT_FRAMES, MAX_CONSONANT_FRAMES)
        * FRAME_S
        * CONSONANT_STRETCH
    )
    # A stress mark has no sound of its own: given a consonant's length it is sung as a vowel-like
    # sound on the note before, heard as a syllable more (measured: WER 0.42 -> 0.29 on 3 texts).
    spoken_s[[i for i, t in enumerate(line) if t.is_stress]] = 0.0
    spans = layout_spans(
        [float(sum(spoken_s[i] for i in onset)) for onset, _, _, _ in syllables],
        [float(sum(spoken_s[i] for i in coda)) for _, _, coda, _ in syllables],
        [notes for _, _, _, notes in syllables],
    )
    segments = _segments(syllables, spans, spoken_s)
    start_s = segments[0].start_s - LEAD_PAD_FRAMES * FRAME_S
    # Each token runs from its first segment's start to the next token's start, in whole frames
    # rounded on the timeline (so that rounding never drifts along the line).
    token_start = np.full(len(line) + 1, np.nan)
    for segment in segments:
        if np.isnan(token_start[segment.token]):
            token_start[segment.token] = segment.start_s
    token_start[len(line)] = segments[-1].end_s
    for i in range(len(line) - 1, -1, -1):  # a token sung nowhere (a space in legato) is empty
        if np.isnan(token_start[i]):
            token_start[i] = token_start[i + 1]
    bounds = np.rint((token_start - start_s) / FRAME_S).astype(np.int64)
    for i, token in enumerate(line):
        least = 1 if token.is_vowel else 0
        bounds[i + 1] = max(bounds[i + 1], bounds[i] + least)
    durations = np.concatenate(([LEAD_PAD_FRAMES], np.diff(bounds), [TAIL_PAD_FRAMES]))
    return _Layout(line, ids, style, spoken_all, durations, syllables, start_s, spans_of_words)


def _model_f0(f0: np.ndarray, time_map: TimeMap) -> np.ndarray:
    """The timeline's F0 curve at the frames the model renders (a cut vowel's two halves)."""
    count = int(time_map.model.sum()) * F0_PER_FRAME
    at = time_map.to_sung((np.arange(count) + 0.5) / F0_PER_FRAME)
    return f0[np.clip((at * F0_PER_FRAME).astype(np.int64), 0, len(f0) - 1)]


def _segments(syllables, spans, spoken_s: np.ndarray) -> list[_Segment]:
    """Every token's stretch: onset and coda consonants share their spans by spoken length, the
    first vowel of a nucleus holds the note and the rest glide at its end; a syllable sung on a
    vowel of the one before (a word sung in more syllables than it has vowels) extends it."""
    segments: list[_Segment] = []
    for (onset, nucleus, coda, _notes), (onset_s, vowel_s, coda_s, end_s) in zip(
        syllables, spans, strict=True
    ):
        segments += _shared(onset, onset_s, vowel_s, spoken_s)
        if len(nucleus) > 1:
            trailing = float(sum(spoken_s[i] for i in nucleus[1:]))
            held_until = coda_s - min(trailing, GLIDE_SHARE * (coda_s - vowel_s))
            segments.append(_Segment(nucleus[0], vowel_s, held_until))
            segments += _shared(nucleus[1:], held_until, coda_s, spoken_s)
        else:
            segments.append(_Segment(nucleus[0], vowel_s, coda_s))
        segments += _shared(coda, coda_s, end_s, spoken_s)
    return segments


def _shared(
    tokens: list[int], start_s: float, end_s: float, spoken_s: np.ndarray
) -> list[_Segment]:
    if not tokens:
        return []
    weights = np.array([max(spoken_s[i], 1e-3) for i in tokens])
    edges = start_s + (end_s - start_s) * np.concatenate(
        ([0.0], np.cumsum(weights) / weights.sum())
    )
    return [
        _Segment(t, float(a), float(b))
        for t, a, b in zip(tokens, edges[:-1], edges[1:], strict=True)
    ]


def _f0(
    line: list[Token], durations: np.ndarray, syllables, start_s: float, frames: int
) -> np.ndarray:
    """The F0 curve (Hz, `F0_PER_FRAME` values a frame, 0 where unvoiced) the model sings on."""
    voiced_token = np.array([False, *(t.is_voiced for t in line), False])
    # A stress mark has no sound of its own: it takes the voicing of what follows it.
    for i in range(len(voiced_token) - 2, 0, -1):
        if line[i - 1].is_stress:
            voiced_token[i] = voiced_token[i + 1]
    voiced = np.repeat(np.repeat(voiced_token, durations), F0_PER_FRAME)
    notes = sorted((n for *_, notes in syllables for n in notes), key=lambda n: n.start_s)
    times = start_s + (np.arange(frames * F0_PER_FRAME) + 0.5) * F0_FRAME_S
    pitch = glide(pitch_contour(notes, times), voiced, F0_FRAME_S)
    return np.where(voiced, 440.0 * 2.0 ** ((pitch - 69.0) / 12.0), 0.0).astype(np.float32)


def _sung_energy(
    spoken: np.ndarray,
    spoken_frames: np.ndarray,
    durations: np.ndarray,
    line: list[Token],
    held: np.ndarray | None = None,
) -> np.ndarray:
    """The energy curve to sing on: each token's curve as the model speaks it, fitted to the
    frames it is sung for; a vowel held longer than spoken keeps its rise and fall at its ends and
    its median level in between.

    The model's own curve for the sung durations sags in a long vowel (which turns breathy) and
    falls to a whisper towards a line's end, as a spoken sentence does (measured: WER 0.45 ->
    0.35 on 6 texts against the curve for the sung durations with its vowels held up)."""
    bounds = np.concatenate(([0], np.cumsum(spoken_frames))) * F0_PER_FRAME
    tokens = [None, *line, None]  # the pads are not tokens of the line
    contours = []
    for k in range(len(durations)):
        at = min(int(bounds[k]), len(spoken) - 1)
        contours.append(spoken[at : max(int(bounds[k + 1]), at + 1)])
    # The voices' prosody is Japanese, which whispers a vowel between voiceless consonants ("suit",
    # "ticket": their vowels spoken 5 below the others); sung, every vowel is voiced, and one
    # `held` past the model's cut is sung full voice.
    vowels = [k for k, token in enumerate(tokens) if token is not None and token.is_vowel]
    if vowels:
        median = np.median([contours[k].mean() for k in vowels])
        for k in vowels:
            below = HELD_BELOW if held is not None and held[k] else DEVOICED_BELOW
            contours[k] = contours[k] + max(0.0, median - below - float(contours[k].mean()))
    pieces = []
    for k, frames in enumerate(durations):
        n = int(frames) * F0_PER_FRAME
        if n == 0:
            continue
        contour = contours[k]
        m = len(contour)
        token = tokens[k]
        if token is not None and token.is_vowel and n > m:
            held = np.full(n - m, np.median(contour))
            pieces.append(np.concatenate((contour[: m // 2], held, contour[m // 2 :])))
        else:
            pieces.append(np.interp(np.linspace(0, m - 1, n), np.arange(m), contour))
    return np.concatenate(pieces).astype(np.float32)
