"""`python -m engine music`: make a song from the command line, write it and print a JSON summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engine.contract import (
    BITRATES,
    CHANNELS,
    DEFAULT_VOICE_QUALITY,
    FORMATS,
    SAMPLE_RATES_HZ,
    VOICE_QUALITIES,
    AudioSetting,
    MusicRequest,
)
from engine.errors import EngineError

STEM_EXTENSION = "flac"
# The command's songs follow the Music API's rules for this model (it takes lyrics, instrumentals
# and the lyrics optimizer alike).
CONTRACT_MODEL = "music-2.6"


class _BadArguments(Exception):
    """argparse's complaint, kept to one line instead of usage text and an exit."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _BadArguments(message)


def build_parser() -> argparse.ArgumentParser:
    """The `music` command's options."""
    parser = _Parser(
        prog="python -m engine music", description="Compose, render and encode a song."
    )
    parser.add_argument(
        "--prompt", default="", help="style and theme, e.g. 'sad blues in E minor, 80 bpm'"
    )
    words = parser.add_mutually_exclusive_group()
    words.add_argument("--lyrics-file", type=Path, help="lyrics with section tags, UTF-8")
    words.add_argument(
        "--instrumental", action="store_true", help="no vocals; the prompt is required"
    )
    words.add_argument(
        "--lyrics-optimizer", action="store_true", help="write lyrics from the prompt first"
    )
    parser.add_argument(
        "--format", default="mp3", choices=FORMATS, help="pcm is raw signed 16-bit little-endian"
    )
    parser.add_argument(
        "--sample-rate", type=int, default=44100, choices=SAMPLE_RATES_HZ, help="Hz"
    )
    parser.add_argument("--bitrate", type=int, default=256000, choices=BITRATES, help="bps (mp3)")
    parser.add_argument("--channels", type=int, default=2, choices=CHANNELS)
    parser.add_argument(
        "--voice",
        default=DEFAULT_VOICE_QUALITY,
        choices=VOICE_QUALITIES,
        help="full: the neural voice; draft: the fast one",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--duration", type=float, default=None, help="target length in seconds")
    parser.add_argument("--out", type=Path, required=True, help="where to write the song")
    parser.add_argument("--stems", type=Path, help="folder for one flac per stem")
    parser.add_argument("--midi", type=Path, help="where to write the arrangement as MIDI")
    parser.add_argument(
        "--lrc", type=Path, help="where to write the synced lyrics (LRC, line and word times)"
    )
    return parser


def main(argv: list[str]) -> int:
    """Run the command; 0 on success, 2 with a one-line reason on stderr otherwise."""
    try:
        args = build_parser().parse_args(argv)
        lyrics = _read_lyrics(args.lyrics_file)
        if args.duration is not None and not 10.0 <= args.duration <= 600.0:
            raise _BadArguments("--duration: between 10 and 600 seconds")
    except _BadArguments as error:
        print(f"engine music: {error}", file=sys.stderr)
        return 2
    except SystemExit as done:  # --help
        return int(done.code or 0)

    try:
        request = _checked_request(args, lyrics)
        # Imported once the request is good: the composer and renderer are ~1 s of imports.
        from engine.music import generate_music  # noqa: PLC0415

        song = generate_music(
            prompt=request.prompt,
            lyrics=request.lyrics or None,
            instrumental=request.is_instrumental,
            audio_setting=request.audio_setting,
            seed=args.seed,
            target_duration_s=args.duration,
            voice_quality=request.voice_quality,
        )
    except EngineError as error:
        print(f"engine music: {error.status_msg} (code {error.code})", file=sys.stderr)
        return 2

    summary = {"out": str(args.out), **song.summary()}
    files = {args.out: song.audio.data}
    if args.midi:
        files[args.midi] = song.midi
        summary["midi"] = str(args.midi)
    if args.lrc:
        files[args.lrc] = song.lrc.encode("utf-8")
        summary["lrc"] = str(args.lrc)
    if args.stems:
        stem_paths = {role: args.stems / f"{role}.{STEM_EXTENSION}" for role in song.stems}
        files.update({path: song.stems[role].data for role, path in stem_paths.items()})
        summary["stem_files"] = {role: str(path) for role, path in stem_paths.items()}
    if args.lyrics_optimizer:
        summary["lyrics"] = song.lyrics
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    except OSError as error:
        print(f"engine music: cannot write {error.filename}: {error.strerror}", file=sys.stderr)
        return 2
    print(json.dumps(summary, indent=2))
    return 0


def _checked_request(args: argparse.Namespace, lyrics: str | None) -> MusicRequest:
    """The command's song as a Music API request, checked by the contract's rules."""
    request = MusicRequest(
        model=CONTRACT_MODEL,
        prompt=args.prompt,
        lyrics=lyrics or "",
        is_instrumental=args.instrumental,
        lyrics_optimizer=args.lyrics_optimizer,
        voice_quality=args.voice,
        audio_setting=AudioSetting(
            sample_rate_hz=args.sample_rate,
            bitrate=args.bitrate,
            format=args.format,
            channels=args.channels,
        ),
    )
    request.check()
    return request


def _read_lyrics(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _BadArguments(f"--lyrics-file: cannot read {path}: {error}") from error
