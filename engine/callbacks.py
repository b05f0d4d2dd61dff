"""What the engine calls back while it works: progress by stage, and the encoded file as it is
written. Defined once here, for every stage and both providers."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, float], None]
"""`progress(stage, fraction)`: a stage (writing, composing, rendering, singing, mixing, encoding,
analysing, streaming) and how much of it is done, 0.0 to 1.0."""

AudioSink = Callable[[bytes], None]
"""Hears an encoded file as it is written, in pieces whose concatenation is the file."""


def no_progress(stage: str, fraction: float) -> None:
    """A progress callback that ignores what it is told."""
