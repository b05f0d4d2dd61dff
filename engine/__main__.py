"""Command line: `python -m engine lyrics ...` and `python -m engine music ...`."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in ("lyrics", "music"):
        print(
            "usage: python -m engine {lyrics|music} [options]  (--help after the command)",
            file=sys.stderr,
        )
        return 2
    # Each command imports only what it needs: the lyrics need neither composer nor renderer.
    if args[0] == "lyrics":
        from engine.lyrics.cli import main as lyrics_main  # noqa: PLC0415

        return lyrics_main(args[1:])
    from engine.music_cli import main as music_main  # noqa: PLC0415

    return music_main(args[1:])


if __name__ == "__main__":
    sys.exit(main())
