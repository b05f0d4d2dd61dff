"""`python -m engine lyrics`: write or edit lyrics and print the lyrics JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engine.contract import LyricsRequest
from engine.errors import EngineError
from engine.lyrics.editor import edit
from engine.lyrics.writer import write_full_song


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse would print the whole usage and exit; we want one line and a return code.
        raise _UsageError(message)


def _parser() -> _Parser:
    parser = _Parser(prog="python -m engine lyrics", description="Write or edit song lyrics.")
    parser.add_argument("--prompt", default="", help="theme and style, or the editing instruction")
    parser.add_argument("--mode", choices=("write_full_song", "edit"), default="write_full_song")
    parser.add_argument("--lyrics-file", type=Path, help="lyrics to edit (edit mode)")
    parser.add_argument("--title", default=None, help="keep this title")
    parser.add_argument("--seed", type=int, default=0)
    return parser


def main(argv: list[str]) -> int:
    """Run the command; 0 and the JSON on stdout, else non-zero and a one-line reason on stderr."""
    try:
        args = _parser().parse_args(argv)
        lyrics = ""
        if args.mode == "edit":
            if args.lyrics_file is None:
                raise _UsageError("--lyrics-file is required with --mode edit")
            try:
                lyrics = args.lyrics_file.read_text(encoding="utf-8")
            except OSError as exc:
                raise _UsageError(f"cannot read --lyrics-file: {exc.strerror or exc}") from exc
        # The Music API's rules for a lyrics request: text limits, an edit needs lyrics.
        LyricsRequest(mode=args.mode, prompt=args.prompt, lyrics=lyrics, title=args.title).check()
        if args.mode == "edit":
            result = edit(lyrics, args.prompt, title=args.title, seed=args.seed)
        else:
            result = write_full_song(args.prompt, title=args.title, seed=args.seed)
    except _UsageError as exc:
        print(f"lyrics: {exc}", file=sys.stderr)
        return 2
    except EngineError as exc:
        print(f"lyrics: {exc.status_msg} (code {exc.code})", file=sys.stderr)
        return 1
    payload = {
        "song_title": result.song_title,
        "style_tags": result.style_tags,
        "lyrics": result.lyrics,
    }
    print(json.dumps(payload, ensure_ascii=False))
    return 0
