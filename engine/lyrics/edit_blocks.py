"""The song an edit works on: its sections as blocks (the source text kept for those the edit does
not touch), and how a section is read (its sung lines, meter and shape) and rebuilt with new
lines."""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass

from engine.lyrics.edit_instruction import Target
from engine.lyrics.forms import Shape
from engine.lyrics.sections import Section, format_section
from engine.lyrics.syllables import count_syllables
from engine.lyrics.writer import SongWriter, make_section

DEFAULT_COUNTS = {"verse": 4, "chorus": 4, "bridge": 4, "pre_chorus": 2, "outro": 2}
KIND_BEATS = {"bridge": "turn", "pre_chorus": "build", "build_up": "build"}


@dataclass
class Block:
    """A section being edited: its source text, and whether the edit changed it (then `text` is
    rewritten)."""

    section: Section
    text: str
    changed: bool = False


@dataclass
class EditState:
    """The song being edited and what writes its new lines."""

    blocks: list[Block]
    song: SongWriter
    rng: random.Random


def pick_blocks(blocks: list[Block], target: Target) -> list[int]:
    """Indices of the blocks a target names: one of them by ordinal, else all of that kind."""
    matching = [i for i, b in enumerate(blocks) if b.section.kind == target.kind]
    if target.ordinal is None or not matching:
        return matching
    index = target.ordinal - 1 if target.ordinal > 0 else len(matching) + target.ordinal
    return [matching[index]] if 0 <= index < len(matching) else []


def sung_lines(section: Section) -> list[str]:
    return [line.text for line in section.lines if not line.backing]


def meter_of(section: Section) -> tuple[int, int]:
    """(sung line count, typical syllables) of a section, defaults for its kind when it has no
    lines."""
    counts = [count_syllables(text) for text in sung_lines(section)]
    if not counts:
        return DEFAULT_COUNTS.get(section.kind, 4), 7
    return len(counts), round(statistics.median(counts))


def with_lines(block: Block, lines: list[str]) -> Block:
    """The block with its sung lines replaced; the tag line as written and backing lines stay."""
    old = block.section
    backing = [(i, line) for i, line in enumerate(old.lines) if line.backing]
    new = list(make_section(old.kind, lines).lines)
    for i, line in backing:
        new.insert(min(i, len(new)), line)
    section = Section(
        kind=old.kind, label=old.label, number=old.number, lines=tuple(new), tagged=old.tagged
    )
    return Block(section=section, text=format_section(section) + "\n\n", changed=True)


def new_block(kind: str, lines: list[str], number: int | None = None) -> Block:
    section = make_section(kind, lines, number)
    return Block(section=section, text=format_section(section) + "\n\n", changed=True)


def new_block_like(block: Block, lines: list[str]) -> Block:
    """The block with all its lines (backing ones too) replaced, its tag kept."""
    old = block.section
    section = Section(
        old.kind, old.label, old.number, make_section(old.kind, lines).lines, old.tagged
    )
    return Block(section=section, text=format_section(section) + "\n\n", changed=True)


def copy_block(block: Block) -> Block:
    return Block(section=block.section, text=format_section(block.section) + "\n\n", changed=True)


def shape_of(section: Section, *, syllables: int = 0) -> Shape:
    """How to write a section like this one again: its kind's beat, line count and meter."""
    count, typical = meter_of(section)
    beat = KIND_BEATS.get(section.kind, "event" if (section.number or 1) > 1 else "scene")
    if section.kind == "verse" and count >= 12:
        beat = "rap"
    tense = "past" if beat == "event" else "now"
    target = max(4, typical + syllables)
    sung = sung_lines(section)
    if count == 3 and sung[0] == sung[1]:  # a blues AAB stays one
        beat = "blues_event" if beat == "event" else "blues_scene"
        return Shape(section.kind, beat, 3, target, "AA", section.number, tense, repeat_first=True)
    scheme = "AA" if count <= 2 else "AABB"
    return Shape(section.kind, beat, count, target, scheme, section.number, tense)
