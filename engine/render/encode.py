"""Encoding: mastered audio to the asked file format, sample rate and channel count.

mp3 with `lameenc`, wav and flac with `soundfile` (16-bit), pcm as raw signed 16-bit
little-endian. Rates other than the render rate are made with a polyphase resampler.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from math import gcd

import lameenc
import numpy as np
import soundfile
from scipy.signal import resample_poly

from engine.callbacks import AudioSink
from engine.contract import DEFAULT_AUDIO_SETTING, AudioSetting

# MPEG-2 layer III (the 16-24 kHz rates) stops at 160 kbps; LAME encodes 256k asks there at 160k.
MPEG2_MAX_BITRATE = 160000
_BLOCK_FRAMES = 1 << 16
# LAME's search effort (2 best .. 7 fast). At 256 kbps there are bits to spare and the fast search
# halves the encoding time for nothing audible; lower bitrates get the better search.
MP3_QUALITY = {256000: 7}
MP3_DEFAULT_QUALITY = 5


@dataclass(frozen=True)
class EncodedAudio:
    """An encoded file and what it holds. `bitrate` is bps: the mp3's, or the PCM/average rate."""

    data: bytes
    format: str
    sample_rate_hz: int
    channels: int
    bitrate: int
    duration_ms: int

    @property
    def size(self) -> int:
        return len(self.data)

    def extra_info(self) -> dict:
        """The Music API's `extra_info`: duration ms, sample rate Hz, channels, bitrate bps, size
        bytes."""
        return {
            "music_duration": self.duration_ms,
            "music_sample_rate": self.sample_rate_hz,
            "music_channel": self.channels,
            "bitrate": self.bitrate,
            "music_size": self.size,
        }


def encode(
    audio: np.ndarray,
    *,
    source_rate_hz: int,
    audio_setting: AudioSetting = DEFAULT_AUDIO_SETTING,
    gain: float = 1.0,
    on_audio: AudioSink | None = None,
) -> EncodedAudio:
    """Encode (frames, channels) float audio in -1..1 at `source_rate_hz`, times `gain`, as the
    file `audio_setting` asks for (format, sample rate, channels, mp3 bitrate).

    `on_audio` hears the file as it is written, in pieces whose concatenation is the file: block by
    block for mp3 and pcm, whole at the end for wav and flac (their headers need the length).
    """
    sink = on_audio or (lambda data: None)
    format, sample_rate_hz = audio_setting.format, audio_setting.sample_rate_hz
    bitrate, channels = audio_setting.bitrate, audio_setting.channels
    audio = convert(
        audio, source_rate_hz=source_rate_hz, sample_rate_hz=sample_rate_hz, channels=channels
    )
    frames = len(audio)
    duration_ms = int(round(frames * 1000 / sample_rate_hz))
    blocks = pcm16_blocks(audio, gain=gain)
    if format == "mp3":
        bitrate = mp3_bitrate(bitrate, sample_rate_hz)
        data = _mp3(blocks, sample_rate_hz, channels, bitrate, sink)
    elif format == "pcm":
        data = b"".join(_passed_on(block.tobytes(), sink) for block in blocks)
        bitrate = sample_rate_hz * 16 * channels
    else:
        buffer = io.BytesIO()
        with soundfile.SoundFile(
            buffer,
            "w",
            samplerate=sample_rate_hz,
            channels=channels,
            format=format.upper(),
            subtype="PCM_16",
        ) as file:
            for block in blocks:
                file.write(block)
        data = _passed_on(buffer.getvalue(), sink)
        bitrate = (
            sample_rate_hz * 16 * channels
            if format == "wav"
            else _average_bitrate(len(data), frames, sample_rate_hz)
        )
    return EncodedAudio(data, format, sample_rate_hz, channels, bitrate, duration_ms)


def mp3_bitrate(bitrate: int, sample_rate_hz: int) -> int:
    """The bitrate an mp3 at `sample_rate_hz` really gets for an asked `bitrate`."""
    return min(bitrate, MPEG2_MAX_BITRATE) if sample_rate_hz < 32000 else bitrate


def convert(
    audio: np.ndarray, *, source_rate_hz: int, sample_rate_hz: int, channels: int
) -> np.ndarray:
    """Down/up-mix to `channels` and resample to `sample_rate_hz`: float32 (frames, channels)."""
    audio = np.asarray(audio, dtype=np.float32).reshape(len(audio), -1)
    if channels == 1:
        audio = audio.mean(axis=1, keepdims=True)
    elif audio.shape[1] == 1:
        audio = np.repeat(audio, 2, axis=1)
    if sample_rate_hz != source_rate_hz:
        common = gcd(sample_rate_hz, source_rate_hz)
        audio = resample_poly(audio, sample_rate_hz // common, source_rate_hz // common, axis=0)
    return audio


def pcm16_blocks(audio: np.ndarray, *, gain: float = 1.0) -> Iterator[np.ndarray]:
    """(frames, channels) float audio times `gain` as C-ordered int16 blocks, rounded and clipped.

    Blocks, because full-length temporaries of a 3-minute song cost a few hundred MB.
    """
    scale = np.float32(32767.0 * gain)  # +1.0 stays representable
    for start in range(0, len(audio), _BLOCK_FRAMES):
        block = audio[start : start + _BLOCK_FRAMES] * scale
        np.rint(block, out=block)
        np.clip(block, -32768, 32767, out=block)
        yield np.ascontiguousarray(block, dtype="<i2")


def _passed_on(data: bytes, sink: AudioSink) -> bytes:
    if data:
        sink(data)
    return data


def _mp3(
    blocks: Iterator[np.ndarray],
    sample_rate_hz: int,
    channels: int,
    bitrate: int,
    sink: AudioSink,
) -> bytes:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate // 1000)
    encoder.set_in_sample_rate(sample_rate_hz)
    # Otherwise LAME picks a lower output rate for low bitrates on its own.
    encoder.set_out_sample_rate(sample_rate_hz)
    encoder.set_channels(channels)
    encoder.set_quality(MP3_QUALITY.get(bitrate, MP3_DEFAULT_QUALITY))
    parts = [_passed_on(bytes(encoder.encode(block.tobytes())), sink) for block in blocks]
    parts.append(_passed_on(bytes(encoder.flush()), sink))
    return b"".join(parts)


def _average_bitrate(size_bytes: int, frames: int, sample_rate_hz: int) -> int:
    return int(round(size_bytes * 8 * sample_rate_hz / frames)) if frames else 0
