"""Meter lint: lines far off the syllable count their kind of section sits at."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from engine.lyrics.sections import Section, parse_sections
from engine.lyrics.syllables import count_syllables


@dataclass(frozen=True)
class MeterIssue:
    """A line whose syllable count is outside `expected` (inclusive) for its section."""

    section_label: str
    section_index: int
    line_index: int  # index into the section's lines
    syllables: int
    expected: tuple[int, int]
    message: str


def kind_meters(sections: list[Section]) -> dict[str, tuple[int, int]]:
    """The typical syllable count and its tolerance per kind of section, over all its sung lines."""
    counts: dict[str, list[int]] = {}
    for section in sections:
        counts.setdefault(section.kind, []).extend(
            count_syllables(line.text) for line in section.lines if not line.backing
        )
    meters = {}
    for kind, values in counts.items():
        if len(values) >= 2:
            median = round(statistics.median(values))
            meters[kind] = (median, max(2, round(median * 0.25)))
    return meters


def lint_meter(lyrics: str) -> list[MeterIssue]:
    """Sung lines more than ~25 % (at least 2 syllables) off the median of their kind of section."""
    sections = parse_sections(lyrics)
    meters = kind_meters(sections)
    issues = []
    for section_index, section in enumerate(sections):
        if section.kind not in meters:
            continue
        median, tolerance = meters[section.kind]
        low, high = max(1, median - tolerance), median + tolerance
        for line_index, line in enumerate(section.lines):
            syllables = count_syllables(line.text)
            if line.backing or low <= syllables <= high:
                continue
            direction = "long" if syllables > high else "short"
            issues.append(
                MeterIssue(
                    section_label=section.label,
                    section_index=section_index,
                    line_index=line_index,
                    syllables=syllables,
                    expected=(low, high),
                    message=f"too {direction}: {syllables} syllables where this {section.kind.replace('_', ' ')} "
                    f"sits at {low}-{high}",
                )
            )
    return issues


def section_roughness(section: Section, meters: dict[str, tuple[int, int]]) -> float:
    """How far a section's lines stray from its kind's meter (0 when every line sits at the median)."""
    if section.kind not in meters:
        return 0.0
    median = meters[section.kind][0]
    values = [count_syllables(line.text) for line in section.lines if not line.backing]
    return sum(abs(v - median) for v in values) / max(1, len(values))
