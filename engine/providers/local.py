"""The embedded engine as a provider: offline, CPU-only, deterministic for a seed.

`engine.providers.get_provider` imports this module only when the local provider is asked for:
it loads the whole engine.
"""

from __future__ import annotations

import random

from engine.analysis import preprocess
from engine.analysis.decode import decode_reference
from engine.analysis.peaks import waveform_peaks
from engine.callbacks import AudioSink, Progress, no_progress
from engine.contract import (
    CoverPreprocessRequest,
    CoverPreprocessResult,
    LyricsRequest,
    LyricsResult,
    MusicRequest,
    MusicResult,
)
from engine.cover import generate_cover
from engine.errors import EngineError
from engine.lyrics import edit, write_full_song
from engine.music import FinishedSong, generate_music, write_lyrics
from engine.render import instruments

ENGINE_MODEL = "refrain-engine-1"


def resolve_seed(seed: int | None) -> int:
    """The request's seed, or a fresh one that is then recorded with the result."""
    return seed if seed is not None else random.SystemRandom().randrange(0, 1_000_001)


class LocalProvider:
    name = "local"

    def warm_up(self) -> None:
        """Load the SoundFont, the speech model and compile the analysis's numba code (~10 s of
        CPU), so that a worker's first song or cover does not pay for it."""
        instruments.warm_up()
        preprocess.warm_up()

    def write_lyrics(self, request: LyricsRequest) -> LyricsResult:
        seed = resolve_seed(request.seed)
        if request.mode == "edit":
            written = edit(request.lyrics, request.prompt, title=request.title, seed=seed)
        else:
            written = write_full_song(request.prompt, title=request.title, seed=seed)
        return LyricsResult(
            song_title=written.song_title, style_tags=written.style_tags, lyrics=written.lyrics
        )

    def generate_music(
        self,
        request: MusicRequest,
        progress: Progress = no_progress,
        *,
        cover_features: dict | None = None,
        on_audio: AudioSink | None = None,
    ) -> MusicResult:
        seed = resolve_seed(request.seed)
        lyrics, title = request.lyrics, ""
        if request.writes_lyrics:
            written = write_lyrics(request.prompt, seed=seed, progress=progress)
            lyrics, title = written.lyrics, written.song_title
        if request.is_cover:
            if not cover_features:
                raise EngineError("cover_feature_id: the reference's features are missing")
            song = generate_cover(
                cover_features,
                prompt=request.prompt,
                lyrics=lyrics,
                audio_setting=request.audio_setting,
                seed=seed,
                voice_quality=request.voice_quality,
                progress=progress,
                on_audio=on_audio,
            )
        else:
            song = generate_music(
                prompt=request.prompt,
                lyrics=None if request.is_instrumental else lyrics,
                instrumental=request.is_instrumental,
                audio_setting=request.audio_setting,
                seed=seed,
                voice_quality=request.voice_quality,
                progress=progress,
                on_audio=on_audio,
            )
        return _music_result(
            song, lyrics="" if request.is_instrumental else lyrics, title=title, seed=seed
        )

    def preprocess_cover(
        self,
        request: CoverPreprocessRequest,
        progress: Progress = no_progress,
        *,
        reference: bytes | None = None,
    ) -> CoverPreprocessResult:
        if reference is None:
            raise EngineError("audio_url: the reference recording was not fetched")
        field = "audio_url" if request.audio_url else "audio_base64"
        decoded = decode_reference(reference, field=field)
        features = preprocess.analyse_reference(decoded, progress=progress)
        return CoverPreprocessResult(
            cover_feature_id=features.cover_feature_id,
            formatted_lyrics=features.formatted_lyrics,
            structure_result=features.structure_result,
            audio_duration=features.audio_duration,
            # The waveform's peaks come with the analysis: the page draws the structure over them.
            features={**features.to_json(), "peaks": waveform_peaks(decoded.mono)},
        )


def _music_result(song: FinishedSong, *, lyrics: str, title: str, seed: int) -> MusicResult:
    """The engine's finished song as the contract's result: the one place the two meet."""
    encoded = song.audio
    return MusicResult(
        audio=encoded.data,
        format=encoded.format,
        duration_ms=encoded.duration_ms,
        sample_rate=encoded.sample_rate_hz,
        channels=encoded.channels,
        bitrate=encoded.bitrate,
        lyrics=lyrics,
        title=title,
        provider=LocalProvider.name,
        model=ENGINE_MODEL,
        stems={role: stem.data for role, stem in song.stems.items()},
        midi=song.midi,
        lrc=song.lrc,
        details={**song.summary(), "seed": seed},
    )
