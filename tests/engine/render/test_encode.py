"""Encoding: every format, rate, channel count and bitrate of the contract, and what is reported."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile

from engine.contract import BITRATES, SAMPLE_RATES_HZ, AudioSetting
from engine.render.encode import encode

RATE = 44100
SECONDS = 2.0


@pytest.fixture(scope="module")
def chord() -> np.ndarray:
    t = np.arange(int(SECONDS * RATE)) / RATE
    left = 0.4 * np.sin(2 * np.pi * 220 * t) + 0.2 * np.sin(2 * np.pi * 330 * t)
    right = 0.4 * np.sin(2 * np.pi * 277.2 * t)
    return np.stack([left, right], axis=1).astype(np.float32)


def _decode(data: bytes) -> tuple[np.ndarray, int]:
    audio, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return audio, rate


@pytest.mark.parametrize("format", ["wav", "flac"])
@pytest.mark.parametrize("sample_rate_hz", SAMPLE_RATES_HZ)
@pytest.mark.parametrize("channels", [1, 2])
def test_wav_and_flac_decode_at_the_asked_rate_and_channels(
    chord, format, sample_rate_hz, channels
):
    setting = AudioSetting(format=format, sample_rate_hz=sample_rate_hz, channels=channels)
    encoded = encode(chord, source_rate_hz=RATE, audio_setting=setting)
    audio, rate = _decode(encoded.data)
    assert (rate, audio.shape[1]) == (sample_rate_hz, channels)
    assert len(audio) == pytest.approx(SECONDS * sample_rate_hz, abs=2)
    assert encoded.duration_ms == pytest.approx(SECONDS * 1000, abs=1)
    assert 0.3 < np.abs(audio).max() < 0.7


@pytest.mark.parametrize("sample_rate_hz", SAMPLE_RATES_HZ)
@pytest.mark.parametrize("bitrate", BITRATES)
def test_mp3_decodes_at_the_asked_rate_with_the_asked_bitrate(chord, sample_rate_hz, bitrate):
    setting = AudioSetting(format="mp3", sample_rate_hz=sample_rate_hz, bitrate=bitrate)
    encoded = encode(chord, source_rate_hz=RATE, audio_setting=setting)
    audio, rate = _decode(encoded.data)
    assert rate == sample_rate_hz
    assert audio.shape[1] == 2
    # The decoder adds the encoder's priming and padding: at most a few frames of 1152 samples.
    assert SECONDS <= len(audio) / rate <= SECONDS + 0.2
    # MPEG-2 layer III (16 and 24 kHz) tops out at 160 kbps; that is what such a file really has.
    expected = min(bitrate, 160000) if sample_rate_hz < 32000 else bitrate
    assert encoded.bitrate == expected
    assert encoded.size * 8 / SECONDS == pytest.approx(expected, rel=0.1)


def test_mono_mp3_is_one_channel(chord):
    setting = AudioSetting(format="mp3", sample_rate_hz=24000, bitrate=64000, channels=1)
    encoded = encode(chord, source_rate_hz=RATE, audio_setting=setting)
    audio, _ = _decode(encoded.data)
    assert audio.shape[1] == 1
    assert encoded.channels == 1


def test_pcm_is_raw_signed_16_bit_little_endian(chord):
    setting = AudioSetting(format="pcm", sample_rate_hz=RATE, channels=2)
    encoded = encode(chord, source_rate_hz=RATE, audio_setting=setting)
    samples = np.frombuffer(encoded.data, dtype="<i2").reshape(-1, 2)
    assert len(samples) == len(chord)
    assert np.abs(samples / 32767.0 - chord).max() < 1e-4
    assert encoded.bitrate == RATE * 16 * 2


def test_full_scale_survives_quantisation_without_wrapping():
    audio = np.array([[1.0, -1.0], [1.2, -1.2]], dtype=np.float32)
    encoded = encode(audio, source_rate_hz=RATE, audio_setting=AudioSetting(format="pcm"))
    samples = np.frombuffer(encoded.data, dtype="<i2")
    assert list(samples) == [32767, -32767, 32767, -32768]


def test_extra_info_has_exactly_the_contract_fields(chord):
    setting = AudioSetting(format="mp3", sample_rate_hz=32000, bitrate=128000, channels=1)
    encoded = encode(chord, source_rate_hz=RATE, audio_setting=setting)
    assert encoded.extra_info() == {
        "music_duration": 2000,
        "music_sample_rate": 32000,
        "music_channel": 1,
        "bitrate": 128000,
        "music_size": len(encoded.data),
    }
