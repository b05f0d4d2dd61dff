"""When each sung word starts and ends, from the score's syllable -> note map, and synced lyrics
(LRC)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.compose.score import Score


@dataclass(frozen=True)
class WordTime:
    """A sung word as written, its line (index into `score.lyric_lines`) and its span in seconds."""

    word: str
    line_index: int
    start_s: float
    end_s: float


def word_times(score: Score) -> list[WordTime]:
    """Every sung word in order: it starts on the first note of its first syllable and ends with
    the last note of its last syllable."""
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
            words.append(WordTime(syllable.word, syllable.line_index, start, end))
            key = here
    return words


def synced_lyrics(score: Score) -> str:
    """Enhanced LRC: a `[mm:ss.xx]` time per line and a `<mm:ss.xx>` time before every word."""
    by_line: dict[int, list[WordTime]] = {}
    for word in word_times(score):
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
