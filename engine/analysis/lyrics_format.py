"""Lyrics from timed words: lines broken at pauses, grouped under the section each line falls in."""

from __future__ import annotations

from collections.abc import Sequence

from engine.analysis.speech import Word
from engine.analysis.structure import Section

PAUSE_S = 0.6  # a breath between sung lines is longer than the gaps between words
MAX_LINE_WORDS = 10
MIN_LINE_WORDS = 3
TAGS = {
    "intro": "Intro", "verse": "Verse", "chorus": "Chorus", "bridge": "Bridge",
    "outro": "Outro", "inst": "Inst",
}  # fmt: skip
LINE_ENDS = (".", "?", "!", ",", ";")


def lines_from_words(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into sung lines: a long pause, or punctuation after a few words, ends a line."""
    lines: list[list[Word]] = []
    for word in words:
        if lines:
            line = lines[-1]
            pause_s = word.start_s - line[-1].end_s
            ended = line[-1].word.endswith(LINE_ENDS) and len(line) >= MIN_LINE_WORDS
            if pause_s < PAUSE_S and not ended and len(line) < MAX_LINE_WORDS:
                line.append(word)
                continue
        lines.append([word])
    return lines


def format_lyrics(words: Sequence[Word], sections: Sequence[Section]) -> str:
    """Lyrics in section tags ([Verse], [Chorus], ...) with one sung line per text line."""
    blocks: list[tuple[str, list[str]]] = []
    owner = None
    for line in lines_from_words(words):
        section = _section_at(sections, line[0].start_s)
        label = section.label if section and section.label in TAGS else "verse"
        if section is not owner or not blocks:
            blocks.append((TAGS[label], []))
            owner = section
        blocks[-1][1].append(line_text(line))
    return "\n\n".join(f"[{tag}]\n" + "\n".join(texts) for tag, texts in blocks)


def _section_at(sections: Sequence[Section], time_s: float) -> Section | None:
    for section in sections:
        if section.start_s <= time_s < section.end_s:
            return section
    return sections[-1] if sections and time_s >= sections[-1].start_s else None


def line_text(line: list[Word]) -> str:
    """A sung line as the lyrics write it: its words, capitalised, without closing punctuation."""
    text = " ".join(word.word for word in line).strip().rstrip(".,;:")
    return text[:1].upper() + text[1:]
