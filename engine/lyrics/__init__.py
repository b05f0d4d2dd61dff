"""Lyrics: section tags, syllables, rhymes, writing and editing songs."""

from engine.lyrics.editor import edit
from engine.lyrics.meter import MeterIssue, lint_meter
from engine.lyrics.rhyme import rhymes, rhymes_for
from engine.lyrics.sections import (
    CANONICAL_KINDS,
    INSTRUMENTAL_KINDS,
    LyricLine,
    Section,
    format_sections,
    parse_sections,
)
from engine.lyrics.syllables import Syllable, count_syllables, syllabify_line
from engine.lyrics.writer import WrittenLyrics, write_full_song

__all__ = [
    "CANONICAL_KINDS",
    "INSTRUMENTAL_KINDS",
    "LyricLine",
    "MeterIssue",
    "Section",
    "Syllable",
    "WrittenLyrics",
    "count_syllables",
    "edit",
    "format_sections",
    "lint_meter",
    "parse_sections",
    "rhymes",
    "rhymes_for",
    "syllabify_line",
    "write_full_song",
]
