"""A sung vowel held past the length the neural voice says it well.

Held in the model for a whole note, a vowel blurs the words around it (measured on 6 texts: WER
0.35 against 0.16 with every vowel cut at 200 ms). So the model sings each vowel for at most
`VOWEL_CAP_FRAMES`, its attack and its release on their notes, and the rest of the note is held
from the model's own waveform: the steady middle of the vowel, one pitch period at a time
(pitch-synchronous overlap-add), on the melody's pitch and vibrato. Measured on 6 texts
(female lead): WER 0.35 -> 0.11, DNSMOS P.808 3.45 -> 3.39. Read from a position swaying 30 ms
about the middle, the held vowel's formants moved and were heard as more syllables (WER 0.26);
resynthesised through WORLD, the voice lost 0.3 of its P.808 score.

A token is `sung` frames long on the timeline and `model` frames long in what the model renders
(frames of `frame_samples`); a cut vowel keeps the first half of its model frames at its start
and the second half at its end, and between them is held.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

VOWEL_CAP_FRAMES = 6  # 150 ms (measured on 6 texts: WER 0.24 at 275 ms, 0.14 at 200 ms, 0.11)
CROSSFADE_S = 0.02  # into and out of the held periods
FADED_BELOW = 0.5  # a vowel's middle under this share of its loudest is held from earlier ...
STEADY_WITHIN = 0.7  # ... from the latest point at least this share as loud


@dataclass(frozen=True)
class TimeMap:
    """How long each token is on the sung timeline and in the model's audio (frames, pads
    included)."""

    sung: np.ndarray
    model: np.ndarray

    @classmethod
    def capped(cls, durations: np.ndarray, is_vowel: np.ndarray) -> TimeMap:
        """The map with every vowel longer than `VOWEL_CAP_FRAMES` cut to it."""
        durations = np.asarray(durations, dtype=np.int64)
        model = np.where(is_vowel, np.minimum(durations, VOWEL_CAP_FRAMES), durations)
        return cls(durations, model)

    @property
    def held(self) -> np.ndarray:
        """Per token: whether it is held past the model's cut."""
        return self.model < self.sung

    def holds(self) -> list[tuple[float, float, float, float]]:
        """Each held stretch: (start and end on the timeline, the model's time held, where the
        vowel starts in the model's audio), frames."""
        sung_start = np.concatenate(([0], np.cumsum(self.sung)[:-1]))
        model_start = np.concatenate(([0], np.cumsum(self.model)[:-1]))
        return [
            (
                sung_start[k] + self.model[k] / 2.0,
                sung_start[k] + self.sung[k] - self.model[k] / 2.0,
                model_start[k] + self.model[k] / 2.0,
                model_start[k],
            )
            for k in np.flatnonzero(self.held)
        ]

    def to_sung(self, model_frames: np.ndarray) -> np.ndarray:
        """Timeline frames (fractional) of times in the model's audio: a cut vowel's second half
        moves to the end of its note."""
        out = np.asarray(model_frames, dtype=np.float64).copy()
        for start, end, held, _ in self.holds():
            out[model_frames > held] += end - start
        return out


def hold(
    audio: np.ndarray,
    rate_hz: int,
    frame_samples: int,
    time_map: TimeMap,
    model_f0: np.ndarray,
    sung_f0: np.ndarray,
    f0_per_frame: int,
) -> np.ndarray:
    """The model's `audio` laid out on the sung timeline, each cut vowel held through its note:
    `model_f0` is the F0 curve the model sang on and `sung_f0` the timeline's (Hz, 0 unvoiced,
    `f0_per_frame` values a frame). Returns `sum(time_map.sung)` frames of audio."""
    x = audio.astype(np.float64)
    per_value = frame_samples / f0_per_frame
    model_hz = _per_sample(model_f0, per_value, len(x))
    model_phase = np.cumsum(model_hz) / rate_hz  # in periods, as the model's source runs
    n = int(time_map.sung.sum()) * frame_samples
    sung_hz = _per_sample(sung_f0, per_value, n)
    out = np.zeros(n)
    fade = int(CROSSFADE_S * rate_hz)
    ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(fade) / fade)
    holds = [tuple(int(round(v * frame_samples)) for v in h) for h in time_map.holds()]
    # The model's audio between the held points, each piece later by the holds before it.
    cuts = [0, *(h for _, _, h, _ in holds), len(x)]
    shift = 0
    for k in range(len(cuts) - 1):
        piece = x[cuts[k] : cuts[k + 1]][: max(0, n - cuts[k] - shift)]
        out[cuts[k] + shift : cuts[k] + shift + len(piece)] = piece
        if k < len(holds):
            shift += holds[k][1] - holds[k][0]
    for a, b, h, vowel_start in holds:
        source = _steady_source(x, model_hz, vowel_start, h, rate_hz)
        stream = _held_periods(x, model_hz, model_phase, sung_hz, h, source, a, b, fade, rate_hz)
        mix = np.concatenate((ramp, np.ones(b - a), ramp[::-1]))
        span = slice(a - fade, b + fade)
        out[span] = out[span] * (1.0 - mix) + stream * mix
    return out.astype(np.float32)


def _held_periods(
    x: np.ndarray,
    model_hz: np.ndarray,
    model_phase: np.ndarray,
    sung_hz: np.ndarray,
    h: int,
    source: int,
    a: int,
    b: int,
    fade: int,
    rate_hz: int,
) -> np.ndarray:
    """The timeline from `a - fade` to `b + fade`: the model's audio up to its sample `h`, then
    its pitch period at `source` repeated on the sung pitch (its periods counted whole, so that
    the model's audio after `h` follows in phase at `b`), then the model's audio after `h`."""
    # The sung phase through the hold, scaled to a whole number of periods.
    sung = np.cumsum(sung_hz[a:b]) / rate_hz
    cycles = max(1, int(round(sung[-1])))
    sung *= cycles / max(sung[-1], 1e-9)
    before = model_phase[h - fade : h] - model_phase[h]
    after = model_phase[h : h + fade] - model_phase[h]
    phase = np.concatenate((before, sung, cycles + after)) + model_phase[h]
    marks = np.flatnonzero(np.diff(np.floor(phase)) > 0) + 1  # where a period starts
    model_marks = np.flatnonzero(np.diff(np.floor(model_phase)) > 0) + 1
    # Where each mark reads from in the model's audio: in step with it outside the hold, at
    # `source` inside it.
    into = marks - fade
    inside = (into >= 0) & (into < b - a)
    read = np.where(inside, source, h + np.where(into < 0, into, into - (b - a)))
    stream = np.zeros(len(phase))
    for mark, position in zip(marks, read, strict=True):
        nearest = np.clip(np.searchsorted(model_marks, position), 1, len(model_marks) - 1)
        nearest -= position - model_marks[nearest - 1] < model_marks[nearest] - position
        source = model_marks[nearest]
        period = int(round(rate_hz / max(model_hz[source], 1.0)))
        if source < period or source + period > len(x):
            continue
        window = np.hanning(2 * period + 2)[1:-1]
        # Periods laid closer together than they were read add up louder: scaled back.
        target_hz = sung_hz[min(a - fade + mark, len(sung_hz) - 1)]
        gain = model_hz[source] / target_hz if target_hz > 0 else 1.0
        grain = x[source - period : source + period] * window * gain
        lo = mark - period
        if lo < 0:
            grain, lo = grain[-lo:], 0
        stream[lo : lo + len(grain)] += grain[: len(stream) - lo]
    return stream


def _steady_source(
    x: np.ndarray, model_hz: np.ndarray, vowel_start: int, h: int, rate_hz: int
) -> int:
    """Where in the model's audio a held vowel's period is read: the vowel's middle `h`, unless
    the model lets the vowel fade there (under `FADED_BELOW` of its first half's loudest), then
    the latest point of its first half at least `STEADY_WITHIN` as loud as that.

    The voices' prosody is Japanese: before a voiceless consonant and at a line's end the model
    often whispers a vowel's second half away, and held from there a long note was sung as near
    silence (measured on 6 texts, female and male lead: 104 of 313 held vowels under 0.3 of their
    take's level, 22 with this and `HELD_BELOW`; WER 0.131 -> 0.118, P.808 3.37 -> 3.46)."""
    period = int(round(rate_hz / max(float(model_hz[h]) if h < len(model_hz) else 0.0, 80.0)))
    lo = max(vowel_start, period)
    if h - lo < period:
        return h

    def level(at: int) -> float:
        """The quieter side of `at`, two periods each way: a grain read near it sounds whole."""
        if model_hz[at] <= 0 or at < 2 * period or at + 2 * period > len(x):
            return 0.0
        return float(
            min(
                np.sqrt(np.mean(x[at - 2 * period : at] ** 2)),
                np.sqrt(np.mean(x[at : at + 2 * period] ** 2)),
            )
        )

    candidates = np.arange(h, lo - 1, -max(1, period // 2))
    levels = np.array([level(int(at)) for at in candidates])
    loudest = float(levels.max())
    if loudest <= 0 or levels[0] >= FADED_BELOW * loudest:
        return h
    return int(candidates[np.flatnonzero(levels >= STEADY_WITHIN * loudest)[0]])


def _per_sample(f0: np.ndarray, per_value: float, count: int) -> np.ndarray:
    """An F0 curve of values `per_value` samples apart, at every sample (linear between voiced
    values; 0 where the nearest value is unvoiced)."""
    positions = (np.arange(count) + 0.5) / per_value - 0.5
    nearest = f0[np.clip(np.rint(positions).astype(np.int64), 0, len(f0) - 1)]
    voiced = f0 > 0
    if not np.any(voiced):
        return np.zeros(count)
    smooth = np.interp(positions, np.flatnonzero(voiced), f0[voiced])
    return np.where(nearest > 0, smooth, 0.0)
