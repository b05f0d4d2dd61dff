"""A vowel the neural voice sings short, held through its note from its own pitch periods."""

import numpy as np
import pytest

from engine.render.voice_hold import VOWEL_CAP_FRAMES, TimeMap, hold

RATE = 24000
FRAME = 600  # samples, the model's frame
PER_FRAME = 2  # F0 values a frame


def _voice(f0_hz: np.ndarray) -> np.ndarray:
    """A vowel-like sound on an F0 curve given per sample: harmonics under a fixed envelope, its
    phase run as a source model runs it."""
    phase = 2 * np.pi * np.cumsum(f0_hz) / RATE
    return sum(np.sin(k * phase) / k * (1.5 if 3 <= k <= 5 else 1.0) for k in range(1, 16)).astype(
        np.float32
    )


def _pitch_hz(x: np.ndarray) -> float:
    """The strongest period of `x` by autocorrelation (between 80 and 500 Hz)."""
    x = x - x.mean()
    ac = np.correlate(x, x, mode="full")[len(x) - 1 :]
    lo, hi = RATE // 500, RATE // 80
    lag = lo + int(np.argmax(ac[lo:hi]))
    return RATE / lag


def test_a_vowel_longer_than_the_cap_is_cut_and_nothing_else():
    durations = np.array([10, 3, 20, 4, 5, 4])
    is_vowel = np.array([False, False, True, False, True, False])

    time_map = TimeMap.capped(durations, is_vowel)

    assert list(time_map.model) == [10, 3, VOWEL_CAP_FRAMES, 4, 5, 4]
    assert time_map.holds() == [
        (
            13 + VOWEL_CAP_FRAMES / 2,  # on the timeline, from the middle of the model's vowel
            33 - VOWEL_CAP_FRAMES / 2,  # to where its second half begins
            13 + VOWEL_CAP_FRAMES / 2,  # the point held, in the model's audio
            13,  # where the vowel begins there
        )
    ]


def test_the_model_times_after_a_held_point_move_to_the_end_of_its_note():
    time_map = TimeMap.capped(np.array([10, 20, 4]), np.array([False, True, False]))
    held = 10 + VOWEL_CAP_FRAMES / 2
    later = 20 - VOWEL_CAP_FRAMES

    moved = time_map.to_sung(np.array([5.0, held - 0.5, held + 0.5, held + 3.0]))

    assert list(moved) == [5.0, held - 0.5, held + 0.5 + later, held + 3.0 + later]


def test_a_held_vowel_lasts_its_note_on_the_sung_pitch_and_the_rest_is_the_models_own():
    durations = np.array([8, 40, 8])  # a 1 s vowel between two 200 ms stretches
    time_map = TimeMap.capped(durations, np.array([False, True, False]))
    model_frames = int(time_map.model.sum())
    model_f0 = np.full(model_frames * PER_FRAME, 200.0)
    sung_f0 = np.full(int(durations.sum()) * PER_FRAME, 200.0)
    sung_f0[(8 + 10) * PER_FRAME : (8 + 30) * PER_FRAME] = 230.0  # the note moves up in the hold
    audio = _voice(np.full(model_frames * FRAME, 200.0))

    out = hold(audio, RATE, FRAME, time_map, model_f0, sung_f0, PER_FRAME)

    assert len(out) == durations.sum() * FRAME
    head = (8 + VOWEL_CAP_FRAMES // 2) * FRAME - int(0.03 * RATE)
    np.testing.assert_array_equal(out[:head], audio[:head])
    tail = len(audio) - (8 + VOWEL_CAP_FRAMES // 2) * FRAME - int(0.03 * RATE)
    np.testing.assert_allclose(out[-tail:], audio[-tail:], atol=1e-6)
    held_at = slice(int(0.30 * RATE), int(0.42 * RATE))  # inside the vowel, before the move
    assert _pitch_hz(out[held_at]) == pytest.approx(200.0, rel=0.02)
    moved_at = slice(int(0.60 * RATE), int(0.70 * RATE))
    assert _pitch_hz(out[moved_at]) == pytest.approx(230.0, rel=0.02)


def test_a_held_vowel_keeps_its_level_and_has_no_clicks():
    durations = np.array([8, 40, 8])
    time_map = TimeMap.capped(durations, np.array([False, True, False]))
    model_frames = int(time_map.model.sum())
    audio = _voice(np.full(model_frames * FRAME, 180.0))
    flat = np.full(int(durations.sum()) * PER_FRAME, 180.0)

    out = hold(audio, RATE, FRAME, time_map, np.full(model_frames * PER_FRAME, 180.0), flat, 2)

    window = int(0.02 * RATE)
    rms = np.sqrt(
        [np.mean(np.square(out[i : i + window])) for i in range(0, len(out) - window, window)]
    )
    assert rms.min() > 0.9 * rms.max()
    # no step larger than the sound's own steepest slope
    assert np.abs(np.diff(out)).max() <= 1.05 * np.abs(np.diff(audio)).max()


def test_without_a_long_vowel_nothing_is_held():
    time_map = TimeMap.capped(np.array([10, 5, 4]), np.array([False, True, False]))

    assert time_map.holds() == []
    assert list(time_map.model) == [10, 5, 4]


def test_a_vowel_the_model_lets_fade_is_held_from_where_it_still_sounds():
    # the model sings the vowel's first half and whispers its second half away (before a
    # voiceless consonant, at a line's end): held from its middle, the note would be silence
    durations = np.array([8, 40, 8])
    time_map = TimeMap.capped(durations, np.array([False, True, False]))
    model_frames = int(time_map.model.sum())
    audio = _voice(np.full(model_frames * FRAME, 200.0))
    middle = (8 + VOWEL_CAP_FRAMES // 2) * FRAME
    audio[middle - FRAME // 2 : (8 + VOWEL_CAP_FRAMES) * FRAME] *= 0.01
    f0 = np.full(model_frames * PER_FRAME, 200.0)

    out = hold(audio, RATE, FRAME, time_map, f0, np.full(durations.sum() * PER_FRAME, 200.0), 2)

    attack = audio[8 * FRAME : middle - FRAME // 2]
    held = out[int(0.35 * RATE) : int(0.85 * RATE)]
    assert np.sqrt(np.mean(held**2)) > 0.7 * np.sqrt(np.mean(attack**2))
    assert _pitch_hz(held) == pytest.approx(200.0, rel=0.02)
