"""Turning an uploaded reference file into samples: sniff what it is, decode it, enforce the limits."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import tempfile
from dataclasses import dataclass

import numpy as np
import soundfile

from engine.errors import invalid_params

MIN_DURATION_S, MAX_DURATION_S, MAX_BYTES = 6.0, 360.0, 50 * 1024 * 1024
ANALYSIS_RATE_HZ = 22050
FFMPEG_TIMEOUT_S = 120.0
# Decoded by libsndfile in-process; the rest go through the ffmpeg binary of imageio-ffmpeg.
SOUNDFILE_FORMATS = frozenset({"wav", "flac", "ogg", "mp3", "aiff"})


@dataclass(frozen=True)
class DecodedAudio:
    """Samples of a reference recording and the identity of the file it came from.

    `audio` is float32 of shape (frames, channels); `sha256`/`md5` are hex digests of the file's
    bytes, so the same upload always gets the same ids; `format` is what the bytes were sniffed as.
    """

    audio: np.ndarray
    sample_rate_hz: int
    duration_s: float
    sha256: str
    md5: str
    format: str


def sniff_format(data: bytes) -> str | None:
    """The container the magic bytes say `data` is ("wav", "mp3", "m4a", ...), or None."""
    head = data[:12]
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "aiff"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    if head[:3] == b"ID3":
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF:
        # Both are frame syncs; the two layer bits are 00 for AAC (ADTS) and never for MPEG audio.
        if head[1] & 0xF6 == 0xF0:
            return "aac"
        if head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
            return "mp3"
    return None


def decode_reference(data: bytes, *, field: str = "audio_base64") -> DecodedAudio:
    """Decode a reference file within the contract's limits; 2013 errors name `field`."""
    if not data:
        raise invalid_params(f"{field}: empty")
    if len(data) > MAX_BYTES:
        raise invalid_params(f"{field}: the file is {len(data) / 2**20:.1f} MB, at most {MAX_BYTES // 2**20} MB")
    kind = sniff_format(data)
    if kind is None:
        raise invalid_params(f"{field}: not an audio file (mp3, wav, flac, ogg, m4a, aac, webm)")
    if kind in SOUNDFILE_FORMATS:
        audio, sample_rate_hz = _decode_with_soundfile(data, kind, field)
    else:
        audio, sample_rate_hz = _decode_with_ffmpeg(data, kind, field)
    duration_s = audio.shape[0] / sample_rate_hz
    _check_duration(duration_s, field)
    return DecodedAudio(
        audio=audio,
        sample_rate_hz=int(sample_rate_hz),
        duration_s=float(duration_s),
        sha256=hashlib.sha256(data).hexdigest(),
        md5=hashlib.md5(data).hexdigest(),
        format=kind,
    )


def to_mono(decoded: DecodedAudio, *, sample_rate_hz: int = ANALYSIS_RATE_HZ) -> np.ndarray:
    """The recording as mono float32 at `sample_rate_hz` (what the analysis listens to)."""
    import soxr

    mono = decoded.audio.mean(axis=1, dtype=np.float32)
    if decoded.sample_rate_hz != sample_rate_hz:
        mono = soxr.resample(mono, decoded.sample_rate_hz, sample_rate_hz, quality="HQ")
    return np.ascontiguousarray(mono, dtype=np.float32)


def _check_duration(duration_s: float, field: str) -> None:
    if duration_s < MIN_DURATION_S:
        raise invalid_params(f"{field}: the audio lasts {duration_s:.1f} s, at least {MIN_DURATION_S:.0f} s")
    if duration_s > MAX_DURATION_S:
        raise invalid_params(f"{field}: the audio lasts over {MAX_DURATION_S / 60:.0f} minutes, at most 6 minutes")


def _decode_with_soundfile(data: bytes, kind: str, field: str) -> tuple[np.ndarray, int]:
    try:
        with soundfile.SoundFile(io.BytesIO(data)) as sound:
            # Refuse before reading: a small compressed file can claim hours of samples.
            if sound.frames / sound.samplerate > MAX_DURATION_S + 1:
                _check_duration(sound.frames / sound.samplerate, field)
            audio = sound.read(dtype="float32", always_2d=True)
            sample_rate_hz = sound.samplerate
    except (soundfile.LibsndfileError, RuntimeError, ValueError) as error:
        raise invalid_params(f"{field}: looks like {kind} but cannot be decoded ({error})") from error
    if audio.shape[0] == 0:
        raise invalid_params(f"{field}: looks like {kind} but holds no samples")
    return audio, sample_rate_hz


def _decode_with_ffmpeg(data: bytes, kind: str, field: str) -> tuple[np.ndarray, int]:
    import imageio_ffmpeg

    # A file, not a pipe: MP4 keeps its index (moov) at the end more often than not.
    with tempfile.TemporaryDirectory(prefix="refrain-decode-") as folder:
        source = os.path.join(folder, f"reference.{kind}")
        target = os.path.join(folder, "decoded.wav")
        with open(source, "wb") as handle:
            handle.write(data)
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error",
            "-i", source, "-map", "0:a:0", "-vn",
            # One second past the limit is enough to tell "too long" without decoding an hour.
            "-t", str(MAX_DURATION_S + 1), "-c:a", "pcm_f32le", "-f", "wav", target,
        ]  # fmt: skip
        try:
            finished = subprocess.run(command, capture_output=True, timeout=FFMPEG_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as error:
            raise invalid_params(f"{field}: decoding the {kind} file took too long") from error
        if finished.returncode != 0 or not os.path.exists(target):
            reason = finished.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no audio stream"]
            raise invalid_params(f"{field}: looks like {kind} but cannot be decoded ({reason[0]})")
        audio, sample_rate_hz = soundfile.read(target, dtype="float32", always_2d=True)
    if audio.shape[0] == 0:
        raise invalid_params(f"{field}: looks like {kind} but holds no samples")
    return audio, sample_rate_hz
