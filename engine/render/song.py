"""A score to finished files: instruments, mix, master, then the song and its stems encoded."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from engine.callbacks import AudioSink, Progress, no_progress
from engine.compose.score import Score
from engine.contract import DEFAULT_AUDIO_SETTING, AudioSetting
from engine.render.encode import EncodedAudio, encode
from engine.render.instruments import SAMPLE_RATE_HZ, TAIL_S, render_length, render_stems
from engine.render.master import master
from engine.render.mix import mix_stems
from engine.render.voice import sing, sung_word_starts

# Stems are 16-bit stereo flac at the render rate, whatever the song's file is.
STEM_SETTING = AudioSetting(format="flac", sample_rate_hz=SAMPLE_RATE_HZ)
STEM_OF_ROLE = {"drums": "drums", "bass": "bass", "harmony": "other", "lead": "other"}
STEM_PEAK = 10.0 ** (-1.0 / 20.0)  # the loudest stem peaks at -1 dBFS


@dataclass(frozen=True)
class RenderedSong:
    """The encoded song, its stems (role -> flac at the render rate) and the master's measurements."""

    audio: EncodedAudio
    stems: dict[str, EncodedAudio]
    loudness_lufs: float
    true_peak_dbtp: float
    # where each sung word begins to sound, by (line index, word index): see `sung_word_starts`
    word_starts_s: dict[tuple[int, int], float] = field(default_factory=dict)


def render_score(
    score: Score,
    *,
    audio_setting: AudioSetting = DEFAULT_AUDIO_SETTING,
    progress: Progress = no_progress,
    on_audio: AudioSink | None = None,
) -> RenderedSong:
    """Render `score` and encode it as `audio_setting` asks; reports the stages rendering,
    singing (when the score has lyrics), mixing and encoding.

    `on_audio` hears the encoded song as it is written (see `encode`)."""
    progress("rendering", 0.0)
    sung = bool(score.syllables)
    stems = stem_names(render_stems(score, progress=progress, skip_roles=("lead",) if sung else ()))
    word_starts_s = {}
    if sung:
        progress("singing", 0.0)
        word_starts_s = sung_word_starts(score)
        vocals = sing(score, frames=render_length(score), progress=progress)
        if vocals is not None:
            stems = {"vocals": vocals, **stems}
    # Encoders release the GIL: the stems are written on the second core while the mix is made.
    with ThreadPoolExecutor(max_workers=1) as pool:
        stem_files = pool.submit(encode_stems, stems)
        progress("mixing", 0.0)
        if stems:
            mix = mix_stems(stems, sample_rate_hz=SAMPLE_RATE_HZ, fade_out_s=TAIL_S)
        else:  # a score without notes is a silent song, not an error
            mix = np.zeros((render_length(score), 2), dtype=np.float32)
        mastered = master(mix, sample_rate_hz=SAMPLE_RATE_HZ)
        progress("encoding", 0.0)
        song = encode(
            mastered.audio,
            source_rate_hz=SAMPLE_RATE_HZ,
            audio_setting=audio_setting,
            on_audio=on_audio,
        )
        encoded_stems = stem_files.result()
    progress("encoding", 1.0)
    return RenderedSong(
        song, encoded_stems, mastered.loudness_lufs, mastered.true_peak_dbtp, word_starts_s
    )


def stem_names(by_role: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Instrument stems by their published names: drums, bass and other (harmony, themes, an
    unsung lead); the voice adds vocals."""
    named: dict[str, np.ndarray] = {}
    for role, audio in by_role.items():
        name = STEM_OF_ROLE.get(role, "other")
        if name in named:
            named[name] += audio
        else:
            named[name] = audio
    return named


def encode_stems(stems: dict[str, np.ndarray]) -> dict[str, EncodedAudio]:
    """Stems as 16-bit stereo flac at the render rate, one shared gain so they still sum to the mix."""
    peak = max((float(np.abs(a).max(initial=0.0)) for a in stems.values()), default=0.0)
    gain = STEM_PEAK / peak if peak > 0 else 1.0
    return {
        role: encode(audio, source_rate_hz=SAMPLE_RATE_HZ, audio_setting=STEM_SETTING, gain=gain)
        for role, audio in stems.items()
    }
