"""Writing aids for the lyric editor, from the engine's lyric helpers: per line a syllable count,
a rhyme letter and a meter warning in words; per section its rhyme scheme and its syllables
beside its sister section's."""

from __future__ import annotations

from dataclasses import dataclass

from engine.lyrics import MeterIssue, count_syllables, lint_meter, rhymes_for
from songs.lyric_structure import (
    SisterTotal,
    is_backing,
    lyric_structure,
    rhyme_letters,
    rhyme_scheme,
    rhymed_lines,
    sister_totals,
)


@dataclass(frozen=True)
class LineAid:
    number: int
    text: str
    is_tag: bool
    syllables: int | None
    warning: str = ""  # the meter lint's sentence, e.g. "too long: 12 syllables where ..."
    warning_word: str = ""  # "long" or "short", what the gutter has room for
    rhyme: str = ""  # the line's letter in its section's rhyme scheme, "" when unrhymed

    @property
    def label(self) -> str:
        return self.text.strip()[1:-1].strip() if self.is_tag else ""


@dataclass(frozen=True)
class SectionAid:
    """A section as the structure list shows it: where it is, its scheme, its syllables."""

    index: int
    first_line: int
    label: str
    scheme: str
    total: SisterTotal


def _rhyme_letters_by_line(body: str) -> dict[int, str]:
    """Line number -> rhyme letter, schemes read section by section (the preamble is one)."""
    structure = lyric_structure(body)
    groups = [list(enumerate(structure.preamble, start=1))]
    for section in structure.sections:
        groups.append(list(enumerate(section.content[1:], start=section.first_line + 1)))
    letters: dict[int, str] = {}
    for group in groups:
        rhymed = [(n, line) for n, line in group if line.strip() and not is_backing(line)]
        texts = [line for _, line in rhymed]
        letters.update(
            (n, letter) for (n, _), letter in zip(rhymed, rhyme_letters(texts), strict=True)
        )
    return letters


def _warning_word(issue: MeterIssue) -> str:
    return "long" if issue.syllables > issue.expected[1] else "short"


def line_aids(body: str) -> list[LineAid]:
    """Each line with its syllable count (None for tags and blank lines), its rhyme letter and
    its meter warning."""
    issues = (
        {(issue.section_index, issue.line_index): issue for issue in lint_meter(body)}
        if body.strip()
        else {}
    )
    letters = _rhyme_letters_by_line(body) if body.strip() else {}
    aids: list[LineAid] = []
    section, line_in_section = -1, 0
    for number, line in enumerate(body.splitlines(), start=1):
        stripped = line.strip()
        is_tag = stripped.startswith("[") and stripped.endswith("]")
        if is_tag:
            section, line_in_section = section + 1, 0
            aids.append(LineAid(number, line, True, None))
        elif not stripped:
            aids.append(LineAid(number, line, False, None))
        else:
            section = max(section, 0)  # text before any tag is the first section
            issue = issues.get((section, line_in_section))
            line_in_section += 1
            aids.append(
                LineAid(
                    number,
                    line,
                    False,
                    count_syllables(stripped.strip("()")),
                    warning=issue.message if issue else "",
                    warning_word=_warning_word(issue) if issue else "",
                    rhyme=letters.get(number, ""),
                )
            )
    return aids


def section_aids(body: str) -> list[SectionAid]:
    """The tagged sections of `body` with their rhyme scheme and syllables beside their sister's."""
    sections = lyric_structure(body).sections
    return [
        SectionAid(
            index=total.section.index,
            first_line=total.section.first_line,
            label=total.section.label,
            scheme=rhyme_scheme(rhymed_lines(total.section)),
            total=total,
        )
        for total in sister_totals(sections)
    ]


def rhyme_suggestions(word: str, limit: int = 24) -> list[str]:
    return rhymes_for(word, limit=limit) if word.isalpha() else []
