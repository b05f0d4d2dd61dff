"""The engine's music call: a prompt (and lyrics) in, an encoded song with stems and MIDI out."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.callbacks import AudioSink, Progress, no_progress
from engine.compose import compose
from engine.compose.length import check_song_length
from engine.compose.lyric_times import synced_lyrics
from engine.compose.midi import score_to_midi
from engine.compose.score import Score
from engine.contract import DEFAULT_AUDIO_SETTING, DEFAULT_VOICE_QUALITY, AudioSetting
from engine.lyrics import WrittenLyrics, write_full_song
from engine.render.encode import EncodedAudio
from engine.render.song import render_score
from engine.render.voice import VOICE_NAMES, sung_quality


@dataclass(frozen=True)
class FinishedSong:
    """A song the engine finished: the encoded file, its stems (flac), MIDI, the lyrics sung with
    their times (LRC) and what the score says. A provider hands it on as the contract's
    `MusicResult`, which carries the files' bytes only."""

    audio: EncodedAudio
    stems: dict[str, EncodedAudio]
    midi: bytes
    lyrics: str | None
    lrc: str
    bpm: float
    key: str
    mode: str
    time_signature: tuple[int, int]
    sections: list[dict]
    score: Score = field(repr=False)

    def summary(self) -> dict:
        """The `extra_info` fields plus tempo, key, meter, the section map and the voice that sang
        (JSON-ready)."""
        return {
            **self.audio.extra_info(),
            "format": self.audio.format,
            "bpm": round(self.bpm, 2),
            "key": self.key,
            "mode": self.mode,
            "time_signature": f"{self.time_signature[0]}/{self.time_signature[1]}",
            "sections": self.sections,
            "stems": sorted(self.stems),
            **({"voice": VOICE_NAMES[sung_quality(self.score)]} if self.score.syllables else {}),
        }


def generate_music(
    *,
    prompt: str,
    lyrics: str | None,
    instrumental: bool = False,
    audio_setting: AudioSetting = DEFAULT_AUDIO_SETTING,
    seed: int = 0,
    target_duration_s: float | None = None,
    voice_quality: str = DEFAULT_VOICE_QUALITY,
    progress: Progress = no_progress,
    on_audio: AudioSink | None = None,
) -> FinishedSong:
    """Compose, render, mix, master and encode a song. A song with vocals but no lyrics has them
    written from the prompt first (the contract's lyrics_optimizer).

    The arguments are trusted: `engine.contract.MusicRequest` checks a request at the edge. What
    only composing can tell (a tempo out of range, a song over the length cap) is a 2013 error
    naming the field. `progress(stage, fraction)` hears writing (when lyrics are written),
    composing, rendering, singing (songs with vocals), mixing and encoding, each from 0.0 to 1.0.
    """
    prompt = (prompt or "").strip()
    lyrics = (lyrics or "").strip() or None
    if instrumental:
        lyrics = None
    elif lyrics is None:
        lyrics = write_lyrics(prompt, seed=seed, progress=progress).lyrics

    progress("composing", 0.0)
    score = compose(
        prompt,
        lyrics,
        instrumental=instrumental,
        seed=seed,
        target_duration_s=target_duration_s,
        voice_quality=voice_quality,
    )
    if lyrics is None:
        check_song_length(score.duration_s, field="target_duration_s", advice="ask for less")
    else:
        check_song_length(score.duration_s, field="lyrics", advice="shorten the lyrics")
    progress("composing", 1.0)
    return render_music(
        score, lyrics=lyrics, audio_setting=audio_setting, progress=progress, on_audio=on_audio
    )


def render_music(
    score: Score,
    *,
    lyrics: str | None,
    audio_setting: AudioSetting = DEFAULT_AUDIO_SETTING,
    progress: Progress = no_progress,
    on_audio: AudioSink | None = None,
) -> FinishedSong:
    """Render, mix, master and encode a finished score (composed, or arranged from a cover).

    `on_audio` hears the encoded file as it is written, in pieces that add up to `audio.data`."""
    rendered = render_score(
        score, audio_setting=audio_setting, progress=progress, on_audio=on_audio
    )
    return FinishedSong(
        audio=rendered.audio,
        stems=rendered.stems,
        midi=score_to_midi(score),
        lyrics=lyrics,
        lrc=synced_lyrics(score, rendered.word_starts_s),
        bpm=score.bpm,
        key=score.key,
        mode=score.mode,
        time_signature=tuple(score.time_signature),
        sections=[
            {
                "label": s.label,
                "kind": s.kind,
                "start_s": round(s.start_s, 3),
                "end_s": round(s.end_s, 3),
            }
            for s in score.sections
        ],
        score=score,
    )


def write_lyrics(prompt: str, *, seed: int, progress: Progress = no_progress) -> WrittenLyrics:
    """The lyrics_optimizer's stage: a song's lyrics (and title) written for `prompt`, reported as
    "writing"."""
    progress("writing", 0.0)
    written = write_full_song(prompt, seed=seed)
    progress("writing", 1.0)
    return written
