"""Writing a complete song from a theme: its story, the form of its genre, a hook that is its
title, and sections whose lines come from the phrase grammar, rhymed and in meter."""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field

from engine.contract import MAX_LYRICS_CHARS
from engine.lyrics import forms
from engine.lyrics import templates as tpl
from engine.lyrics.forms import Shape
from engine.lyrics.hook import HOOK_SYLLABLES, make_hook
from engine.lyrics.lexicon import style_tags, theme_from_text
from engine.lyrics.line_state import PEOPLE, Voice
from engine.lyrics.phrases import PhraseMaker
from engine.lyrics.rhyme import NEAR, last_word, rhyme_score
from engine.lyrics.sections import LyricLine, Section, format_sections, label_for
from engine.lyrics.stanza import Wishes, write_stanza
from engine.lyrics.story import Story, read_story
from engine.lyrics.syllables import WORDS, count_syllables

_SMALL_WORDS = frozenset(WORDS["title_small_words"])
_LEAD_INS = re.compile(r"^(oh,?|and|so|now|yeah,?)\s+", re.IGNORECASE)
_HOOK_TRIES = 16


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


@dataclass
class SongWriter:
    """Writes the sections of one song on its story, remembering what has been sung so that no
    image comes back outside the chorus and no line ends on the hook's word."""

    story: Story
    rng: random.Random
    maker: PhraseMaker = field(init=False)
    used_ends: set[str] = field(default_factory=set)
    topic: frozenset[str] = frozenset()  # things every new line should name (an edit's topic)

    def __post_init__(self) -> None:
        self.maker = PhraseMaker(
            self.story.nouns,
            self.story.weights,
            self.rng,
            setting=self.story.setting,
            places=self.story.places,
            focus=self.story.focus,
        )

    def _own_things(self) -> frozenset[str]:
        """The prompt's own things no line has sung yet."""
        return frozenset(n.word for n in self.story.focus) - self.maker.avoid

    def voice(self, tense: str, *, speaker: str = "i", mood: str | None = None) -> Voice:
        """The section's voice: the singer (or `speaker`), the story's other person and mood."""
        # Sung from another's point of view, every line is of her (or him): she is both who
        # sings and whom the verse goes on with.
        other = self.story.other if speaker == "i" else speaker
        return Voice(
            speaker=PEOPLE[speaker],
            other=PEOPLE[other],
            tense=tense,
            mood=mood or self.story.mood,
            character=self.story.character if speaker == "i" else "",
            verbs=self.story.verbs,
            feels=self.story.feels,
            unsung=self.story.bond.never,
            when=self.story.when,
        )

    def hook(self, title: str | None = None, *, answered: bool = False) -> str:
        """The given title when it sings as a line, else a hook drawn from the story (one the
        song's own words rhyme with, when the chorus must `answer` it)."""
        singable = title and "\n" not in title and "[" not in title
        low, high = HOOK_SYLLABLES
        if singable and low - 1 <= count_syllables(title) <= high + 2:
            hook = title.strip()
        else:
            hook = make_hook(self.maker, self.story, answered=answered)
        # The hook's images and its rhyme are the chorus' own: no other line names them or
        # ends on its word.
        self.maker.avoid.update(w.lower() for w in re.findall(r"[A-Za-z]+", hook))
        self.used_ends.add(last_word(hook))
        return hook

    def lines(
        self,
        beat: str,
        targets: list[int],
        scheme: str,
        voice: Voice,
        *,
        fixed: dict[int, str] | None = None,
        wishes: Wishes | None = None,
    ) -> list[str]:
        """Lines of a beat of the story, one per target syllable count, rhyming in `scheme`."""
        return write_stanza(
            self.maker,
            tpl.BEATS[beat],
            voice,
            scheme=scheme,
            targets=targets,
            fixed=fixed,
            wishes=wishes or Wishes(),
            used_ends=self.used_ends,
            names=self.topic,
        )

    def chorus(
        self, hook: str, count: int = 4, *, mood: str | None = None, syllables: int = 0
    ) -> list[str]:
        """A chorus on the hook: the hook sung first and third, the lines between rhyming; three
        lines make a blues AAB (the hook twice, then its answer), two a couplet. A hopeful chorus
        ("+") looks forward in every line."""
        target = syllables or max(5, count_syllables(hook))
        voice = self.voice("now", mood=mood)
        beat = "hope" if mood == "+" else "chorus"
        wishes = Wishes(singable=True)
        if count == 3:
            answer = self.lines(beat, [target, target], "AA", voice, fixed={0: hook}, wishes=wishes)
            return [hook, hook, answer[1]]
        fixed = {0: hook, 2: hook} if count >= 4 else {0: hook}
        scheme = "XAXA" if count >= 4 else "AA"
        return self.lines(beat, [target] * count, scheme, voice, fixed=fixed, wishes=wishes)

    def new_chorus(self, count: int = 4, title: str | None = None) -> tuple[str, list[str]]:
        """A hook (the title, when one is given) and its chorus; a blues chorus answers its hook
        with a rhyme, so a hook nothing rhymes with is drawn again."""
        avoided, ends = set(self.maker.avoid), set(self.used_ends)
        for _ in range(_HOOK_TRIES):
            hook = self.hook(title, answered=count == 3)
            chorus = self.chorus(hook, count)
            if count != 3 or title or rhyme_score(hook, chorus[2]) >= NEAR:
                break
            # A hook given up leaves its images and rhyme to the next one.
            self.maker.avoid, self.used_ends = set(avoided), set(ends)
        return hook, chorus

    def verse(
        self,
        shape: Shape,
        targets: list[int] | None = None,
        *,
        voice: Voice | None = None,
        wishes: Wishes | None = None,
    ) -> list[str]:
        """The lines of a verse-like section (verse, pre-chorus, bridge) of `shape`."""
        count = shape.lines - 1 if shape.repeat_first else shape.lines
        targets = targets or [shape.syllables] * count
        voice = voice or self.voice(shape.tense if shape.beat != "turn" else "next")
        wishes = wishes or Wishes(internal=0.8 if shape.beat.startswith("rap") else 0.0)
        texts = write_stanza(
            self.maker,
            tpl.BEATS[shape.beat],
            voice,
            scheme=shape.scheme,
            targets=targets[:count],
            center=shape.syllables,
            wishes=wishes,
            used_ends=self.used_ends,
            # Verse 1 opens on the prompt's own things ("a rainy night": the rain).
            first_names=self._own_things() if shape.number == 1 else frozenset(),
            names=self.topic,
            scene=shape.number == 1 and shape.kind == "verse",
        )
        lines = texts
        return [lines[0], *lines] if shape.repeat_first else lines


def outro_lines(chorus: list[str]) -> list[str]:
    """An ending on the hook: the chorus' rhyming pair and the hook echoed, or (a blues chorus)
    its answer and the hook it rhymes with."""
    hook = chorus[0]
    sung = [line for line in chorus if line != hook]
    if len(sung) >= 2:
        return [*sung[:2], f"({_LEAD_INS.sub('', hook).strip()})"]
    return [*sung, hook]


def post_chorus_lines(hook: str) -> list[str]:
    """The post-chorus hook: the title chanted, and echoed by the backing voices."""
    core = _LEAD_INS.sub("", hook).strip()
    first, _, rest = core.partition(" ")
    if first not in ("I", "I'm", "I'll", "I've", "I'd"):  # "Oh, oh, I call you", never "i"
        first = first[:1].lower() + first[1:]
    return [f"Oh, oh, {' '.join(filter(None, (first, rest)))}", f"({core})"]


def write_song(
    prompt: str, rng: random.Random, *, title: str | None = None
) -> tuple[list[Section], str, str]:
    """The sections of a complete song on `prompt`, its hook and its style tags."""
    theme = theme_from_text(prompt, rng)
    tags = style_tags(prompt, theme, rng)
    story = read_story(prompt, theme, tags, rng)
    song = SongWriter(story, rng)
    form = forms.form_of(tags)
    shapes = forms.plan(form, rng)
    chorus_count = 3 if next(s.lines for s in shapes if s.kind == "chorus") == 3 else 4
    hook, chorus = song.new_chorus(chorus_count, title)
    verse_counts: dict[int, list[int]] = {}
    written: dict[str, list[str]] = {}
    sections: list[Section] = []
    for shape in shapes:
        if shape.kind == "intro":
            vocal = rng.random() < 0.4
            sections.append(make_section("intro", [rng.choice(tpl.INTRO_VOCALS)] if vocal else []))
        elif shape.kind == "chorus":
            sections.append(make_section("chorus", chorus))
        elif shape.kind == "post_chorus":
            sections.append(make_section("post_chorus", post_chorus_lines(hook)))
        elif shape.kind == "outro":
            sections.append(make_section("outro", outro_lines(chorus)))
        elif shape.kind == "pre_chorus" and "pre_chorus" in written:
            sections.append(make_section("pre_chorus", written["pre_chorus"]))
        else:
            targets = verse_counts.get(shape.sister) if shape.sister else None
            lines = song.verse(shape, targets)
            if shape.kind == "verse" and shape.number is not None:
                verse_counts[shape.number] = (
                    [count_syllables(line) for line in lines[1:]]
                    if shape.repeat_first
                    else [count_syllables(line) for line in lines]
                )
            written[shape.kind] = lines
            sections.append(make_section(shape.kind, lines, shape.number))
    return sections, hook, tags


def write_full_song(prompt: str, *, title: str | None = None, seed: int = 0) -> WrittenLyrics:
    """A complete song for a theme such as "a soulful blues song about a rainy night"; seeded,
    repeatable. The prompt is trusted (`engine.contract.LyricsRequest` checks it at the edge)."""
    prompt = prompt or ""  # an absent prompt asks for a random song, like an empty one
    rng = seeded_rng(seed, prompt, title)
    sections, hook, tags = write_song(prompt, rng, title=title)
    lyrics = format_sections(sections)
    while len(lyrics) > MAX_LYRICS_CHARS and len(sections) > 4:
        # Long prompt words: drop the bridge, then verses from the end.
        doomed = [i for i, s in enumerate(sections) if s.kind in ("bridge", "verse")]
        sections.pop(doomed[0] if sections[doomed[0]].kind == "bridge" else doomed[-1])
        lyrics = format_sections(sections)
    song_title = title if title is not None else title_from_hook(hook)
    return WrittenLyrics(song_title=song_title, style_tags=tags, lyrics=lyrics)
