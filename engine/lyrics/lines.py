"""Writing one section's lines: templates filled with theme words, to a meter and a rhyme scheme."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from engine.lyrics import templates as tpl
from engine.lyrics.lexicon import Theme, cluster_pools, common_words
from engine.lyrics.rhyme import last_word, rhyme_keys, rhymes
from engine.lyrics.syllables import FUNCTION_WORDS, count_syllables

SCHEMES = ("AABB", "ABAB", "XAXA")
_ATTEMPTS = 400
_SECTION_TRIES = 4
# Short words that lengthen a line by one syllable without changing what it says.
_PADDING = ("Oh,", "And", "So", "Now")
_PADDING_2 = ("Oh, and", "And now", "So now", "Oh, now")
_PROPER = re.compile(
    r"\b(january|february|april|may|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|christmas)\b"
)
_STUTTER = re.compile(r"\b(\w{3,})\w* \1", re.IGNORECASE)


@dataclass
class LineWriter:
    """Fills templates with a theme's words; remembers line ends and templates so a song varies."""

    theme: Theme
    rng: random.Random
    used_ends: set[str] = field(default_factory=set)
    used_templates: set[str] = field(default_factory=set)
    # Words of the section being written, so a section does not say "horizon" twice.
    section_words: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        pools = {pos: list(words) for pos, words in self.theme.pools.items()}
        common = common_words()
        self._fill = pools
        # A line paints one scene: its words come from one imagery cluster (the theme's first most
        # often), now and then from the prompt's own words, so "wet" meets "window", not "crown".
        self._scenes = [cluster_pools(name) for name in self.theme.clusters]
        self._scene_weights = [3, 2, 1][: len(self._scenes)]
        keywords = set(self.theme.keywords)
        self._own = {pos: [w for w in words if w in keywords] for pos, words in pools.items()}
        self._partner_cache: dict[str, tuple[dict[str, list[str]], dict[str, list[str]]]] = {}
        # Line ends may also come from the common words, so rhymes are found for any theme.
        self._end_theme = {
            pos: [w for w in pools.get(pos, ()) if rhyme_keys(last_word(w))] for pos in tpl.POS_ENDS
        }
        self._end_common = {
            pos: [w for w in common.get(pos, ()) if rhyme_keys(last_word(w))]
            for pos in ("n", "a", "vi")
        }

    def partners(
        self, word: str, *, reuse: bool = False, theme_only: bool = False
    ) -> dict[str, list[str]]:
        """Line-end words per POS that rhyme with `word`; `reuse` allows ends already sung,
        `theme_only` skips common words."""
        key = last_word(word)
        if key not in self._partner_cache:
            self._partner_cache[key] = (
                self._rhyming(key, self._end_theme),
                self._rhyming(key, self._end_common),
            )
        theme, common = self._partner_cache[key]
        found: dict[str, list[str]] = {}
        for source in (theme,) if theme_only else (theme, common):
            for pos, words in source.items():
                fresh = [w for w in words if reuse or last_word(w) not in self.used_ends]
                if fresh:
                    found.setdefault(pos, []).extend(fresh)
        return found

    @staticmethod
    def _rhyming(key: str, source: dict[str, list[str]]) -> dict[str, list[str]]:
        return {pos: [w for w in words if rhymes(key, w)] for pos, words in source.items()}

    def _rhymeable(self, pos: str) -> list[str]:
        return [
            w
            for w in self._end_theme.get(pos, ())
            if last_word(w) not in self.used_ends and self.partners(w)
        ]

    def line(
        self,
        templates: tuple[str, ...],
        target: int,
        *,
        rhyme_with: str | None = None,
        needs_partner: bool = False,
        tolerance: int = 1,
        avoid_openings: frozenset[str] = frozenset(),
    ) -> str:
        """One line of `target` +- `tolerance` syllables; rhyming with `rhyme_with`, or ending on a
        word that can be rhymed."""
        if rhyme_with is not None:
            # Nothing rhymes with a line the user wrote: the new line is free rather than no line at
            # all.
            choices = self.partners(rhyme_with) or self.partners(rhyme_with, reuse=True) or None
            themed = self.partners(rhyme_with, theme_only=True)
            if themed and self.rng.random() < 0.85:  # the theme's own words make the better rhyme
                choices = themed
        elif needs_partner:
            choices = {pos: self._rhymeable(pos) for pos in tpl.POS_ENDS}
            themed = {
                pos: [w for w in words if self.partners(w, theme_only=True)]
                for pos, words in choices.items()
            }
            if any(themed.values()) and self.rng.random() < 0.7:
                choices = themed
        else:
            choices = None
        usable = [
            t
            for t in templates
            if tpl.end_kind(t) and (choices is None or choices.get(tpl.end_kind(t)))
        ]
        if choices is None:
            usable += [t for t in templates if not tpl.end_kind(t)]
        if not usable:
            usable = [
                t
                for t in tpl.VERSE
                if tpl.end_kind(t) and (choices is None or choices.get(tpl.end_kind(t)))
            ]
        best: tuple[int, str, str] | None = None
        for attempt in range(_ATTEMPTS):
            template = self.rng.choice(usable)
            if (
                template in self.used_templates
                and attempt < _ATTEMPTS // 4
                and self.rng.random() < 0.8
            ):
                continue  # vary the song's lines: fresh templates first
            kind = tpl.end_kind(template)
            end = None
            if kind:
                options = (
                    choices[kind]
                    if choices is not None
                    else self._end_theme.get(kind) or self._fill[kind]
                )
                options = [w for w in options if last_word(w) not in self.used_ends] or options
                end = self.rng.choice(options)
            text = self._fill_template(template, end)
            if attempt >= _ATTEMPTS // 2:  # lead-in padding only once plain lines failed to scan
                text = self._fit(text, target, tolerance)
            if _STUTTER.search(text):
                continue  # "the rainy rain"
            off = abs(count_syllables(text) - target)
            if _opening(text) in avoid_openings and attempt < _ATTEMPTS - 50:
                continue  # two lines of a section should not start alike
            if best is None or off < best[0]:
                best = (off, text, template)
            if off <= tolerance:
                break
        assert best is not None
        self.section_words.update(_content_words(best[1]))
        self.used_ends.add(last_word(best[1]))
        self.used_templates.add(best[2])
        return best[1]

    def _fill_template(self, template: str, end: str | None) -> str:
        names = tpl.slot_names(template)
        chosen: dict[str, str] = {}
        taken = set(end.split() if end else ()) | self.section_words
        scene = self.rng.choices(self._scenes, self._scene_weights)[0] if self._scenes else {}
        for index, name in enumerate(names):
            if index == len(names) - 1 and end is not None and template.endswith("}"):
                chosen[name] = end
                continue
            kind = name.rstrip("0123456789")
            own = self._own.get(kind)
            fill = (own if own and self.rng.random() < 0.3 else scene.get(kind)) or self._fill.get(
                kind
            )
            fill = list(fill or ["love"])
            pool = [w for w in fill if not taken.intersection(w.split())] or fill
            word = self.rng.choice(pool)
            chosen[name] = word
            taken.update(word.split())
        text = template
        for name, word in chosen.items():
            text = text.replace("{" + name + "}", word, 1)
        return _polish(text)

    def _fit(self, text: str, target: int, tolerance: int) -> str:
        """Pad a line that is one or two syllables short with a short lead-in ("Oh,", "And now")."""
        deficit = target - count_syllables(text)
        size = min(2, deficit)
        if deficit <= tolerance or deficit - size > tolerance or text.startswith(_PADDING):
            return text
        pad = self.rng.choice(_PADDING if size == 1 else _PADDING_2)
        rest = text if text.startswith(("I ", "I'")) else text[:1].lower() + text[1:]
        return _polish(f"{pad} {rest}")


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z']+", text.lower()) if w not in FUNCTION_WORDS}


def _opening(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower())[:3])


def _polish(text: str) -> str:
    """Articles before vowels, capital first letter, the pronoun I, names of months and days."""
    text = re.sub(r"\b([Aa]) (?=[aeiouAEIOU])", lambda m: m.group(1) + "n ", text)
    text = re.sub(r"\bi\b", "I", text)
    text = _PROPER.sub(lambda m: m.group(0).capitalize(), text)
    return text[:1].upper() + text[1:]


def scheme_groups(scheme: str, count: int) -> list[int | None]:
    """For each line, the index of the earlier line it must rhyme with (None when it starts a group
    or is free)."""
    letters = (scheme * (count // len(scheme) + 1))[:count]
    block = len(scheme)
    links: list[int | None] = []
    for i, letter in enumerate(letters):
        start = i - i % block
        earlier = [j for j in range(start, i) if letters[j] == letter and letter != "X"]
        links.append(earlier[0] if earlier else None)
    return links


def needs_partner(scheme: str, count: int) -> list[bool]:
    """Whether each line starts a rhyme group that a later line will complete."""
    links = scheme_groups(scheme, count)
    return [links[i] is None and any(link == i for link in links) for i in range(count)]


def write_lines(
    writer: LineWriter,
    templates: tuple[str, ...],
    count: int,
    target: int,
    scheme: str,
    fixed: dict[int, str] | None = None,
) -> list[str]:
    """`count` lines in the rhyme `scheme`, each within one syllable of `target`; `fixed` lines are
    kept as given."""
    fixed = fixed or {}
    ends, used = set(writer.used_ends), set(writer.used_templates)
    lines: list[str] = []
    for _ in range(_SECTION_TRIES):
        writer.used_ends, writer.used_templates = set(ends), set(used)
        lines = _try_lines(writer, templates, count, target, scheme, fixed)
        # A rare rhyme word may only come in long words; another draw of the section usually scans.
        if all(
            abs(count_syllables(line) - target) <= 1
            for i, line in enumerate(lines)
            if i not in fixed
        ):
            break
    return lines


def _try_lines(
    writer: LineWriter,
    templates: tuple[str, ...],
    count: int,
    target: int,
    scheme: str,
    fixed: dict[int, str],
) -> list[str]:
    links = scheme_groups(scheme, count)
    opens = needs_partner(scheme, count)
    writer.section_words = {w for line in fixed.values() for w in _content_words(line)}
    lines: list[str] = []
    for i in range(count):
        if i in fixed:
            lines.append(fixed[i])
            writer.used_ends.add(last_word(fixed[i]))
            continue
        partner = links[i]
        rhyme_with = lines[partner] if partner is not None else None
        openings = frozenset(_opening(line) for line in lines)
        lines.append(
            writer.line(
                templates,
                target,
                rhyme_with=rhyme_with,
                needs_partner=opens[i],
                avoid_openings=openings,
            )
        )
    return lines
