"""Decoding a reference upload: formats by content, the contract's limits, clear 2013 errors."""

from __future__ import annotations

import io
import subprocess

import numpy as np
import pytest
import soundfile

from engine.analysis.decode import MAX_BYTES, decode_reference, sniff_format, to_mono
from engine.errors import INVALID_PARAMS, EngineError

RATE = 22050


def tone(duration_s: float, *, rate: int = RATE, channels: int = 1) -> np.ndarray:
    t = np.arange(int(duration_s * rate)) / rate
    mono = 0.4 * np.sin(2 * np.pi * 440 * t)
    return np.repeat(mono[:, None], channels, axis=1).astype(np.float32)


def encoded(audio: np.ndarray, format: str, *, rate: int = RATE, subtype: str | None = None) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, audio, rate, format=format, subtype=subtype)
    return buffer.getvalue()


def with_ffmpeg(audio: np.ndarray, suffix: str, codec: str, tmp_path) -> bytes:
    import imageio_ffmpeg

    source, target = tmp_path / "in.wav", tmp_path / f"out.{suffix}"
    soundfile.write(source, audio, RATE)
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-i", str(source), "-c:a", codec, str(target)]
    subprocess.run(command, check=True, capture_output=True)
    return target.read_bytes()


def rejection(data: bytes, field: str = "audio_base64") -> EngineError:
    with pytest.raises(EngineError) as caught:
        decode_reference(data, field=field)
    assert caught.value.code == INVALID_PARAMS
    assert caught.value.message.startswith(f"{field}: ")
    return caught.value


@pytest.mark.parametrize(("format", "subtype"), [("WAV", "PCM_16"), ("FLAC", None), ("OGG", "VORBIS"), ("MP3", None)])
def test_it_decodes_the_formats_libsndfile_reads(format, subtype):
    decoded = decode_reference(encoded(tone(7.0, channels=2), format, subtype=subtype))

    assert decoded.format == format.lower()
    assert decoded.sample_rate_hz == RATE
    assert decoded.audio.dtype == np.float32 and decoded.audio.shape[1] == 2
    assert decoded.duration_s == pytest.approx(7.0, abs=0.1)


def test_it_decodes_m4a_through_the_bundled_ffmpeg(tmp_path):
    decoded = decode_reference(with_ffmpeg(tone(7.0), "m4a", "aac", tmp_path))

    assert decoded.format == "m4a"
    assert decoded.duration_s == pytest.approx(7.0, abs=0.1)
    assert np.abs(decoded.audio).max() > 0.2


def test_the_same_file_gets_the_same_ids_and_another_file_others():
    data = encoded(tone(7.0), "WAV")
    first, again = decode_reference(data), decode_reference(bytes(data))
    other = decode_reference(encoded(tone(7.5), "WAV"))

    assert (first.md5, first.sha256) == (again.md5, again.sha256)
    assert len(first.md5) == 32 and len(first.sha256) == 64
    assert other.md5 != first.md5


def test_mono_for_analysis_is_resampled_and_mixed_down():
    decoded = decode_reference(encoded(tone(7.0, rate=44100, channels=2), "WAV", rate=44100))

    mono = to_mono(decoded, sample_rate_hz=22050)

    assert mono.ndim == 1 and mono.dtype == np.float32
    assert len(mono) == pytest.approx(7.0 * 22050, abs=50)


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
    error = rejection(b"RIFF" + bytes(MAX_BYTES))
    assert "at most 50 MB" in error.message


def test_it_sniffs_content_not_names():
    assert sniff_format(encoded(tone(1.0), "FLAC")) == "flac"
    assert sniff_format(b"ID3\x04rest") == "mp3"
    assert sniff_format(b"\xff\xfb\x90\x00") == "mp3"
    assert sniff_format(b"\xff\xf1\x50\x80") == "aac"
    assert sniff_format(b"\x00\x00\x00\x20ftypM4A ") == "m4a"
    assert sniff_format(b"%PDF-1.7") is None
