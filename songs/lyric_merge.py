"""Three-way merges of lyric texts, cut into what both writers agree on and where they overlap,
so a writer can choose line by line (keep mine, keep theirs, keep both, or edit) and never has to
read or delete conflict markers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import merge3


@dataclass(frozen=True)
class Agreed:
    """Lines that merge cleanly: unchanged, changed on one side only, or changed alike."""

    text: str


@dataclass(frozen=True)
class Overlap:
    """Lines both writers changed since their common base, differently."""

    base: str
    theirs: str
    yours: str


Region = Agreed | Overlap


class Choice(StrEnum):
    MINE = "mine"
    THEIRS = "theirs"
    BOTH = "both"  # theirs first, then mine: the order they were written in
    EDIT = "edit"


@dataclass(frozen=True)
class Resolution:
    choice: Choice
    text: str = ""  # the writer's own text, for Choice.EDIT


# Git's markers (and diff3's base marker), at the start of a line.
_MARKER = re.compile(r"^(?:<{7}|>{7}|\|{7})(?: |$)", re.MULTILINE)


def normalise(body: str) -> str:
    """One newline convention and a final newline, so merges compare lines, not line endings."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    return body if body.endswith("\n") or not body else body + "\n"


def merge_regions(base: str, theirs: str, yours: str) -> list[Region]:
    """The merge of `theirs` and `yours` (both edited from `base`), region by region."""
    lines = [text.splitlines(keepends=True) for text in (base, theirs, yours)]
    regions: list[Region] = []
    for kind, *bounds in merge3.Merge3(*lines).merge_regions():
        if kind == "conflict":
            z0, z1, t0, t1, y0, y1 = bounds
            regions.append(
                Overlap(
                    base="".join(lines[0][z0:z1]),
                    theirs="".join(lines[1][t0:t1]),
                    yours="".join(lines[2][y0:y1]),
                )
            )
            continue
        source = {"unchanged": lines[0], "a": lines[1], "same": lines[1], "b": lines[2]}[kind]
        text = "".join(source[bounds[0] : bounds[1]])
        if regions and isinstance(regions[-1], Agreed):
            regions[-1] = Agreed(regions[-1].text + text)
        else:
            regions.append(Agreed(text))
    return regions


def overlaps(regions: list[Region]) -> list[Overlap]:
    return [region for region in regions if isinstance(region, Overlap)]


def merged_text(regions: list[Region]) -> str | None:
    """The merged text, or None while an overlap is left to choose."""
    if overlaps(regions):
        return None
    return "".join(region.text for region in regions)  # type: ignore[union-attr]


def with_markers(regions: list[Region]) -> str:
    """The merge in git's notation, for API clients that resolve conflicts with their own tools."""
    parts: list[str] = []
    for region in regions:
        if isinstance(region, Agreed):
            parts.append(region.text)
        else:
            parts += ["<<<<<<< theirs\n", region.theirs, "=======\n", region.yours]
            parts.append(">>>>>>> yours\n")
    return "".join(parts)


def resolve(regions: list[Region], resolutions: Mapping[int, Resolution]) -> str:
    """The text built from a choice for each overlap (numbered from 0, in text order)."""
    parts: list[str] = []
    index = 0
    for region in regions:
        if isinstance(region, Agreed):
            parts.append(region.text)
            continue
        resolution = resolutions[index]
        index += 1
        if resolution.choice is Choice.MINE:
            parts.append(region.yours)
        elif resolution.choice is Choice.THEIRS:
            parts.append(region.theirs)
        elif resolution.choice is Choice.BOTH:
            parts += [region.theirs, region.yours]
        else:
            parts.append(normalise(resolution.text))
    return "".join(parts)


def marker_line(body: str) -> int | None:
    """The 1-based line of the first conflict marker left in `body`, if any."""
    found = _MARKER.search(body)
    return body.count("\n", 0, found.start()) + 1 if found else None
