"""Where a comment sits in a lyric text, and where it sits in another revision of that text.

A comment is anchored to words of one line of the revision it was made on: the line (1-based),
the columns (0-based, end exclusive, in characters) and the words themselves, the quote. To show
it on another revision, the two bodies are diffed line by line: a line the diff keeps maps
directly; a line that was replaced is looked for, by its quote, in the lines that replaced it and
then in the lines added elsewhere (a moved line), nearest to where it was. Quote gone: orphaned.

Plain functions over strings; no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

MAX_QUOTE_CHARS = 500


@dataclass(frozen=True)
class Anchor:
    line_number: int  # 1-based
    start_col: int  # 0-based
    end_col: int  # exclusive
    quote: str


class AnchorError(ValueError):
    """A selection that does not name words of the text; `field` says which part is wrong."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.message, self.field = message, field


def body_lines(body: str) -> list[str]:
    """The lines of a normalised body ("\\n" newlines, a final newline), without newlines."""
    return body.split("\n")[:-1] if body.endswith("\n") else body.split("\n")


def anchor_check(
    body: str, *, line_number: int, start_col: int = 0, end_col: int = 0, quote: str | None = None
) -> Anchor:
    """The anchor of a selection on one line of `body`: an empty selection is the whole line,
    spaces around the words are left out. Raises AnchorError naming the wrong field."""
    lines = body_lines(body)
    if not 1 <= line_number <= len(lines):
        raise AnchorError(f"There is no line {line_number}.", field="line_number")
    line = lines[line_number - 1]
    if not line.strip():
        raise AnchorError("Choose a line with words on it.", field="line_number")
    if not 0 <= start_col <= end_col <= len(line):
        raise AnchorError(
            f"Line {line_number} has {len(line)} characters: choose words within them.",
            field="end_col" if start_col <= end_col else "start_col",
        )
    if quote is not None and quote != line[start_col:end_col]:
        raise AnchorError(
            f"Line {line_number} does not read “{quote[:60]}” there: was the text saved?",
            field="quote",
        )
    if not line[start_col:end_col].strip():
        start_col, end_col = 0, len(line)  # no words selected: the whole line
    words = line[start_col:end_col]
    start_col += len(words) - len(words.lstrip())
    end_col -= len(words) - len(words.rstrip())
    if end_col - start_col > MAX_QUOTE_CHARS:
        raise AnchorError(f"Choose at most {MAX_QUOTE_CHARS} characters.", field="end_col")
    return Anchor(line_number, start_col, end_col, line[start_col:end_col])


class LineMap:
    """How the lines of one body became the lines of another; built once, asked per anchor."""

    def __init__(self, old_body: str, new_body: str):
        self.old_lines, self.new_lines = body_lines(old_body), body_lines(new_body)
        self.opcodes = SequenceMatcher(
            None, self.old_lines, self.new_lines, autojunk=False
        ).get_opcodes()
        self.added = [
            j
            for tag, _, _, j1, j2 in self.opcodes
            if tag in ("replace", "insert")
            for j in range(j1, j2)
        ]

    def follow(self, anchor: Anchor) -> Anchor | None:
        """The anchor on the new body, or None when its words are gone (orphaned)."""
        old = anchor.line_number - 1
        for tag, i1, i2, j1, j2 in self.opcodes:
            if i1 <= old < i2:
                # Where the line would be had nothing around it moved: the place to search near.
                expected = j1 + min(old - i1, max(j2 - j1 - 1, 0))
                if tag == "equal":
                    return replace(anchor, line_number=expected + 1)
                return self._find(anchor, range(j1, j2), expected) or self._find(
                    anchor, self.added, expected
                )
        return None

    def _find(self, anchor: Anchor, candidates: Iterable[int], expected: int) -> Anchor | None:
        if not anchor.quote:
            return None
        best: tuple[int, int, int, int] | None = None  # (line distance, column distance, j, col)
        for j in candidates:
            line, col = self.new_lines[j], self.new_lines[j].find(anchor.quote)
            while col != -1:
                here = (abs(j - expected), abs(col - anchor.start_col), j, col)
                best = here if best is None or here < best else best
                col = line.find(anchor.quote, col + 1)
        if best is None:
            return None
        _, _, j, col = best
        return Anchor(j + 1, col, col + len(anchor.quote), anchor.quote)


def anchor_follow(anchor: Anchor, old_body: str, new_body: str) -> Anchor | None:
    """`anchor`, made on `old_body`, on `new_body`; None when its words are gone."""
    return LineMap(old_body, new_body).follow(anchor)


def first_body_without(
    anchor: Anchor, origin_body: str, later: Iterable[tuple[int, str]]
) -> int | None:
    """The number of the first of the `later` (number, body) pairs, in order, that no longer
    holds the anchor's words: since when a comment is orphaned. None if all hold them."""
    for number, body in later:
        if anchor_follow(anchor, origin_body, body) is None:
            return number
    return None
