"""The actions an edit instruction can ask for (add, remove, rewrite, shorter, longer, continue,
theme, line length, internal rhyme), each acting on the song's blocks in place; `editor.edit`
runs the one asked for."""

from __future__ import annotations

import statistics

from engine.lyrics.edit_blocks import (
    DEFAULT_COUNTS,
    KIND_BEATS,
    Block,
    EditState,
    copy_block,
    meter_of,
    new_block,
    new_block_like,
    pick_blocks,
    shape_of,
    sung_lines,
    with_lines,
)
from engine.lyrics.edit_instruction import Instruction, Target
from engine.lyrics.forms import Shape
from engine.lyrics.meter import kind_meters, section_roughness
from engine.lyrics.rhyme import NEAR, rhyme_score, rhymes
from engine.lyrics.sections import Section
from engine.lyrics.stanza import Wishes
from engine.lyrics.syllables import count_syllables
from engine.lyrics.writer import make_section, outro_lines, post_chorus_lines

_ASKED_INTERNAL = 3.0  # "more internal rhyme": an internal rhyme outweighs a syllable of meter


def _rewrite_section(
    state: EditState, index: int, *, speaker: str = "i", syllables: int = 0, internal: float = 0.0
) -> None:
    block = state.blocks[index]
    if block.section.is_instrumental or not sung_lines(block.section):
        return
    if block.section.kind in ("chorus", "post_chorus", "hook", "outro"):
        return
    shape = shape_of(block.section, syllables=syllables)
    voice = state.song.voice(shape.tense if shape.beat != "turn" else "next", speaker=speaker)
    wishes = Wishes(internal=internal or (0.8 if shape.beat.startswith("rap") else 0.0))
    state.blocks[index] = with_lines(block, state.song.verse(shape, voice=voice, wishes=wishes))


def _rewrite_chorus(
    state: EditState, indices: list[int], *, keep_hook: bool, mood: str = ""
) -> None:
    first = state.blocks[indices[0]].section
    count, _ = meter_of(first)
    sung = sung_lines(first)
    if keep_hook and sung:
        lines = state.song.chorus(sung[0], max(2, count), mood=mood or None)
    else:
        _, lines = state.song.new_chorus(max(2, count))
    for i in indices:
        state.blocks[i] = with_lines(state.blocks[i], lines)


def _rewrite(state: EditState, order: Instruction) -> None:
    for target in order.targets[:1]:
        indices = pick_blocks(state.blocks, target)
        if not indices and target.ordinal is None:  # "write a new bridge" for a song without one
            _add(state, order)
            return
        if target.kind == "chorus" and indices:
            _rewrite_chorus(state, indices, keep_hook=not order.topic, mood=order.mood)
            continue
        for i in indices:
            _rewrite_section(state, i, speaker=order.speaker or "i")


def _line_length(state: EditState, order: Instruction) -> None:
    """Every sung section (or the named ones) rewritten a few syllables shorter or longer a line;
    the choruses keep their hook."""
    indices = (
        sorted({i for target in order.targets for i in pick_blocks(state.blocks, target)})
        if order.targets
        else range(len(state.blocks))
    )
    choruses = [i for i in indices if state.blocks[i].section.kind == "chorus"]
    for i in indices:
        _rewrite_section(state, i, syllables=order.syllables)
    if choruses:
        first = state.blocks[choruses[0]].section
        hook = sung_lines(first)[0] if sung_lines(first) else state.song.hook()
        count, _ = meter_of(first)
        lines = state.song.chorus(
            hook, max(2, count), syllables=meter_of(first)[1] + order.syllables
        )
        for i in choruses:
            state.blocks[i] = with_lines(state.blocks[i], lines)


def _internal_rhyme(state: EditState, order: Instruction) -> None:
    """The verses (or the named sections) rewritten to favour rhymes inside their lines."""
    targets = order.targets or (Target("verse", None),)
    for i in sorted({i for target in targets for i in pick_blocks(state.blocks, target)}):
        _rewrite_section(state, i, internal=_ASKED_INTERNAL)


def _remove(state: EditState, order: Instruction) -> None:
    doomed = {i for target in order.targets for i in pick_blocks(state.blocks, target)}
    kept = [b for i, b in enumerate(state.blocks) if i not in doomed]
    if kept:  # removing every section would leave no song: keep it as it was
        state.blocks[:] = kept


def _shorter(state: EditState, order: Instruction) -> None:
    for target in order.targets[:1]:
        indices = pick_blocks(state.blocks, target)
        if not indices:
            continue
        sung = sung_lines(state.blocks[indices[0]].section)
        if len(sung) <= 1:
            continue
        keep = _shorter_lines(state, sung)
        for i in indices if target.kind == "chorus" else indices[:1]:
            state.blocks[i] = with_lines(state.blocks[i], keep)


def _shorter_lines(state: EditState, sung: list[str]) -> list[str]:
    """Half the lines, still rhyming: the first line and its rhyme, else a new rhyme for it."""
    if len(sung) <= 2:
        return sung[:1]
    # Near rhymes count, as they do when the chorus is written ("doorway", "gray").
    partner = next((j for j in range(1, len(sung)) if rhyme_score(sung[0], sung[j]) >= NEAR), None)
    if partner is not None:
        return [sung[0], sung[partner]]
    return state.song.chorus(sung[0], 2)


def _longer(state: EditState, order: Instruction) -> None:
    for target in order.targets[:1]:
        indices = pick_blocks(state.blocks, target)
        if not indices:
            continue
        section = state.blocks[indices[0]].section
        shape = shape_of(section)
        extra = state.song.lines(
            shape.beat, [shape.syllables] * 2, "AA", state.song.voice(shape.tense)
        )
        for i in indices if target.kind == "chorus" else indices[:1]:
            state.blocks[i] = with_lines(state.blocks[i], sung_lines(section) + extra)


def _chorus_block(state: EditState) -> Block:
    existing = [b for b in state.blocks if b.section.kind == "chorus" and b.section.lines]
    if existing:
        return copy_block(existing[0])
    return new_block("chorus", state.song.new_chorus()[1])


def _next_verse_number(blocks: list[Block]) -> int | None:
    numbers = [b.section.number for b in blocks if b.section.kind == "verse" and b.section.number]
    return max(numbers) + 1 if numbers else None


def _verse_block(state: EditState) -> Block:
    verses = [b.section for b in state.blocks if b.section.kind == "verse" and b.section.lines]
    count, syllables = meter_of(verses[0]) if verses else (4, 8)
    number = _next_verse_number(state.blocks)
    beat = "rap" if count >= 12 else ("event" if verses else "scene")
    shape = Shape("verse", beat, count, syllables, "AABB", number, "past" if verses else "now")
    return new_block("verse", state.song.verse(shape), number)


def _outro_block(state: EditState) -> Block:
    chorus = [b.section for b in state.blocks if b.section.kind == "chorus" and b.section.lines]
    if chorus:
        return new_block("outro", outro_lines(sung_lines(chorus[0])))
    return new_block("outro", state.song.verse(Shape("outro", "chorus", 2, 7, "AA")))


def _make_block(state: EditState, kind: str) -> Block:
    if kind == "chorus":
        return _chorus_block(state)
    if kind == "verse":
        return _verse_block(state)
    if kind == "outro":
        return _outro_block(state)
    if kind in ("intro", "interlude", "transition", "break", "inst", "solo"):
        return new_block(kind, [])
    existing = [b for b in state.blocks if b.section.kind == kind and b.section.lines]
    if existing and kind == "pre_chorus":
        return copy_block(existing[0])
    count = DEFAULT_COUNTS.get(kind, 4)
    beat = KIND_BEATS.get(kind, "chorus" if kind in ("hook", "post_chorus") else "scene")
    shape = Shape(kind, beat, count, 6 if count <= 2 else 8, "AA" if count <= 2 else "AABB")
    return new_block(kind, state.song.verse(shape))


def _insert_at(blocks: list[Block], kind: str) -> int:
    """Where a new section of `kind` goes: intro first, outro last, a bridge or solo before the last
    chorus."""
    kinds = [b.section.kind for b in blocks]
    end = len(kinds) - 1 if kinds and kinds[-1] == "outro" else len(kinds)
    if kind == "intro":
        return 0
    if (
        kind in ("bridge", "solo", "inst", "interlude", "break", "build_up")
        and "chorus" in kinds[:end]
    ):
        return max(i for i, k in enumerate(kinds[:end]) if k == "chorus")
    if kind == "verse" and "verse" in kinds:
        last_verse = max(i for i, k in enumerate(kinds) if k == "verse")
        after = [i for i in range(last_verse + 1, end) if kinds[i] == "chorus"]
        return (after[0] + 1) if after else last_verse + 1
    return end if kind != "outro" else len(kinds)


def _add(state: EditState, order: Instruction) -> None:
    kind = order.targets[0].kind
    if kind == "pre_chorus":
        new = _make_block(state, kind)
        for i in reversed([i for i, b in enumerate(state.blocks) if b.section.kind == "chorus"]):
            if i == 0 or state.blocks[i - 1].section.kind != "pre_chorus":
                state.blocks.insert(i, copy_block(new))
        if not any(b.section.kind == "pre_chorus" for b in state.blocks):
            state.blocks.append(new)
        return
    state.blocks.insert(_insert_at(state.blocks, kind), _make_block(state, kind))


def _complete_last(state: EditState) -> None:
    """Fill an unfinished last section up to its kind's usual length, rhyming with the lines it
    has."""
    block = state.blocks[-1]
    kind = block.section.kind
    sung = sung_lines(block.section)
    want = DEFAULT_COUNTS.get(kind, 4)
    if not sung or len(sung) >= want or kind not in DEFAULT_COUNTS:
        return
    syllables = round(statistics.median(count_syllables(s) for s in sung))
    if len(sung) >= 2 and rhymes(sung[0], sung[1]):
        scheme = "AABB"
    elif len(sung) >= 3 and rhymes(sung[0], sung[2]):
        scheme = "ABAB"
    else:
        scheme = "XAXA" if len(sung) >= 2 else "AABB"
    beat = "chorus" if kind in ("chorus", "outro") else KIND_BEATS.get(kind, "scene")
    lines = state.song.lines(
        beat, [syllables] * want, scheme, state.song.voice("now"), fixed=dict(enumerate(sung))
    )
    extra = "\n".join(lines[len(sung) :])
    # _join restores the original line endings.
    body = block.text.rstrip("\r\n").replace("\r\n", "\n")
    state.blocks[-1] = Block(
        section=Section(
            kind=kind,
            label=block.section.label,
            number=block.section.number,
            lines=block.section.lines + make_section(kind, lines[len(sung) :]).lines,
            tagged=block.section.tagged,
        ),
        text=f"{body}\n{extra}\n\n",
        changed=True,
    )


def _continue(state: EditState, order: Instruction) -> None:
    _complete_last(state)
    kinds = [b.section.kind for b in state.blocks]
    plan: list[str] = []
    if kinds[-1] in ("verse", "pre_chorus"):
        plan.append("chorus")
    if kinds.count("verse") < 2:
        plan += ["verse", "chorus"]
    if "bridge" not in kinds:
        plan += ["bridge", "chorus"]
    if "outro" not in kinds:
        plan.append("outro")
    has_pre = "pre_chorus" in kinds
    for kind in plan:
        if kind == "chorus" and has_pre and state.blocks[-1].section.kind == "verse":
            state.blocks.append(_make_block(state, "pre_chorus"))
        state.blocks.append(_make_block(state, kind))


def _shorter_song(state: EditState, order: Instruction) -> None:
    """Drop one section: a third verse, else the pre choruses, else the bridge, else halve the
    choruses."""
    kinds = [b.section.kind for b in state.blocks]
    if kinds.count("verse") > 2:
        doomed = {max(i for i, k in enumerate(kinds) if k == "verse")}
    elif "pre_chorus" in kinds:
        doomed = {i for i, k in enumerate(kinds) if k == "pre_chorus"}
    elif "bridge" in kinds:
        doomed = {kinds.index("bridge")}
    else:
        _shorter(state, Instruction(action="shorter", targets=(Target("chorus", None),), topic=""))
        return
    state.blocks[:] = [b for i, b in enumerate(state.blocks) if i not in doomed]


def _longer_song(state: EditState, order: Instruction) -> None:
    """Add what an unfinished song lacks; a finished one gets another verse."""
    before = len(state.blocks)
    _continue(state, order)
    if len(state.blocks) == before and not state.blocks[-1].changed:
        at = _insert_at(state.blocks, "verse")
        state.blocks.insert(at, _make_block(state, "verse"))
        if any(b.section.kind == "chorus" and b.section.lines for b in state.blocks):
            state.blocks.insert(at + 1, _chorus_block(state))


def _theme(state: EditState, order: Instruction) -> None:
    chorus = [
        i for i, b in enumerate(state.blocks) if b.section.kind == "chorus" and b.section.lines
    ]
    if chorus:
        _rewrite_chorus(state, chorus, keep_hook=False)
    new_chorus = state.blocks[chorus[0]].section if chorus else None
    for i, block in enumerate(state.blocks):
        if i in chorus:
            continue
        if block.section.kind == "outro" and new_chorus is not None and sung_lines(block.section):
            state.blocks[i] = new_block_like(block, outro_lines(sung_lines(new_chorus)))
            continue
        if block.section.kind == "post_chorus" and new_chorus is not None:
            hook = sung_lines(new_chorus)[0]
            state.blocks[i] = new_block_like(block, post_chorus_lines(hook))
            continue
        _rewrite_section(state, i)


def _default(state: EditState, order: Instruction) -> None:
    """Rewrite the section that scans worst (the first verse when all scan alike)."""
    sections = [b.section for b in state.blocks]
    meters = kind_meters(sections)
    candidates = [i for i, s in enumerate(sections) if s.kind != "chorus" and sung_lines(s)]
    if not candidates:
        chorus = [i for i, s in enumerate(sections) if s.kind == "chorus" and sung_lines(s)]
        if chorus:
            _rewrite_chorus(state, chorus, keep_hook=True)
        return
    worst = max(candidates, key=lambda i: (section_roughness(sections[i], meters), -i))
    _rewrite_section(state, worst)


ACTIONS = {
    "add": _add,
    "remove": _remove,
    "rewrite": _rewrite,
    "shorter": _shorter,
    "longer": _longer,
    "shorter_song": _shorter_song,
    "longer_song": _longer_song,
    "continue": _continue,
    "theme": _theme,
    "line_length": _line_length,
    "internal_rhyme": _internal_rhyme,
    "default": _default,
}
