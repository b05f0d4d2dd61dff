"""The sung pitch: each note's pitch on the timeline, with a delayed vibrato on long notes and a
short portamento between notes, shared by every voice that sings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from engine.render.voice_vocoder import SungNote

PORTAMENTO_S = 0.06  # the glide from one note to the next
VIBRATO_HZ = 5.3
VIBRATO_CENTS = 28.0
VIBRATO_DELAY_S = 0.3  # a note is held plain this long before the vibrato sets in
VIBRATO_RAMP_S = 0.25


def pitch_contour(notes: list[SungNote], times_s: np.ndarray) -> np.ndarray:
    """MIDI pitch at each time: the last note begun by then (the first before it starts), with
    vibrato on long notes. A consonant sung ahead of its note so stays on the note before."""
    starts = np.array([n.start_s for n in notes])
    index = np.clip(np.searchsorted(starts, times_s, side="right") - 1, 0, len(notes) - 1)
    pitch = np.array([n.pitch for n in notes])[index]
    into = times_s - starts[index]
    length = np.array([n.end_s - n.start_s for n in notes])[index]
    depth = np.clip((into - VIBRATO_DELAY_S) / VIBRATO_RAMP_S, 0.0, 1.0) * (
        length > VIBRATO_DELAY_S + 0.15
    )
    return pitch + depth * (VIBRATO_CENTS / 100.0) * np.sin(
        2 * np.pi * VIBRATO_HZ * np.maximum(into, 0.0)
    )


def glide(pitch: np.ndarray, voiced: np.ndarray, frame_s: float) -> np.ndarray:
    """Portamento: a short smoothing of the pitch steps, within each voiced run of frames
    `frame_s` apart."""
    width = max(1, int(round(PORTAMENTO_S / frame_s)))
    kernel = np.hanning(width + 2)[1:-1]
    kernel /= kernel.sum()
    out = pitch.copy()
    edges = np.flatnonzero(np.diff(np.concatenate(([0], voiced.astype(np.int8), [0]))))
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        if b - a > width:
            padded = np.pad(pitch[a:b], (width // 2, width - 1 - width // 2), mode="edge")
            out[a:b] = np.convolve(padded, kernel, mode="valid")
    return out
