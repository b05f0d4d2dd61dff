"""The themes: imagery clusters, theme keywords, genres and moods, read from `data/*.json` (the
writer's own words are `vocabulary`'s)."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from engine.lyrics.syllables import WORDS

_DATA = Path(__file__).parent / "data"
# The imagery clusters' and common words' parts of speech: noun, adjective, verb, place, time.
_CLUSTER_KEYS = {"nouns": "n", "adjectives": "a", "verbs": "vi", "places": "p", "times": "t"}
_COMMON_KEYS = {"nouns": "n", "adjectives": "a", "verbs": "vi", "actions": "vt"}

STOPWORDS = frozenset(WORDS["prompt_stopwords"])  # prompt words that say nothing of the theme
# Instruments before "about" describe the sound ("a piano ballad about ..."), not the story.
INSTRUMENTS = frozenset(WORDS["instruments"])


@dataclass(frozen=True)
class Theme:
    """What a song is about: its imagery clusters (most relevant first) and the prompt's own
    words."""

    clusters: tuple[str, ...]
    keywords: tuple[str, ...]  # content words of the prompt, after "about" first


@lru_cache(maxsize=1)
def imagery() -> dict[str, dict]:
    return json.loads((_DATA / "imagery.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def themes() -> dict[str, list[str]]:
    return json.loads((_DATA / "themes.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def styles() -> dict[str, dict]:
    return json.loads((_DATA / "styles.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def common_words() -> dict[str, tuple[str, ...]]:
    """Common singable words per POS, for rhymes the theme itself cannot supply."""
    raw = json.loads((_DATA / "common.json").read_text(encoding="utf-8"))
    return {pos: tuple(dict.fromkeys(raw[key])) for key, pos in _COMMON_KEYS.items()} | {
        "fillers": tuple(raw["fillers"])
    }


@lru_cache(maxsize=1)
def _word_pos() -> dict[str, str]:
    """The first POS each lexicon word is listed under, to place the prompt's own words."""
    found: dict[str, str] = {}
    for cluster in imagery().values():
        for key, pos in _CLUSTER_KEYS.items():
            for word in cluster[key]:
                found.setdefault(word, pos)
    for pos in ("n", "a", "vi"):
        for word in common_words()[pos]:
            found.setdefault(word, pos)
    return found


def tokens(text: str) -> list[str]:
    """Lower-case words of a text (letters, apostrophes, & and hyphens kept inside words)."""
    return re.findall(r"[a-z][a-z'&\-]*", text.lower())


def _stems(word: str) -> list[str]:
    forms = [word]
    for suffix, repl in (
        ("ies", "y"),
        ("s", ""),
        ("es", ""),
        ("ing", ""),
        ("ing", "e"),
        ("y", ""),
        ("ed", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: -len(suffix)] + repl)
    return forms


def _lookup_theme(word: str) -> list[str]:
    table = themes()
    for form in _stems(word):
        if form in table:
            return table[form]
        if form in imagery():
            return [form]
    return []


def theme_from_text(
    text: str, rng: random.Random, *, extra_clusters: tuple[str, ...] = (), own_words: bool = True
) -> Theme:
    """The theme of a text: clusters weighted by theme keywords (after "about" counts double), moods, genres.

    `own_words=False` keeps only words the lexicon knows (for themes read back from whole lyrics)."""
    words = tokens(text)
    genre_table, mood_table = styles()["genres"], styles()["moods"]
    weights: dict[str, float] = {}
    order: list[str] = []

    def add(cluster: str, weight: float) -> None:
        if cluster not in weights:
            order.append(cluster)
        weights[cluster] = weights.get(cluster, 0.0) + weight

    about = words.index("about") if "about" in words else len(words)
    before: list[str] = []
    after: list[str] = []
    skip_next = False
    for i, word in enumerate(words):
        if skip_next:
            skip_next = False
            continue
        pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else ""
        focus_weight = 2.0 if i > about else 1.0
        keywords = after if i > about else before
        if pair and (pair in themes() or pair in genre_table):
            for cluster in themes().get(pair, genre_table.get(pair, {}).get("clusters", [])):
                add(cluster, 3.0 * focus_weight)
            keywords.append(pair)
            skip_next = True
            continue
        if word in genre_table:
            for cluster in genre_table[word]["clusters"]:
                add(cluster, 0.5)
            continue
        if word in mood_table:
            for cluster in mood_table[word]["clusters"]:
                add(cluster, 1.0)
            if _word_pos().get(word) == "a":  # "lonely" can stand in a line, "soulful" rarely
                keywords.append(word)
            continue
        if word in STOPWORDS or len(word) < 3 or (word in INSTRUMENTS and i < about < len(words)):
            continue
        if own_words or word in _word_pos():
            keywords.append(word)
        for rank, cluster in enumerate(_lookup_theme(word)):
            add(cluster, (3.0 - rank) * focus_weight)
    for cluster in extra_clusters:
        add(cluster, 0.75)
    if not weights:
        add(rng.choice(sorted(imagery())), 3.0)
        add(rng.choice(sorted(imagery())), 1.0)
    ranked = sorted(order, key=lambda c: (-weights[c], order.index(c)))[:3]
    return Theme(clusters=tuple(ranked), keywords=tuple(after + before))


def style_tags(text: str, theme: Theme, rng: random.Random) -> str:
    """Comma-separated style tags usable as a music prompt: genre, moods, a descriptor of the genre."""
    genre_table, mood_table = styles()["genres"], styles()["moods"]
    words = tokens(text)
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    genres = [genre_table[w] for w in pairs + words if w in genre_table]
    tags: list[str] = []
    if not genres:  # no genre named: one whose imagery fits the theme, else a common one
        fitting = {
            g["tag"]: g
            for g in genre_table.values()
            if set(g["clusters"]) & set(theme.clusters[:1])
        }
        defaults = {g["tag"]: g for g in genre_table.values() if g["tag"] in styles()["defaults"]}
        pool = fitting or defaults
        genres = [pool[rng.choice(sorted(pool))]]
    for genre in genres[:2]:
        tags.append(genre["tag"])
    moods = [mood_table[w]["tag"] for w in words if w in mood_table]
    tags.extend(moods)
    bright, dark = set(styles()["bright_moods"]), set(styles()["dark_moods"])
    clash = (dark if bright & set(moods) else set()) | (bright if dark & set(moods) else set())
    # The imagery's mood only adds to the prompt's: "sad ... guitar" is not "Joyful".
    tags.extend(m for m in (imagery()[c]["mood"] for c in theme.clusters[:2]) if m not in clash)
    tags.append(rng.choice(genres[0]["descriptors"]))
    unique = list(dict.fromkeys(tag for tag in tags if tag))
    return ", ".join(unique[:6])
