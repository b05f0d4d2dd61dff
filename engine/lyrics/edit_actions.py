"""The actions an edit instruction can ask for (add, remove, rewrite, shorter, longer, continue,
theme), each acting on the song's blocks in place; `editor.edit` runs the one asked for."""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass

from engine.lyrics import templates as tpl
from engine.lyrics.edit_instruction import Instruction, Target
from engine.lyrics.lexicon import Theme
from engine.lyrics.lines import LineWriter, write_lines
from engine.lyrics.meter import kind_meters, section_roughness
from engine.lyrics.rhyme import rhymes
from engine.lyrics.sections import Section, format_section
from engine.lyrics.syllables import count_syllables
from engine.lyrics.writer import (
    chorus_lines,
    make_hook,
    make_section,
    outro_lines,
    section_lines,
)

_DEFAULT_COUNTS = {"verse": 4, "chorus": 4, "bridge": 4, "pre_chorus": 2, "outro": 2}


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
    writer: LineWriter
    rng: random.Random
    theme: Theme


def _pick(blocks: list[Block], target: Target) -> list[int]:
    """Indices of the blocks a target names: one of them by ordinal, else all of that kind."""
    matching = [i for i, b in enumerate(blocks) if b.section.kind == target.kind]
    if target.ordinal is None or not matching:
        return matching
    index = target.ordinal - 1 if target.ordinal > 0 else len(matching) + target.ordinal
    return [matching[index]] if 0 <= index < len(matching) else []


def _meter(section: Section) -> tuple[int, int]:
    """(sung line count, typical syllables) of a section, defaults for its kind when it has no
    lines."""
    counts = [count_syllables(line.text) for line in section.lines if not line.backing]
    if not counts:
        return _DEFAULT_COUNTS.get(section.kind, 4), 7
    return len(counts), round(statistics.median(counts))


def _with_lines(block: Block, lines: list[str]) -> Block:
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


def _new_block(kind: str, lines: list[str], number: int | None = None) -> Block:
    section = make_section(kind, lines, number)
    return Block(section=section, text=format_section(section) + "\n\n", changed=True)


def _copy(block: Block) -> Block:
    return Block(section=block.section, text=format_section(block.section) + "\n\n", changed=True)


def _rewrite_chorus(state: EditState, indices: list[int], keep_hook: bool) -> None:
    first = state.blocks[indices[0]].section
    count, _ = _meter(first)
    sung = [line.text for line in first.lines if not line.backing]
    hook = sung[0] if keep_hook and sung else make_hook(state.writer, state.theme, state.rng)
    lines, _ = chorus_lines(state.writer, hook, state.rng, count=max(2, count))
    for i in indices:
        state.blocks[i] = _with_lines(state.blocks[i], lines)


def _rewrite(state: EditState, order: Instruction) -> None:
    for target in order.targets[:1]:
        indices = _pick(state.blocks, target)
        if not indices and target.ordinal is None:  # "write a new bridge" for a song without one
            _add(state, order)
            return
        if target.kind == "chorus" and indices:
            _rewrite_chorus(state, indices, keep_hook=not order.topic)
            continue
        for i in indices:
            block = state.blocks[i]
            if block.section.is_instrumental:
                continue
            count, target_syllables = _meter(block.section)
            lines = section_lines(
                block.section.kind, state.writer, state.rng, count=count, target=target_syllables
            )
            state.blocks[i] = _with_lines(block, lines)


def _remove(state: EditState, order: Instruction) -> None:
    doomed = {i for target in order.targets for i in _pick(state.blocks, target)}
    kept = [b for i, b in enumerate(state.blocks) if i not in doomed]
    if kept:  # removing every section would leave no song: keep it as it was
        state.blocks[:] = kept


def _shorter(state: EditState, order: Instruction) -> None:
    for target in order.targets[:1]:
        indices = _pick(state.blocks, target)
        if not indices:
            continue
        sung = [line.text for line in state.blocks[indices[0]].section.lines if not line.backing]
        if len(sung) <= 1:
            continue
        keep = _shorter_lines(state, sung)
        for i in indices if target.kind == "chorus" else indices[:1]:
            state.blocks[i] = _with_lines(state.blocks[i], keep)


def _shorter_lines(state: EditState, sung: list[str]) -> list[str]:
    """Half the lines, still rhyming: the first line and its rhyme, else a new rhyme for the first
    line."""
    if len(sung) <= 2:
        return sung[:1]
    partner = next((j for j in range(1, len(sung)) if rhymes(sung[0], sung[j])), None)
    if partner is not None:
        return [sung[0], sung[partner]]
    if state.writer.partners(sung[0], reuse=True):
        syllables = count_syllables(sung[0])
        return write_lines(
            state.writer, _templates_for("chorus"), 2, syllables, "AABB", {0: sung[0]}
        )
    pair = next(
        (
            (i, j)
            for i in range(len(sung))
            for j in range(i + 1, len(sung))
            if rhymes(sung[i], sung[j])
        ),
        None,
    )
    return [sung[0], sung[pair[0]], sung[pair[1]]] if pair and pair[0] > 0 else sung[:2]


def _longer(state: EditState, order: Instruction) -> None:
    for target in order.targets[:1]:
        indices = _pick(state.blocks, target)
        if not indices:
            continue
        count, syllables = _meter(state.blocks[indices[0]].section)
        sung = [line.text for line in state.blocks[indices[0]].section.lines if not line.backing]
        extra = write_lines(state.writer, _templates_for(target.kind), 2, syllables, "AABB")
        for i in indices if target.kind == "chorus" else indices[:1]:
            state.blocks[i] = _with_lines(state.blocks[i], sung + extra)


def _templates_for(kind: str) -> tuple[str, ...]:
    return {"chorus": tpl.CHORUS, "bridge": tpl.BRIDGE, "pre_chorus": tpl.PRE_CHORUS}.get(
        kind, ()
    ) + tpl.VERSE


def _chorus_block(state: EditState) -> Block:
    existing = [b for b in state.blocks if b.section.kind == "chorus" and b.section.lines]
    if existing:
        return _copy(existing[0])
    hook = make_hook(state.writer, state.theme, state.rng)
    lines, _ = chorus_lines(state.writer, hook, state.rng)
    return _new_block("chorus", lines)


def _next_verse_number(blocks: list[Block]) -> int | None:
    numbers = [b.section.number for b in blocks if b.section.kind == "verse" and b.section.number]
    return max(numbers) + 1 if numbers else None


def _verse_block(state: EditState) -> Block:
    verses = [b.section for b in state.blocks if b.section.kind == "verse" and b.section.lines]
    count, syllables = _meter(verses[0]) if verses else (4, 8)
    lines = section_lines("verse", state.writer, state.rng, count=count, target=syllables)
    return _new_block("verse", lines, _next_verse_number(state.blocks))


def _outro_block(state: EditState) -> Block:
    chorus = [b.section for b in state.blocks if b.section.kind == "chorus" and b.section.lines]
    if chorus:
        sung = [line.text for line in chorus[0].lines if not line.backing]
        scheme = "XAXA" if len(sung) >= 4 and sung[0] == sung[2] else "AABB"
        return _new_block("outro", outro_lines(state.writer, sung, scheme))
    return _new_block("outro", section_lines("outro", state.writer, state.rng, count=2))


def _make_block(state: EditState, kind: str) -> Block:
    if kind == "chorus":
        return _chorus_block(state)
    if kind == "verse":
        return _verse_block(state)
    if kind == "outro":
        return _outro_block(state)
    if kind in ("intro", "interlude", "transition", "break", "inst", "solo"):
        return _new_block(kind, [])
    existing = [b for b in state.blocks if b.section.kind == kind and b.section.lines]
    if existing and kind == "pre_chorus":
        return _copy(existing[0])
    return _new_block(kind, section_lines(kind, state.writer, state.rng))


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
                state.blocks.insert(i, _copy(new))
        if not any(b.section.kind == "pre_chorus" for b in state.blocks):
            state.blocks.append(new)
        return
    state.blocks.insert(_insert_at(state.blocks, kind), _make_block(state, kind))


def _complete_last(state: EditState) -> None:
    """Fill an unfinished last section up to its kind's usual length, rhyming with the lines it has."""
    block = state.blocks[-1]
    kind = block.section.kind
    sung = [line.text for line in block.section.lines if not line.backing]
    want = _DEFAULT_COUNTS.get(kind, 4)
    if not sung or len(sung) >= want or kind not in _DEFAULT_COUNTS:
        return
    syllables = round(statistics.median(count_syllables(s) for s in sung))
    if len(sung) >= 2 and rhymes(sung[0], sung[1]):
        scheme = "AABB"
    elif len(sung) >= 3 and rhymes(sung[0], sung[2]):
        scheme = "ABAB"
    else:
        scheme = "XAXA" if len(sung) >= 2 else "AABB"
    fixed = dict(enumerate(sung))
    lines = write_lines(state.writer, _templates_for(kind), want, syllables, scheme, fixed)
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
        section = block.section
        if (
            i in chorus
            or section.is_instrumental
            or not any(not line.backing for line in section.lines)
        ):
            continue
        if section.kind == "outro" and new_chorus is not None:
            sung = [line.text for line in new_chorus.lines if not line.backing]
            scheme = "XAXA" if len(sung) >= 4 and sung[0] == sung[2] else "AABB"
            state.blocks[i] = _with_lines(block, outro_lines(state.writer, sung, scheme)[:2])
            continue
        count, syllables = _meter(section)
        lines = section_lines(section.kind, state.writer, state.rng, count=count, target=syllables)
        state.blocks[i] = _with_lines(block, lines)


def _default(state: EditState, order: Instruction) -> None:
    """Rewrite the section that scans worst (the first verse when all scan alike)."""
    sections = [b.section for b in state.blocks]
    meters = kind_meters(sections)
    candidates = [
        i
        for i, s in enumerate(sections)
        if s.kind != "chorus" and any(not ln.backing for ln in s.lines)
    ]
    if not candidates:
        candidates = [i for i, s in enumerate(sections) if s.lines]
    if not candidates:
        return
    worst = max(candidates, key=lambda i: (section_roughness(sections[i], meters), -i))
    section = sections[worst]
    if section.kind == "chorus":
        _rewrite_chorus(
            state, [i for i, s in enumerate(sections) if s.kind == "chorus"], keep_hook=True
        )
        return
    count, syllables = _meter(section)
    lines = section_lines(section.kind, state.writer, state.rng, count=count, target=syllables)
    state.blocks[worst] = _with_lines(state.blocks[worst], lines)


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
    "default": _default,
}
