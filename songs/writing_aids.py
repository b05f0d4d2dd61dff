"""Writing aids for the lyric editor, from the engine's lyric helpers."""

from __future__ import annotations

from dataclasses import dataclass

from engine.lyrics import count_syllables, lint_meter, rhymes_for


@dataclass(frozen=True)
class LineAid:
    number: int
    text: str
    is_tag: bool
    syllables: int | None
    warning: str = ""


def line_aids(body: str) -> list[LineAid]:
    """Each line with its syllable count (None for tags and blank lines) and meter warning."""
    issues = (
        {(issue.section_index, issue.line_index): issue.message for issue in lint_meter(body)}
        if body.strip()
        else {}
    )
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
            warning = issues.get((section, line_in_section), "")
            line_in_section += 1
            aids.append(
                LineAid(number, line, False, count_syllables(stripped.strip("()")), warning)
            )
    return aids


def rhyme_suggestions(word: str, limit: int = 24) -> list[str]:
    return rhymes_for(word, limit=limit) if word.isalpha() else []
