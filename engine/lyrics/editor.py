"""Editing lyrics by instruction: `edit_instruction` reads what is asked, `edit_actions` does it.
Every section the instruction does not touch is kept byte-identical."""

from __future__ import annotations

import re

from engine.contract import MAX_LYRICS_CHARS
from engine.errors import invalid_params
from engine.lyrics.edit_actions import ACTIONS
from engine.lyrics.edit_blocks import Block, EditState
from engine.lyrics.edit_instruction import read_instruction
from engine.lyrics.lexicon import style_tags, theme_from_text
from engine.lyrics.sections import Section, split_blocks
from engine.lyrics.story import read_story
from engine.lyrics.vocabulary import lexicon
from engine.lyrics.writer import SongWriter, WrittenLyrics, seeded_rng, title_from_hook


def edit(
    lyrics: str, instruction: str, *, title: str | None = None, seed: int = 0
) -> WrittenLyrics:
    """Apply an instruction ("add a bridge", "make it about winter", "continue", ...) to tagged
    lyrics. The lyrics and the instruction are trusted (`engine.contract.LyricsRequest` checks them
    at the edge); an edit whose result would be over the contract's limit is a 2013 error."""
    lyrics, instruction = lyrics or "", instruction or ""  # callers may pass None for "absent"
    rng = seeded_rng(seed, lyrics, instruction, title)
    order = read_instruction(instruction)
    sung = _sung_text(lyrics)
    song_theme = theme_from_text(sung, rng, own_words=False)
    theme, about = song_theme, sung
    if order.topic:  # new lines on the topic alone: "about the sea" means the sea
        theme = theme_from_text(order.topic, rng)
        about = order.topic
    tags = style_tags(instruction + " " + order.topic, theme, rng)
    song = SongWriter(read_story(about, theme, tags, rng), rng)
    if order.topic:  # lines "about winter" name the setting's wintry things, not its door
        song.topic = frozenset(
            n.word for n in song.story.setting.field if n.scenes & set(theme.clusters[:1])
        )
    # New lines neither end on a word the song rhymes on nor name an image it already has.
    song.used_ends.update(
        w.lower() for w in re.findall(r"[A-Za-z']+(?=\s*$)", lyrics, re.MULTILINE)
    )
    words = set(re.findall(r"[a-z]+(?: [a-z]+)?", sung.lower()))
    song.maker.avoid.update(n for n in lexicon().nouns if n in words or n in sung.lower().split())
    state = EditState(
        blocks=[Block(b.section, b.text) for b in split_blocks(lyrics)], song=song, rng=rng
    )
    ACTIONS[order.action](state, order)
    text = _join(state.blocks, lyrics, "\r\n" if "\r\n" in lyrics else "\n")
    if len(text) > MAX_LYRICS_CHARS:
        raise invalid_params(f"lyrics: the edited song would be over {MAX_LYRICS_CHARS} characters")
    sections = [block.section for block in state.blocks]
    return WrittenLyrics(
        song_title=title if title is not None else _title_of(sections),
        style_tags=tags,
        lyrics=text,
    )


def _sung_text(lyrics: str) -> str:
    return " ".join(line for line in lyrics.splitlines() if not line.strip().startswith("["))


def _title_of(sections: list[Section]) -> str:
    sung = [s for s in sections if s.kind == "chorus" and s.lines] or [
        s for s in sections if s.lines
    ]
    return title_from_hook(sung[0].lines[0].text.strip("()")) if sung else "Untitled"


def _join(blocks: list[Block], original: str, newline: str) -> str:
    """Blocks back to text in the original's line endings; separators change only next to an edited
    block."""
    parts = []
    for i, block in enumerate(blocks):
        text = block.text.replace("\n", newline) if block.changed else block.text
        last = i == len(blocks) - 1
        if last:  # the song ends as the original did
            text = text.rstrip("\r\n") + (newline if original.endswith("\n") else "")
        elif (block.changed or blocks[i + 1].changed) and not text.endswith(newline * 2):
            text = text.rstrip("\r\n") + newline * 2
        parts.append(text)
    return "".join(parts)
