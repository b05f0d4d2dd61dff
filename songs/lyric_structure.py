"""The structure of a lyric body: its sections, moved or duplicated, their rhyme schemes and
their syllable totals beside their sister sections. Pure functions over the text.

A body is read as a preamble (the lines before the first tag) and tagged sections; each section
is its content (the tag line down to its last non-blank line) followed by a gap (the blank lines
after it). Reordering moves contents and leaves the gaps where they were, so the text keeps its
spacing and every one of its lines.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from engine.lyrics import count_syllables
from engine.lyrics.rhyme import rhymes
from engine.lyrics.sections import is_tag, kind_of_tag


@dataclass(frozen=True)
class LyricSection:
    """A tagged section: `label` as written in its tag, canonical `kind`, its source lines."""

    index: int
    label: str
    kind: str
    first_line: int  # 1-based number of the tag line in the body
    content: tuple[str, ...]  # the tag line, then its lines up to the last non-blank one
    gap: tuple[str, ...]  # the blank lines that follow it

    @property
    def sung_lines(self) -> tuple[str, ...]:
        return tuple(line for line in self.content[1:] if line.strip())


@dataclass(frozen=True)
class LyricStructure:
    preamble: tuple[str, ...]
    sections: tuple[LyricSection, ...]
    final_newline: bool


class StructureError(ValueError):
    """A move or duplicate that names a section the body does not have."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def lyric_structure(body: str) -> LyricStructure:
    """The preamble and tagged sections of `body`, every line kept."""
    final_newline = body.endswith("\n")
    lines = (body[:-1] if final_newline else body).split("\n") if body else []
    starts = [number for number, line in enumerate(lines) if is_tag(line)]
    if not starts:
        return LyricStructure(tuple(lines), (), final_newline)
    sections = []
    for index, start in enumerate(starts):
        chunk = lines[start : starts[index + 1] if index + 1 < len(starts) else len(lines)]
        last = max(i for i, line in enumerate(chunk) if i == 0 or line.strip())
        tag = chunk[0].strip()[1:-1].strip()
        sections.append(
            LyricSection(
                index=index,
                label=tag,
                kind=kind_of_tag(tag)[0],
                first_line=start + 1,
                content=tuple(chunk[: last + 1]),
                gap=tuple(chunk[last + 1 :]),
            )
        )
    return LyricStructure(tuple(lines[: starts[0]]), tuple(sections), final_newline)


def lyric_sections(body: str) -> tuple[LyricSection, ...]:
    """The tagged sections of `body` in order."""
    return lyric_structure(body).sections


def _join(
    structure: LyricStructure, contents: list[tuple[str, ...]], gaps: list[tuple[str, ...]]
) -> str:
    lines = list(structure.preamble)
    for content, gap in zip(contents, gaps, strict=True):
        lines.extend(content)
        lines.extend(gap)
    return "\n".join(lines) + ("\n" if structure.final_newline else "")


def _check_index(structure: LyricStructure, field: str, value: int) -> None:
    if not 0 <= value < len(structure.sections):
        raise StructureError(
            field, f"There is no section {value + 1}: the text has {len(structure.sections)}."
        )


def section_move(body: str, *, index: int, to: int) -> str:
    """`body` with section `index` moved to position `to` (0-based, among the sections)."""
    structure = lyric_structure(body)
    _check_index(structure, "index", index)
    _check_index(structure, "to", to)
    contents = [section.content for section in structure.sections]
    contents.insert(to, contents.pop(index))
    return _join(structure, contents, [section.gap for section in structure.sections])


def section_duplicate(body: str, *, index: int) -> str:
    """`body` with a copy of section `index` right after it, one blank line between them."""
    structure = lyric_structure(body)
    _check_index(structure, "index", index)
    contents = [section.content for section in structure.sections]
    gaps = [section.gap for section in structure.sections]
    contents.insert(index + 1, contents[index])
    gaps.insert(index, ("",))
    return _join(structure, contents, gaps)


def rhyme_letters(lines: list[str]) -> list[str]:
    """A rhyme letter per line ("A", "B", ...), "" for a line that rhymes with no other one.

    A line takes the letter of the first earlier line it rhymes with; letters go in order of
    first appearance, so a ballad's lines read "", "A", "", "A" (xAxA)."""
    groups: list[int] = []
    for i, line in enumerate(lines):
        partner = next((j for j in range(i) if rhymes(lines[j], line)), None)
        groups.append(groups[partner] if partner is not None else i)
    rhymed = [group for group in dict.fromkeys(groups) if groups.count(group) > 1]
    names = {group: string.ascii_uppercase[n % 26] for n, group in enumerate(rhymed)}
    return [names.get(group, "") for group in groups]


def rhyme_scheme(lines: list[str]) -> str:
    """The scheme of a section's lines, e.g. "AABB", "ABAB", "xAxA" (x: rhymes with none)."""
    return "".join(letter or "x" for letter in rhyme_letters(lines))


def is_backing(line: str) -> bool:
    """A line wholly in parentheses: backing vocals, outside the rhyme scheme."""
    stripped = line.strip()
    return stripped.startswith("(") and stripped.endswith(")")


def rhymed_lines(section: LyricSection) -> list[str]:
    """The lines of a section that take part in its rhyme scheme: sung, not backing vocals."""
    return [line for line in section.sung_lines if not is_backing(line)]


def section_syllables(section: LyricSection) -> int:
    """The syllables of every line of a section, as the gutter counts them line by line."""
    return sum(count_syllables(line.strip().strip("()")) for line in section.sung_lines)


@dataclass(frozen=True)
class SisterTotal:
    """A section's syllables beside those of the first section of its kind."""

    section: LyricSection
    syllables: int
    sister: LyricSection | None
    sister_syllables: int | None

    @property
    def sister_name(self) -> str:
        if self.sister is None:
            return ""
        same = self.sister.label == self.section.label
        return f"the first {self.sister.label}" if same else self.sister.label


def sister_totals(sections: tuple[LyricSection, ...]) -> list[SisterTotal]:
    """Each section's syllable total, compared with the first section of its kind (Verse 2 with
    Verse 1, every Chorus with the first Chorus); the first of a kind has no sister."""
    first_of_kind: dict[str, LyricSection] = {}
    totals = []
    for section in sections:
        sister = first_of_kind.setdefault(section.kind, section)
        sister = None if sister is section else sister
        totals.append(
            SisterTotal(
                section=section,
                syllables=section_syllables(section),
                sister=sister,
                sister_syllables=section_syllables(sister) if sister else None,
            )
        )
    return totals
