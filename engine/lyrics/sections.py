"""Section tags of lyrics: `[Verse 2]`, `[Pre-Chorus]`, ... parsed to canonical kinds and back."""

from __future__ import annotations

import re
from dataclasses import dataclass

CANONICAL_KINDS = (
    "intro",
    "verse",
    "pre_chorus",
    "chorus",
    "post_chorus",
    "hook",
    "bridge",
    "interlude",
    "transition",
    "break",
    "build_up",
    "inst",
    "solo",
    "outro",
)
# Only instrumental when they carry no lines: an [Intro] with "(Ooh)" is sung.
INSTRUMENTAL_KINDS = frozenset(
    {"intro", "interlude", "transition", "break", "inst", "solo", "outro"}
)

# Spellings seen in real lyrics (squeezed: lower case, no spaces/hyphens/underscores).
_ALIASES = {
    "prechorus": "pre_chorus",
    "pre": "pre_chorus",
    "postchorus": "post_chorus",
    "buildup": "build_up",
    "build": "build_up",
    "instrumental": "inst",
    "instrumentalbreak": "inst",
    "refrain": "chorus",
    "guitarsolo": "solo",
    "pianosolo": "solo",
    "saxsolo": "solo",
    "drop": "break",
    "ending": "outro",
    "coda": "outro",
    "prelude": "intro",
    "opening": "intro",
    "middle8": "bridge",
    "middleeight": "bridge",
}
_SQUEEZED = {kind.replace("_", ""): kind for kind in CANONICAL_KINDS} | _ALIASES

_TAG = re.compile(r"^\s*\[([^\[\]]*)\]\s*$")
_BACKING = re.compile(r"(\([^()]*\)\s*)+")  # "(Ooh)" or "(Ooh) (yeah)": backing vocals only
_NUMBER = re.compile(r"^(.*?)[\s_-]*(\d+)\s*$")


@dataclass(frozen=True)
class LyricLine:
    """One sung line; `backing` when the whole line is in parentheses (backing vocals)."""

    text: str
    backing: bool


@dataclass(frozen=True)
class Section:
    """A tagged block of lyrics: canonical `kind`, `label` as written (e.g. "Verse 2"), its lines."""

    kind: str
    label: str
    number: int | None
    lines: tuple[LyricLine, ...]
    tagged: bool = True  # False for text that came before any tag

    @property
    def is_instrumental(self) -> bool:
        return self.kind in INSTRUMENTAL_KINDS and not self.lines


@dataclass(frozen=True)
class RawBlock:
    """A section together with its exact source text (tag line, lines, trailing blank lines)."""

    section: Section
    text: str


def kind_of_tag(tag: str) -> tuple[str, int | None]:
    """The canonical kind and number of a tag's inner text, e.g. "Pre-Chorus 2" -> ("pre_chorus", 2)."""
    body = re.split(r":| - |\(", tag)[0].strip() or tag.strip()  # "Verse 1: soft piano"
    body = re.sub(r"\s*[x×]\s*\d+\s*$", "", body, flags=re.IGNORECASE)  # "Chorus x2" repeats
    number = None
    match = _NUMBER.match(body)
    if match and match.group(1):
        body, number = match.group(1), int(match.group(2))
    squeezed = re.sub(r"[\s_\-:.]+", "", body.lower())
    if squeezed in _SQUEEZED:
        return _SQUEEZED[squeezed], number
    # "Final Chorus", "Verse (slow)", "Chorus x2": look for a known kind among the words.
    words = re.findall(r"[a-z]+", body.lower())
    for i in range(len(words)):
        for j in (2, 1):
            joined = "".join(words[i : i + j])
            if joined in _SQUEEZED:
                return _SQUEEZED[joined], number
    return "verse", number


def is_tag(line: str) -> bool:
    """True for a section tag line such as `[Chorus]`: a heading, never sung."""
    return bool(_TAG.match(line))


def _line(text: str) -> LyricLine:
    stripped = text.strip()
    return LyricLine(text=stripped, backing=bool(_BACKING.fullmatch(stripped)))


def split_blocks(lyrics: str) -> list[RawBlock]:
    """Sections with their exact source text, so an editor can keep untouched ones byte-identical."""
    blocks: list[RawBlock] = []
    chunk: list[str] = []
    header: str | None = None

    def close() -> None:
        body = chunk[1:] if header is not None else chunk
        lines = tuple(_line(line) for line in body if line.strip())
        if header is None:
            if not lines:  # blank lines before the first tag belong to no section
                return
            section = Section(kind="verse", label="Verse", number=None, lines=lines, tagged=False)
        else:
            kind, number = kind_of_tag(header)
            section = Section(kind=kind, label=header.strip(), number=number, lines=lines)
        blocks.append(RawBlock(section=section, text="".join(chunk)))

    for line in lyrics.splitlines(keepends=True):
        match = _TAG.match(line)
        if match:
            close()
            header, chunk = match.group(1), [line]
        else:
            chunk.append(line)
    close()
    return blocks


def parse_sections(lyrics: str) -> list[Section]:
    """The sections of `lyrics` in order; text before any tag is a verse, unknown tags are verses."""
    return [block.section for block in split_blocks(lyrics)]


def format_section(section: Section) -> str:
    """One section as text: the tag on its own line, then its lines (no trailing blank line)."""
    body = [line.text for line in section.lines]
    head = [f"[{section.label}]"] if section.tagged else []
    return "\n".join(head + body)


def format_sections(sections: list[Section]) -> str:
    """Sections back to text: tags on their own line, a blank line between sections."""
    return "\n\n".join(format_section(section) for section in sections)


def label_for(kind: str, number: int | None = None) -> str:
    """The tag text the engine writes for a kind, e.g. ("pre_chorus", None) -> "Pre Chorus"."""
    words = " ".join(part.capitalize() for part in kind.split("_"))
    return f"{words} {number}" if number is not None else words
