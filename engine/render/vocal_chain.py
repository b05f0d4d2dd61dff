"""Vocal production: the EQ, de-essing, compression, delay and reverb a sung part goes through."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pedalboard import (
    Compressor,
    Delay,
    HighpassFilter,
    HighShelfFilter,
    LowShelfFilter,
    PeakFilter,
    Pedalboard,
    Reverb,
)

# Level riding: each sung line is brought to this RMS (over the frames it sounds in) before the
# compressor, so quiet words and loud words sit alike on top of the band.
LINE_RMS = 0.1
MAX_RIDE_GAIN = 8.0


@dataclass(frozen=True)
class VocalSpace:
    """The room a genre puts its singer in: reverb wet level, and a tempo-synced echo."""

    reverb_wet: float
    delay_beats: float = 0.0  # 0 for none; 0.75 is a dotted eighth
    delay_mix: float = 0.0
    delay_feedback: float = 0.25


SPACES: dict[str, VocalSpace] = {
    "pop": VocalSpace(0.05, 0.75, 0.048),
    "rock": VocalSpace(0.043),
    "blues": VocalSpace(0.058, 0.5, 0.036),
    "jazz": VocalSpace(0.05),
    "folk": VocalSpace(0.054),
    "country": VocalSpace(0.036, 0.25, 0.06, 0.1),  # a slapback echo
    "hiphop": VocalSpace(0.018),
    "rnb": VocalSpace(0.058, 0.75, 0.048),
    "electronic": VocalSpace(0.05, 0.75, 0.072),
    "reggae": VocalSpace(0.043, 0.75, 0.12, 0.4),  # the dub echo
    "metal": VocalSpace(0.036),
    "ballad": VocalSpace(0.086, 0.75, 0.06),
    "lofi": VocalSpace(0.036),
    "funk": VocalSpace(0.029),
    "latin": VocalSpace(0.047),
    "cinematic": VocalSpace(0.1, 0.75, 0.048),
}
DEFAULT_SPACE = VocalSpace(0.05)


def ride_level(audio: np.ndarray) -> np.ndarray:
    """`audio` (a sung line, mono) scaled so it sounds at `LINE_RMS` where it sounds at all."""
    loud = np.abs(audio) > 0.02 * float(np.abs(audio).max(initial=0.0))
    if not loud.any():
        return audio
    rms = float(np.sqrt(np.mean(np.square(audio[loud], dtype=np.float64))))
    return audio * np.float32(min(MAX_RIDE_GAIN, LINE_RMS / max(rms, 1e-9)))


def vocal_chain(genre: str, bpm: float) -> Pedalboard:
    """The effects of a sung part for `genre` at `bpm`, run on (channels, frames) audio."""
    space = SPACES.get(genre, DEFAULT_SPACE)
    effects = [
        HighpassFilter(cutoff_frequency_hz=95.0),
        LowShelfFilter(cutoff_frequency_hz=250.0, gain_db=-2.0),  # less chest boom
        PeakFilter(cutoff_frequency_hz=3000.0, gain_db=2.5, q=0.9),  # presence: consonants carry
        PeakFilter(cutoff_frequency_hz=7000.0, gain_db=-3.5, q=2.5),  # a static de-esser
        HighShelfFilter(cutoff_frequency_hz=10000.0, gain_db=1.5),  # air
        Compressor(threshold_db=-22.0, ratio=3.5, attack_ms=4.0, release_ms=90.0),
    ]
    if space.delay_beats and space.delay_mix:
        effects.append(
            Delay(
                delay_seconds=space.delay_beats * 60.0 / bpm,
                feedback=space.delay_feedback,
                mix=space.delay_mix,
            )
        )
    effects.append(
        Reverb(room_size=0.5, damping=0.6, wet_level=space.reverb_wet, dry_level=1.0, width=0.9)
    )
    return Pedalboard(effects)
