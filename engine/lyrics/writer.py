"""Writing a complete song from a theme: structure, hook, sections that scan and rhyme, title, style
tags."""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass

from engine.contract import MAX_LYRICS_CHARS
from engine.lyrics import templates as tpl
from engine.lyrics.lexicon import Theme, style_tags, theme_from_text
from engine.lyrics.lines import SCHEMES, LineWriter, write_lines
from engine.lyrics.sections import LyricLine, Section, format_sections, label_for
from engine.lyrics.syllables import WORDS, count_syllables

HOOK_SYLLABLES = (5, 8)
_SMALL_WORDS = frozenset(WORDS["title_small_words"])
_LEAD_INS = re.compile(r"^(oh,?|and|so|now|yeah,?)\s+", re.IGNORECASE)


# Per kind: the templates its lines come from, its usual line count, the syllable targets it draws
# from.
_SECTION_SHAPES: dict[str, tuple[tuple[str, ...], int, tuple[int, ...]]] = {
    "verse": (tpl.VERSE, 4, (7, 8, 9)),
    "pre_chorus": (tpl.PRE_CHORUS + tpl.VERSE[::2], 2, (6, 7)),
    "build_up": (tpl.PRE_CHORUS + tpl.VERSE[::2], 2, (6, 7)),
    "bridge": (tpl.BRIDGE + tpl.VERSE[1::2], 4, (6, 7, 8, 9)),
    "chorus": (tpl.CHORUS + tpl.VERSE[::3], 4, (6, 7)),
    "hook": (tpl.CHORUS + tpl.VERSE[::3], 4, (6, 7)),
    "post_chorus": (tpl.CHORUS + tpl.VERSE[::3], 2, (5, 6)),
    "outro": (tpl.CHORUS + tpl.VERSE[::3], 2, (6, 7)),
}


@dataclass(frozen=True)
class WrittenLyrics:
    """What the lyrics generator returns: a title, style tags usable as a music prompt, tagged
    lyrics."""

    song_title: str
    style_tags: str
    lyrics: str


def seeded_rng(seed: int, *parts: str | None) -> random.Random:
    """A generator that depends only on the seed and the texts (Python's str hash is salted per
    process)."""
    material = "\x00".join([str(seed), *(part or "" for part in parts)])
    return random.Random(
        int.from_bytes(hashlib.sha256(material.encode("utf-8")).digest()[:8], "big")
    )


def title_from_hook(hook: str) -> str:
    """A song title from the hook line: lead-ins dropped, title case with small words lower."""
    core = _LEAD_INS.sub("", hook.strip()).strip(" ,.!?()") or hook.strip()
    words = core.split()
    return " ".join(
        w
        if w[:1].isupper() and i
        else (w.lower() if i and w.lower() in _SMALL_WORDS else w[:1].upper() + w[1:])
        for i, w in enumerate(words)
    )


def make_hook(
    writer: LineWriter, theme: Theme, rng: random.Random, title: str | None = None
) -> str:
    """The chorus' signature line: the given title when it sings as a line, else an image of the
    theme."""
    singable = title and "\n" not in title and "[" not in title
    if singable and HOOK_SYLLABLES[0] - 1 <= count_syllables(title) <= HOOK_SYLLABLES[1] + 1:
        return title.strip()
    adjectives = list(theme.pools["a"][:8]) or ["sweet"]
    nouns = (
        [n for n in theme.pools["n"][:8] if writer.partners(n)]
        or list(theme.pools["n"][:8])
        or ["night"]
    )
    # The prompt's own nouns make the hook.
    own = [k for k in theme.keywords if k in theme.pools["n"]]
    if own:
        nouns = [n for n in own if writer.partners(n)] or own[:1]
    if theme.focus:
        adjectives, nouns = [theme.focus[0]], [theme.focus[1]]
    best = ""
    for _ in range(60):
        template = rng.choice(tpl.HOOK)
        noun, adjective = rng.choice(nouns), rng.choice(adjectives)
        if noun[:3] == adjective[:3] and len(nouns) + len(adjectives) > 2:
            continue  # "rainy rain"
        line = template.replace("{a}", adjective).replace("{n}", noun)
        line = re.sub(r"\b([Aa]) (?=[aeiou])", lambda m: m.group(1) + "n ", line)
        if HOOK_SYLLABLES[0] <= count_syllables(line) <= HOOK_SYLLABLES[1]:
            return line
        best = best or line
    return best


def chorus_lines(
    writer: LineWriter, hook: str, rng: random.Random, count: int = 4
) -> tuple[list[str], str]:
    """A chorus around the hook (first line) and its scheme; XAXA repeats the hook when nothing
    rhymes with it."""
    target = count_syllables(hook)
    scheme = rng.choice(SCHEMES) if writer.partners(hook, reuse=True) else "XAXA"
    fixed = {0: hook, 2: hook} if scheme == "XAXA" and count >= 3 else {0: hook}
    templates = tpl.CHORUS + tpl.VERSE[::3]
    return write_lines(writer, templates, count, target, scheme, fixed), scheme


def outro_lines(writer: LineWriter, chorus: list[str], scheme: str) -> list[str]:
    """An ending on the hook: the hook and a new line rhyming with it, or the chorus' rhyming pair
    and a hook echo."""
    hook = chorus[0]
    if scheme == "XAXA" and len(chorus) >= 4:
        return [chorus[1], chorus[3], f"({_LEAD_INS.sub('', hook).strip()})"]
    return write_lines(
        writer, tpl.CHORUS + tpl.VERSE[::3], 2, count_syllables(hook), "AABB", {0: hook}
    )


def section_lines(
    kind: str,
    writer: LineWriter,
    rng: random.Random,
    *,
    count: int | None = None,
    target: int | None = None,
) -> list[str]:
    """New lines for a verse-like section (verse, pre chorus, bridge, ...) with its own scheme and
    meter."""
    templates, default_count, targets = _SECTION_SHAPES.get(kind, _SECTION_SHAPES["verse"])
    default_target = rng.choice(targets)
    count = count or default_count
    scheme = "AABB" if count <= 2 else rng.choice(SCHEMES)
    return write_lines(writer, templates, count, target or default_target, scheme)


def make_section(kind: str, lines: list[str], number: int | None = None) -> Section:
    """A section of `kind` with the engine's label and these lines (parenthesised ones as backing)."""
    return Section(
        kind=kind,
        label=label_for(kind, number),
        number=number,
        lines=tuple(
            LyricLine(text=t, backing=t.startswith("(") and t.endswith(")")) for t in lines
        ),
    )


def plan_structure(rng: random.Random) -> list[str]:
    """The order of section kinds: [Intro]? verses 2-3 with [Pre Chorus]? and choruses, a bridge, an
    outro."""
    verses = rng.choice((2, 2, 3))
    pre = rng.random() < 0.5
    order = ["intro"] if rng.random() < 0.7 else []
    for number in range(1, 3):
        order += ["verse"] + (["pre_chorus"] if pre else []) + ["chorus"]
        if number == 2 and verses == 3:
            order += ["verse"]
    return order + ["bridge", "chorus", "outro"]


def write_song(
    theme: Theme, rng: random.Random, *, title: str | None = None
) -> tuple[list[Section], str]:
    """The sections of a complete song on `theme` and its hook line."""
    writer = LineWriter(theme, rng)
    hook = make_hook(writer, theme, rng, title)
    chorus, scheme = chorus_lines(writer, hook, rng)
    verse_target = rng.choice((7, 8, 9))
    pre = section_lines("pre_chorus", writer, rng)
    verse_number = 0
    sections: list[Section] = []
    for kind in plan_structure(rng):
        if kind == "intro":
            vocal = rng.random() < 0.5
            sections.append(make_section("intro", [rng.choice(tpl.INTRO_VOCALS)] if vocal else []))
        elif kind == "verse":
            verse_number += 1
            lines = section_lines("verse", writer, rng, target=verse_target)
            sections.append(make_section("verse", lines, verse_number))
        elif kind == "pre_chorus":
            sections.append(make_section("pre_chorus", pre))
        elif kind == "chorus":
            sections.append(make_section("chorus", chorus))
        elif kind == "bridge":
            sections.append(make_section("bridge", section_lines("bridge", writer, rng)))
        else:
            sections.append(make_section("outro", outro_lines(writer, chorus, scheme)))
    return sections, hook


def write_full_song(prompt: str, *, title: str | None = None, seed: int = 0) -> WrittenLyrics:
    """A complete song for a theme such as "a soulful blues song about a rainy night"; seeded,
    repeatable. The prompt is trusted (`engine.contract.LyricsRequest` checks it at the edge)."""
    prompt = prompt or ""  # an absent prompt asks for a random song, like an empty one
    rng = seeded_rng(seed, prompt, title)
    theme = theme_from_text(prompt, rng)
    sections, hook = write_song(theme, rng, title=title)
    lyrics = format_sections(sections)
    while (
        len(lyrics) > MAX_LYRICS_CHARS and len(sections) > 4
    ):  # long prompt words: drop the bridge, then verses
        sections.pop(next(i for i, s in enumerate(sections) if s.kind in ("bridge", "verse")))
        lyrics = format_sections(sections)
    song_title = title if title is not None else title_from_hook(hook)
    return WrittenLyrics(
        song_title=song_title, style_tags=style_tags(prompt, theme, rng), lyrics=lyrics
    )
