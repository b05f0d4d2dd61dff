"""Providers: who generates. One interface, two implementations chosen by settings.

- `local`: the embedded engine (offline, deterministic for a seed).
- `remote`: any service that speaks the Music API contract, over httpx.
"""

from __future__ import annotations

from typing import Protocol

from engine.callbacks import AudioSink, Progress, no_progress
from engine.contract import (
    CoverPreprocessRequest,
    CoverPreprocessResult,
    LyricsRequest,
    LyricsResult,
    MusicRequest,
    MusicResult,
)

__all__ = ["AudioSink", "Progress", "Provider", "get_provider", "no_progress"]


class Provider(Protocol):
    name: str

    def warm_up(self) -> None:
        """Get ready for the first job (load models, compile code); a worker calls it once at start."""
        ...

    def write_lyrics(self, request: LyricsRequest) -> LyricsResult: ...

    def generate_music(
        self,
        request: MusicRequest,
        progress: Progress = no_progress,
        *,
        cover_features: dict | None = None,
        on_audio: AudioSink | None = None,
    ) -> MusicResult:
        """Make a song. `on_audio`, when given, hears the encoded file as it is produced, in
        chunks whose concatenation is exactly `MusicResult.audio`."""
        ...

    def preprocess_cover(
        self,
        request: CoverPreprocessRequest,
        progress: Progress = no_progress,
        *,
        reference: bytes | None = None,
    ) -> CoverPreprocessResult: ...


def get_provider(name: str, *, remote_url: str = "", remote_key: str = "") -> Provider:
    """The provider called `name` (`local` or `remote`)."""
    # Imported when asked for: the web process imports this module, the local provider loads the
    # whole engine and the remote one httpx.
    if name == "local":
        from engine.providers.local import LocalProvider  # noqa: PLC0415

        return LocalProvider()
    if name == "remote":
        from engine.providers.remote import RemoteProvider  # noqa: PLC0415

        return RemoteProvider(base_url=remote_url, api_key=remote_key)
    raise ValueError(f"unknown provider {name!r}: use local or remote")
