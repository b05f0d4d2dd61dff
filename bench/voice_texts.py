"""The voice benchmarks' two sets of texts: TUNE (settings may be chosen on it) and REPORT (never).

`bench/voice_tune.txt` and `bench/voice_report.txt` hold texts in one plain format: "=== name"
opens a text, each "sing: name | register | prompt" line that follows is a song made of it, and
the rest up to the next "===" is its lyrics. Lines starting with "#" are comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TUNE_TEXTS = HERE / "voice_tune.txt"
REPORT_TEXTS = HERE / "voice_report.txt"
REGISTERS = ("female", "male")
_TAG = re.compile(r"^\[[^\]]*\]$")


@dataclass(frozen=True)
class SungText:
    """A song of a text set: its name, the lead's register the prompt asks for, the prompt and
    the lyrics (with their [Section] tags)."""

    name: str
    text: str
    register: str
    prompt: str
    lyrics: str

    @property
    def lines(self) -> list[str]:
        """The lyric lines as written, tags and blank lines left out."""
        return [
            line.strip()
            for line in self.lyrics.splitlines()
            if line.strip() and not _TAG.match(line.strip())
        ]


def read_texts(path: Path) -> list[SungText]:
    """Every song of the text set in `path`, in the file's order."""
    songs: list[SungText] = []
    for block in re.split(r"^=== ", _without_comments(path.read_text()), flags=re.M)[1:]:
        name, _, body = block.partition("\n")
        sings, lyrics = [], []
        for line in body.splitlines():
            if line.startswith("sing:") and not lyrics:
                sings.append([part.strip() for part in line.removeprefix("sing:").split("|")])
            elif line.strip() or lyrics:
                lyrics.append(line)
        for song, register, prompt in sings:
            if register not in REGISTERS:
                raise ValueError(f"{path.name}: {song}: register {register!r} not in {REGISTERS}")
            songs.append(SungText(song, name.strip(), register, prompt, "\n".join(lyrics).strip()))
    return songs


def shortened(song: SungText, *, sections: int, lines: int) -> SungText:
    """The song's first `sections` sections, `lines` lines of each: a short version for trying
    the bench out."""
    kept: list[str] = []
    for section in re.split(r"\n(?=\[)", song.lyrics.strip())[:sections]:
        tag, *rest = [line for line in section.splitlines() if line.strip()]
        kept += [tag, *rest[:lines], ""]
    return SungText(song.name, song.text, song.register, song.prompt, "\n".join(kept).strip())


def _without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))
