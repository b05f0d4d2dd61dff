"""When each sung word starts and ends, from the score's syllable -> note map, and synced lyrics
(LRC)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from engine.compose.score import Score


@dataclass(frozen=True)
class WordTime:
    """A sung word as written, its line (index into `score.lyric_lines`) and its span in seconds."""

    word: str
    line_index: int
    start_s: float
    end_s: float


def word_times(
    score: Score, sung_starts: Mapping[tuple[int, int], float] | None = None
) -> list[WordTime]:
    """Every sung word in order: it starts where the voice begins to sing it (`sung_starts`, by
    line and word index, when the voice has said; else on the first note of its first syllable)
    and ends with the last note of its last syllable."""
    sung_starts = sung_starts or {}
    lead = score.lead_track
    if lead is None:
        return []
    words: list[WordTime] = []
    key: tuple[int, int] | None = None
    for syllable in score.syllables:
        notes = [lead.notes[i] for i in syllable.note_indices if i < len(lead.notes)]
        if not notes:
            continue
        start, end = notes[0].start_s, max(n.end_s for n in notes)
        here = (syllable.line_index, syllable.word_index)
        if here == key:
            last = words[-1]
            words[-1] = WordTime(last.word, last.line_index, last.start_s, max(last.end_s, end))
        else:
            start = min(sung_starts.get(here, start), start)
            words.append(WordTime(syllable.word, syllable.line_index, start, end))
            key = here
    return words


def synced_lyrics(score: Score, sung_starts: Mapping[tuple[int, int], float] | None = None) -> str:
    """Enhanced LRC: a `[mm:ss.xx]` time per line and a `<mm:ss.xx>` time before every word (see
    `word_times` for `sung_starts`)."""
    by_line: dict[int, list[WordTime]] = {}
    for word in word_times(score, sung_starts):
        by_line.setdefault(word.line_index, []).append(word)
    rows = []
    for line_index, words in sorted(by_line.items()):
        text = score.lyric_lines[line_index] if line_index < len(score.lyric_lines) else ""
        rows.append(f"[{_stamp(words[0].start_s)}]{_timed_line(text, words)}")
    return "\n".join(rows) + ("\n" if rows else "")


def _timed_line(text: str, words: list[WordTime]) -> str:
    """The line as written, a word time inserted where each sung word begins (punctuation kept)."""
    out: list[str] = []
    position = 0
    for word in words:
        found = text.find(word.word, position)
        if found < 0:  # written differently from how it was sung: add it at the end
            out.append(f"{text[position:]} <{_stamp(word.start_s)}>{word.word}")
            position = len(text)
            continue
        out.append(f"{text[position:found]}<{_stamp(word.start_s)}>{word.word}")
        position = found + len(word.word)
    out.append(f"{text[position:]}<{_stamp(words[-1].end_s)}>")
    return "".join(out)


def _stamp(seconds: float) -> str:
    centiseconds = max(0, int(round(seconds * 100)))
    minutes, rest = divmod(centiseconds, 6000)
    return f"{minutes:02d}:{rest // 100:02d}.{rest % 100:02d}"


@dataclass(frozen=True)
class SyncedLine:
    """A line of synced lyrics: its text, its span, and each word's span where the LRC has them
    (a plain LRC line has none: the line is highlighted whole)."""

    text: str
    start_s: float
    end_s: float | None
    words: tuple[WordTime, ...] = ()


_LINE_STAMP = re.compile(r"^\[(\d+):(\d{1,2}(?:\.\d+)?)\]")
_WORD_STAMP = re.compile(r"<(\d+):(\d{1,2}(?:\.\d+)?)>")


def read_synced_lyrics(lrc: str) -> list[SyncedLine]:
    """The lines of an LRC file (plain or enhanced, as `synced_lyrics` writes it) in time order;
    tags (`[ar:...]`) and untimed lines are left out. A line ends where its last word stamp or
    the next line begins."""
    lines: list[SyncedLine] = []
    for index, row in enumerate(lrc.splitlines()):
        stamp = _LINE_STAMP.match(row.strip())
        if stamp is None:
            continue
        start_s = _seconds(stamp)
        body = row.strip()[stamp.end() :]
        pieces = _WORD_STAMP.split(body)  # text, minutes, seconds, text, minutes, seconds, ...
        text = "".join(pieces[0::3]).strip()
        stamps = [float(m) * 60 + float(s) for m, s in zip(pieces[1::3], pieces[2::3], strict=True)]
        spoken = [piece.strip() for piece in pieces[3::3]]
        words = tuple(
            WordTime(word, index, begin, end)
            for word, begin, end in zip(spoken, stamps, stamps[1:], strict=False)
            if word
        )
        lines.append(SyncedLine(text, start_s, stamps[-1] if words else None, words))
    lines.sort(key=lambda line: line.start_s)
    return [
        line if line.end_s is not None or following is None else _ending(line, following.start_s)
        for line, following in zip(lines, [*lines[1:], None], strict=True)
    ]


def _ending(line: SyncedLine, end_s: float) -> SyncedLine:
    return SyncedLine(line.text, line.start_s, end_s, line.words)


def _seconds(stamp: re.Match) -> float:
    return float(stamp.group(1)) * 60 + float(stamp.group(2))
