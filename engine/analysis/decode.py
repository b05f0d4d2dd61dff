"""Turning an uploaded reference file into what the analysis hears: sniff what it is, decode it into
mono at the analysis rate, enforce the limits, refuse a recording with no music in it.

The file's own samples are never held whole: six minutes of 96 kHz 8-channel silence fit in a
300 KB FLAC and take 1.1 GB as float32. libsndfile's formats are read a block at a time, each block
mixed down and resampled as it comes (soxr's streaming resampler, the same filter as its one-shot
call); ffmpeg mixes down and resamples the other formats itself.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import tempfile
from dataclasses import dataclass

import imageio_ffmpeg
import numpy as np
import soundfile
import soxr

from engine.contract import MAX_REFERENCE_BYTES
from engine.errors import invalid_params

MIN_DURATION_S, MAX_DURATION_S = 6.0, 360.0
ANALYSIS_RATE_HZ = 22050
FFMPEG_TIMEOUT_S = 120.0
# Decoded by libsndfile in-process; the rest go through the ffmpeg binary of imageio-ffmpeg.
SOUNDFILE_FORMATS = frozenset({"wav", "flac", "ogg", "mp3", "aiff"})
BLOCK_FRAMES = 65536  # 2 MB a read at 8 channels
# libsndfile's frame count for a file whose header does not say how long it is (a FLAC written to
# a pipe); libsndfile cannot read such a file through soundfile, ffmpeg can.
UNKNOWN_FRAMES = 2**63 - 1
# A recording with less than MIN_SOUNDING_S above the floor, in 50 ms frames, has no music in it:
# digital silence, a noise floor, a click. The analysis has nothing to find there.
SOUND_FLOOR_DBFS = -60.0
MIN_SOUNDING_S = 1.0
LEVEL_FRAME_S = 0.05


@dataclass(frozen=True)
class DecodedAudio:
    """A reference recording as the analysis hears it, and the identity of the file it came from.

    `mono` is float32 of shape (frames,) at `sample_rate_hz` (ANALYSIS_RATE_HZ); `duration_s` is
    the file's own length; `sha256`/`md5` are hex digests of the file's bytes, so the same upload
    always gets the same ids; `format` is what the bytes were sniffed as.
    """

    mono: np.ndarray
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
    if len(data) > MAX_REFERENCE_BYTES:
        raise invalid_params(
            f"{field}: the file is {len(data) / 2**20:.1f} MB, "
            f"at most {MAX_REFERENCE_BYTES // 2**20} MB"
        )
    kind = sniff_format(data)
    if kind is None:
        raise invalid_params(f"{field}: not an audio file (mp3, wav, flac, ogg, m4a, aac, webm)")
    decoded = _decode_with_soundfile(data, kind, field) if kind in SOUNDFILE_FORMATS else None
    mono, duration_s = decoded or _decode_with_ffmpeg(data, kind, field)
    _check_duration(duration_s, field)
    _check_music(mono, field)
    return DecodedAudio(
        mono=mono,
        sample_rate_hz=ANALYSIS_RATE_HZ,
        duration_s=float(duration_s),
        sha256=hashlib.sha256(data).hexdigest(),
        md5=hashlib.md5(data).hexdigest(),
        format=kind,
    )


def mono_at(decoded: DecodedAudio, sample_rate_hz: int) -> np.ndarray:
    """The recording as mono float32 at another rate (speech recognition listens at 16 kHz)."""
    if sample_rate_hz == decoded.sample_rate_hz:
        return decoded.mono
    resampled = soxr.resample(decoded.mono, decoded.sample_rate_hz, sample_rate_hz, quality="HQ")
    return np.ascontiguousarray(resampled, dtype=np.float32)


def _check_duration(duration_s: float, field: str) -> None:
    if duration_s < MIN_DURATION_S:
        raise invalid_params(
            f"{field}: the audio lasts {duration_s:.1f} s, at least {MIN_DURATION_S:.0f} s"
        )
    if duration_s > MAX_DURATION_S:
        raise invalid_params(
            f"{field}: the audio lasts over {MAX_DURATION_S / 60:.0f} minutes, at most 6 minutes"
        )


def _check_music(mono: np.ndarray, field: str) -> None:
    """Refuse a recording that is (nearly) silent: the listeners would find nothing, or fail."""
    hop = int(LEVEL_FRAME_S * ANALYSIS_RATE_HZ)
    frames = mono[: len(mono) // hop * hop].reshape(-1, hop)
    power = np.einsum("ij,ij->i", frames, frames, dtype=np.float64) / hop
    sounding_s = np.count_nonzero(power >= 10.0 ** (SOUND_FLOOR_DBFS / 10.0)) * LEVEL_FRAME_S
    if sounding_s >= MIN_SOUNDING_S:
        return
    if not power.any():
        heard = "the recording is digital silence"
    elif sounding_s == 0:
        heard = f"nothing in it is louder than {SOUND_FLOOR_DBFS:.0f} dBFS"
    else:
        heard = f"only {sounding_s:.2f} s of it is louder than {SOUND_FLOOR_DBFS:.0f} dBFS"
    raise invalid_params(f"{field}: no music found: {heard}; upload a recording of a song")


def _decode_with_soundfile(data: bytes, kind: str, field: str) -> tuple[np.ndarray, float] | None:
    """(mono at ANALYSIS_RATE_HZ, duration in s), or None for a file of unknown length."""
    try:
        with soundfile.SoundFile(io.BytesIO(data)) as sound:
            if sound.frames == UNKNOWN_FRAMES:
                return None
            # Refuse before reading: a small compressed file can claim hours of samples.
            if sound.frames / sound.samplerate > MAX_DURATION_S + 1:
                _check_duration(sound.frames / sound.samplerate, field)
            mono, frames = _read_mono(sound, field)
    except (soundfile.LibsndfileError, RuntimeError, ValueError) as error:
        raise invalid_params(
            f"{field}: looks like {kind} but cannot be decoded ({error})"
        ) from error
    if frames == 0:
        raise invalid_params(f"{field}: looks like {kind} but holds no samples")
    return mono, frames / sound.samplerate


def _read_mono(sound: soundfile.SoundFile, field: str) -> tuple[np.ndarray, int]:
    """Block by block: mix down, resample, and stop as soon as more than MAX_DURATION_S was read,
    whatever the header said. Returns the mono and the count of the file's own frames."""
    rate = sound.samplerate
    resampler = None
    if rate != ANALYSIS_RATE_HZ:
        resampler = soxr.ResampleStream(rate, ANALYSIS_RATE_HZ, 1, dtype="float32", quality="HQ")
    block = np.empty((BLOCK_FRAMES, sound.channels), dtype=np.float32)
    pieces: list[np.ndarray] = []
    frames = 0
    while len(read := sound.read(out=block)):
        frames += len(read)
        if frames > MAX_DURATION_S * rate:
            _check_duration(frames / rate, field)
        mono = read.mean(axis=1, dtype=np.float32)
        pieces.append(resampler.resample_chunk(mono) if resampler else mono)
    if resampler:
        pieces.append(resampler.resample_chunk(np.zeros(0, dtype=np.float32), last=True))
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32), frames


def _decode_with_ffmpeg(data: bytes, kind: str, field: str) -> tuple[np.ndarray, float]:
    """(mono at ANALYSIS_RATE_HZ, duration in s), mixed down and resampled by ffmpeg."""
    # A file, not a pipe: MP4 keeps its index (moov) at the end more often than not.
    with tempfile.TemporaryDirectory(prefix="refrain-decode-") as folder:
        source = os.path.join(folder, f"reference.{kind}")
        target = os.path.join(folder, "decoded.f32")
        with open(source, "wb") as handle:
            handle.write(data)
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error",
            "-i", source, "-map", "0:a:0", "-vn",
            # One second past the limit is enough to tell "too long" without decoding an hour.
            "-t", str(MAX_DURATION_S + 1), "-ac", "1", "-ar", str(ANALYSIS_RATE_HZ),
            "-c:a", "pcm_f32le", "-f", "f32le", target,
        ]  # fmt: skip
        try:
            finished = subprocess.run(
                command, capture_output=True, timeout=FFMPEG_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise invalid_params(f"{field}: decoding the {kind} file took too long") from error
        if finished.returncode != 0 or not os.path.exists(target):
            reason = finished.stderr.decode(errors="replace").strip().splitlines()[-1:] or [
                "no audio stream"
            ]
            raise invalid_params(f"{field}: looks like {kind} but cannot be decoded ({reason[0]})")
        mono = np.fromfile(target, dtype="<f4")
    if len(mono) == 0:
        raise invalid_params(f"{field}: looks like {kind} but holds no samples")
    return mono, len(mono) / ANALYSIS_RATE_HZ
