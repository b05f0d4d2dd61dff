"""The mix bus: stems summed at their levels, a shared reverb send, gentle EQ and bus compression."""

from __future__ import annotations

import numpy as np
from pedalboard import (
    Compressor,
    HighpassFilter,
    HighShelfFilter,
    LowShelfFilter,
    PeakFilter,
    Pedalboard,
    Reverb,
)

# Level (dB) and reverb send (linear) per stem: a dry, centred low end; air around the rest.
STEM_LEVEL_DB = {"drums": 0.0, "bass": -1.0, "other": -1.5, "vocals": 1.0}
# The vocals come with their own room (vocal_chain); a little of the shared one glues them in.
REVERB_SEND = {"drums": 0.06, "bass": 0.0, "other": 0.22, "vocals": 0.05}
FADE_IN_S = 0.005
# Ducking: while the voice sings, the band's other instruments step back this far (dB), and a
# dip where consonants live leaves the words room.
DUCK_DB = 5.0
DUCKED = ("other",)
DUCK_HOP_S = 0.01
DUCK_RELEASE_S = 0.25
CHUNK_FRAMES = 1 << 18  # about 6 s at 44.1 kHz


def _reverb() -> Pedalboard:
    return Pedalboard(
        [Reverb(room_size=0.45, damping=0.55, wet_level=1.0, dry_level=0.0, width=1.0)]
    )


def _bus() -> Pedalboard:
    return Pedalboard(
        [
            HighpassFilter(cutoff_frequency_hz=32.0),
            LowShelfFilter(cutoff_frequency_hz=110.0, gain_db=1.0),
            PeakFilter(cutoff_frequency_hz=320.0, gain_db=-1.5, q=0.9),  # less box and mud
            HighShelfFilter(cutoff_frequency_hz=8000.0, gain_db=1.5),
            Compressor(threshold_db=-18.0, ratio=2.0, attack_ms=20.0, release_ms=180.0),
        ]
    )


def stem_gain(role: str) -> float:
    """Linear level a stem is mixed at."""
    return float(10.0 ** (STEM_LEVEL_DB.get(role, -1.0) / 20.0))


def mix_stems(
    stems: dict[str, np.ndarray], *, sample_rate_hz: int, fade_out_s: float = 1.0
) -> np.ndarray:
    """Sum role stems (frames, 2) into one processed stereo mix (frames, 2) float32, faded at the
    ends."""
    if not stems:
        raise ValueError("mix_stems needs at least one stem")
    frames = max(len(a) for a in stems.values())
    reverb, bus = _reverb(), _bus()
    duck = _duck_gain(stems["vocals"], sample_rate_hz, frames) if "vocals" in stems else None
    carve = _carve() if duck is not None else None
    # pedalboard works on (channels, frames). Streaming the song through it in chunks keeps the
    # temporaries to a few seconds of audio instead of several copies of the whole song.
    mixed = np.zeros((2, frames), dtype=np.float32)
    for start in range(0, frames, CHUNK_FRAMES):
        end = min(frames, start + CHUNK_FRAMES)
        dry = mixed[:, start:end]
        send = np.zeros_like(dry)
        for role, audio in stems.items():
            part = audio[start:end].T
            if duck is not None and role in DUCKED:
                part = carve(
                    part * duck[start : start + part.shape[1]], sample_rate_hz, reset=start == 0
                )
            level = stem_gain(role)
            dry[:, : part.shape[1]] += level * part
            amount = REVERB_SEND.get(role, 0.15)
            if amount:
                send[:, : part.shape[1]] += (level * amount) * part
        dry += reverb(send, sample_rate_hz, reset=start == 0)
        dry[:] = bus(dry, sample_rate_hz, reset=start == 0)
    # A (frames, 2) view of the channel-first result: the master wants that layout again, no copy.
    return _fade(mixed.T, sample_rate_hz, fade_out_s)


def _carve() -> Pedalboard:
    return Pedalboard([PeakFilter(cutoff_frequency_hz=2500.0, gain_db=-3.0, q=0.8)])


def _duck_gain(vocals: np.ndarray, sample_rate_hz: int, frames: int) -> np.ndarray:
    """Per-frame gain (frames,) float32 that dips by DUCK_DB where the voice sounds: instant down,
    released over DUCK_RELEASE_S."""
    hop = int(DUCK_HOP_S * sample_rate_hz)
    blocks = len(vocals) // hop
    energy = np.square(vocals[: blocks * hop].astype(np.float32)).reshape(blocks, -1).mean(axis=1)
    peak = float(energy.max(initial=0.0))
    active = (energy > peak * 1e-3).astype(np.float32) if peak > 0 else np.zeros(blocks, np.float32)
    release = np.exp(-DUCK_HOP_S / DUCK_RELEASE_S)
    held = np.empty_like(active)
    level = 0.0
    for k, a in enumerate(active):
        level = max(float(a), level * release)
        held[k] = level
    gain_blocks = 10.0 ** (-DUCK_DB * held / 20.0)
    gain = np.interp(np.arange(frames), np.arange(blocks) * hop + hop / 2, gain_blocks).astype(
        np.float32
    )
    return gain


def _fade(audio: np.ndarray, sample_rate_hz: int, fade_out_s: float) -> np.ndarray:
    fade_in = min(len(audio), int(FADE_IN_S * sample_rate_hz))
    audio[:fade_in] *= np.linspace(0.0, 1.0, fade_in, dtype=np.float32)[:, None]
    fade_out = min(len(audio), int(fade_out_s * sample_rate_hz))
    if fade_out:
        # An equal-power curve sounds like a natural decay rather than a ramp.
        audio[len(audio) - fade_out :] *= np.cos(
            np.linspace(0.0, np.pi / 2, fade_out, dtype=np.float32)
        )[:, None]
    return audio
