"""Decoding a reference upload: formats by content, mono at the analysis rate read a block at a
time, the contract's limits, clear 2013 errors (no music included)."""

from __future__ import annotations

import io
import subprocess
import tracemalloc

import imageio_ffmpeg
import numpy as np
import pytest
import soundfile

from engine.analysis.decode import ANALYSIS_RATE_HZ, decode_reference, mono_at, sniff_format
from engine.contract import MAX_REFERENCE_BYTES
from engine.errors import INVALID_PARAMS, EngineError

RATE = 22050


def tone(duration_s: float, *, rate: int = RATE, channels: int = 1) -> np.ndarray:
    t = np.arange(int(duration_s * rate)) / rate
    mono = 0.4 * np.sin(2 * np.pi * 440 * t)
    return np.repeat(mono[:, None], channels, axis=1).astype(np.float32)


def encoded(
    audio: np.ndarray, format: str, *, rate: int = RATE, subtype: str | None = None
) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, audio, rate, format=format, subtype=subtype)
    return buffer.getvalue()


def with_ffmpeg(audio: np.ndarray, suffix: str, codec: str, tmp_path) -> bytes:
    source, target = tmp_path / "in.wav", tmp_path / f"out.{suffix}"
    soundfile.write(source, audio, RATE)
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-loglevel",
        "error",
        "-y",
        "-i",
        str(source),
        "-c:a",
        codec,
        str(target),
    ]
    subprocess.run(command, check=True, capture_output=True)
    return target.read_bytes()


def rejection(data: bytes, field: str = "audio_base64") -> EngineError:
    with pytest.raises(EngineError) as caught:
        decode_reference(data, field=field)
    assert caught.value.code == INVALID_PARAMS
    assert caught.value.message.startswith(f"{field}: ")
    return caught.value


@pytest.mark.parametrize(
    ("format", "subtype"), [("WAV", "PCM_16"), ("FLAC", None), ("OGG", "VORBIS"), ("MP3", None)]
)
def test_it_decodes_the_formats_libsndfile_reads(format, subtype):
    decoded = decode_reference(encoded(tone(7.0, channels=2), format, subtype=subtype))

    assert decoded.format == format.lower()
    assert decoded.sample_rate_hz == ANALYSIS_RATE_HZ
    assert decoded.mono.dtype == np.float32 and decoded.mono.ndim == 1
    assert decoded.duration_s == pytest.approx(7.0, abs=0.1)
    assert len(decoded.mono) == pytest.approx(decoded.duration_s * ANALYSIS_RATE_HZ, abs=2)
    assert 0.3 < np.abs(decoded.mono).max() < 0.5


def test_it_decodes_m4a_through_the_bundled_ffmpeg(tmp_path):
    decoded = decode_reference(with_ffmpeg(tone(7.0), "m4a", "aac", tmp_path))

    assert decoded.format == "m4a"
    assert decoded.duration_s == pytest.approx(7.0, abs=0.1)
    assert decoded.mono.ndim == 1
    assert len(decoded.mono) == pytest.approx(7.0 * ANALYSIS_RATE_HZ, rel=0.02)
    assert np.abs(decoded.mono).max() > 0.2


def test_the_same_file_gets_the_same_ids_and_another_file_others():
    data = encoded(tone(7.0), "WAV")
    first, again = decode_reference(data), decode_reference(bytes(data))
    other = decode_reference(encoded(tone(7.5), "WAV"))

    assert (first.md5, first.sha256) == (again.md5, again.sha256)
    assert len(first.md5) == 32 and len(first.sha256) == 64
    assert other.md5 != first.md5


def test_mono_for_analysis_is_resampled_and_mixed_down():
    left_only = tone(7.0, rate=44100, channels=2) * np.array([1.0, 0.0], dtype=np.float32)
    decoded = decode_reference(encoded(left_only, "WAV", rate=44100))

    assert decoded.sample_rate_hz == 22050 and decoded.duration_s == pytest.approx(7.0)
    assert len(decoded.mono) == pytest.approx(7.0 * 22050, abs=2)
    # The mean of the two channels: the 0.4 tone on the left is 0.2 in the mono.
    assert np.abs(decoded.mono[22050:-22050]).max() == pytest.approx(0.2, abs=0.005)


def test_speech_recognition_hears_the_mono_at_its_own_rate():
    decoded = decode_reference(encoded(tone(7.0), "WAV"))

    speech = mono_at(decoded, 16000)

    assert speech.dtype == np.float32 and len(speech) == pytest.approx(7.0 * 16000, abs=2)
    assert mono_at(decoded, ANALYSIS_RATE_HZ) is decoded.mono


def test_it_rejects_what_is_not_audio():
    error = rejection(b"<html><body>hello</body></html>" * 100)
    assert "not an audio file" in error.message


def test_it_rejects_audio_magic_with_garbage_behind_it():
    error = rejection(b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(range(256)) * 8)
    assert "cannot be decoded" in error.message


def test_it_rejects_an_empty_upload():
    rejection(b"")


def test_it_rejects_audio_shorter_than_six_seconds():
    error = rejection(encoded(tone(5.0), "WAV"))
    assert "at least 6 s" in error.message


def test_it_rejects_audio_longer_than_six_minutes():
    # 8 kHz 8-bit keeps a 6-minute file small; the limit is on time, not size.
    long_file = encoded(tone(361.0, rate=8000), "WAV", rate=8000, subtype="PCM_U8")

    error = rejection(long_file, field="audio_url")

    assert "at most 6 minutes" in error.message


def test_it_rejects_a_file_over_fifty_megabytes_before_decoding_it():
    error = rejection(b"RIFF" + bytes(MAX_REFERENCE_BYTES))
    assert "at most 50 MB" in error.message


def test_it_sniffs_content_not_names():
    assert sniff_format(encoded(tone(1.0), "FLAC")) == "flac"
    assert sniff_format(b"ID3\x04rest") == "mp3"
    assert sniff_format(b"\xff\xfb\x90\x00") == "mp3"
    assert sniff_format(b"\xff\xf1\x50\x80") == "aac"
    assert sniff_format(b"\x00\x00\x00\x20ftypM4A ") == "m4a"
    assert sniff_format(b"%PDF-1.7") is None


def with_stated_frames(flac: bytes, frames: int) -> bytes:
    """The FLAC with its STREAMINFO's sample count (36 bits from byte 13 of the block) replaced;
    0 is the FLAC way of saying "unknown", as an encoder writing to a pipe does."""
    data = bytearray(flac)
    info = 8  # "fLaC", then the block header
    data[info + 13] = data[info + 13] & 0xF0 | (frames >> 32) & 0x0F
    data[info + 14 : info + 18] = (frames & 0xFFFFFFFF).to_bytes(4, "big")
    return bytes(data)


def test_a_flac_that_does_not_state_its_length_is_decoded():
    decoded = decode_reference(with_stated_frames(encoded(tone(8.0), "FLAC"), 0))

    assert decoded.duration_s == pytest.approx(8.0, abs=0.05)
    assert np.abs(decoded.mono).max() > 0.3


def test_a_flac_that_does_not_state_its_length_is_still_stopped_at_six_minutes():
    unstated = with_stated_frames(encoded(tone(370.0, rate=8000), "FLAC", rate=8000), 0)

    error = rejection(unstated, field="audio_url")

    assert "at most 6 minutes" in error.message


def test_a_header_that_understates_the_length_is_read_no_further_than_it_says():
    understated = with_stated_frames(encoded(tone(370.0, rate=8000), "FLAC", rate=8000), 10 * 8000)

    decoded = decode_reference(understated)

    assert decoded.duration_s == pytest.approx(10.0)
    assert len(decoded.mono) == pytest.approx(10.0 * ANALYSIS_RATE_HZ, abs=2)


@pytest.fixture(scope="module")
def multichannel_silence() -> tuple[bytes, int]:
    """Two minutes of 96 kHz 8-channel silence: a small FLAC, and the bytes it takes as float32."""
    rate, channels, duration_s = 96000, 8, 120
    buffer = io.BytesIO()
    with soundfile.SoundFile(buffer, "w", rate, channels, format="FLAC", subtype="PCM_16") as sound:
        for _ in range(duration_s // 10):
            sound.write(np.zeros((10 * rate, channels), dtype=np.float32))
    return buffer.getvalue(), duration_s * rate * channels * 4


def test_a_multichannel_file_is_never_held_at_its_own_rate(multichannel_silence):
    data, full_bytes = multichannel_silence
    tracemalloc.start()
    try:
        with pytest.raises(EngineError, match="no music found"):
            decode_reference(data)
        _, peak_bytes = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(data) < 500_000 and full_bytes > 350_000_000
    # What is held is the mono at 22050 Hz (10.6 MB) and a block of the file's own frames.
    assert peak_bytes < full_bytes / 10


TEN_S = np.arange(10 * RATE) / RATE
QUIET = {
    "digital silence": np.zeros(TEN_S.size),
    "a noise floor at -70 dBFS": 3e-4 * np.random.default_rng(0).standard_normal(TEN_S.size),
    "one click": np.where(np.arange(TEN_S.size) == 3 * RATE, 0.9, 0.0),
    "a 0.3 s burst in 10 s of silence": np.where(
        (TEN_S >= 5) & (TEN_S < 5.3), 0.5 * np.sin(2 * np.pi * 440 * TEN_S), 0.0
    ),
    "a hum at -40 dBFS": 0.01 * np.sin(2 * np.pi * 60 * TEN_S),
}


def quiet(kind: str) -> bytes:
    return encoded(QUIET[kind].astype(np.float32), "WAV", subtype="FLOAT")


@pytest.mark.parametrize("kind", [kind for kind in QUIET if kind != "a hum at -40 dBFS"])
@pytest.mark.parametrize("field", ["audio_url", "audio_base64"])
def test_it_refuses_a_recording_with_no_music_in_it(kind, field):
    error = rejection(quiet(kind), field=field)

    assert error.message.startswith(f"{field}: no music found: ")


def test_a_quiet_hum_is_not_silence():
    decoded = decode_reference(quiet("a hum at -40 dBFS"))

    assert decoded.duration_s == pytest.approx(10.0)
