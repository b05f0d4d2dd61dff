"""Reading a written line back as a grammarian would, against the curated lexicon: agreement of
subject and verb, articles, adjectives that fit their nouns, verbs with subjects and objects they
can take. It parses the surface text, not the writer's plan, so it can catch what the writer
gets wrong; the benchmark and the tests use it, the writer does not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from engine.lyrics.vocabulary import Noun, Verb, lexicon, starts_with_vowel_sound

_SUBJECTS = {"i": False, "you": False, "we": False, "they": False, "he": True, "she": True}
_ADVERBS = frozenset({"still", "never", "always", "just", "only", "often", "then", "now"})
_MODALS = frozenset(
    {"will", "won't", "would", "can", "can't", "could", "don't", "didn't", "to", "let", "'ll"}
)
_DETERMINERS = frozenset(
    {"the", "a", "an", "my", "your", "her", "his", "our", "their", "this", "that", "every"}
)
# Words the templates use around the lexicon's: pronouns, prepositions, conjunctions, fillers.
_CLOSED = frozenset(
    {
        "i", "me", "my", "you", "your", "he", "him", "his", "she", "her", "we", "us", "our",
        "they", "them", "their", "it", "its", "the", "a", "an", "and", "but", "or", "so", "if",
        "when", "while", "then", "now", "never", "still", "always", "just", "only", "oh", "yeah",
        "maybe", "someday", "tomorrow", "tonight", "again", "anymore", "once", "more", "one",
        "time", "there", "is", "are", "was", "were", "be", "been", "will", "won't", "would",
        "don't", "didn't", "can", "can't", "used", "to", "of", "in", "on", "at", "by", "for",
        "from", "with", "into", "over", "through", "against", "down", "up", "away", "home",
        "back", "behind", "under", "this", "that", "every", "all", "long", "last", "night",
        "morning", "ago", "years", "after", "dark", "dawn", "midnight", "evening", "sunday",
        "december", "july", "summer", "let", "hey", "ooh", "mm", "ah", "because", "am", "without",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """What is wrong in a line: a kind ("unknown", "agreement", "article", "adjective",
    "object", "subject") and the words at fault."""

    kind: str
    words: str


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Noun], dict[str, list[tuple[Verb, str]]], dict[str, object]]:
    lex = lexicon()
    nouns: dict[str, Noun] = {}
    for noun in lex.nouns.values():
        nouns[noun.word] = noun
        nouns.setdefault(noun.plural, noun)
    forms: dict[str, list[tuple[Verb, str]]] = {}
    for verb in lex.verbs:
        for name in ("base", "third", "past", "ing"):
            forms.setdefault(getattr(verb, name), []).append((verb, name))
    adjectives = {adj.word: adj for adj in lex.adjectives}
    return nouns, forms, adjectives


def _is_plural(word: str, noun: Noun) -> bool:
    return noun.is_plural or (word == noun.plural and word != noun.word)


def _noun_at(words: list[str], i: int) -> tuple[Noun, str, int] | None:
    """The noun starting at `i` (two-word nouns first): the noun, the word as written, its end."""
    nouns, _, _ = _tables()
    if i + 1 < len(words) and f"{words[i]} {words[i + 1]}" in nouns:
        two = f"{words[i]} {words[i + 1]}"
        return nouns[two], two, i + 2
    if i < len(words) and words[i] in nouns:
        return nouns[words[i]], words[i], i + 1
    return None


def _noun_phrase(words: list[str], i: int) -> tuple[Noun, str, int, list[str]] | None:
    """A noun phrase from `i`: optional adjectives then a noun; (noun, word, end, adjectives)."""
    _, _, adjectives = _tables()
    adjs: list[str] = []
    j = i
    while j < len(words) and words[j] in adjectives and _noun_at(words, j + 1) is not None:
        adjs.append(words[j])
        j += 1
        if _noun_at(words, j) is not None:
            break
    found = _noun_at(words, j)
    if found is None:
        return None
    noun, word, end = found
    return noun, word, end, adjs


def line_problems(line: str) -> list[Problem]:
    """Everything the checker finds wrong in a line (an empty list for a good line)."""
    text = line.strip().strip("()")
    raw = re.findall(r"[A-Za-z][A-Za-z']*", text)
    words = [w.lower() for w in raw]
    nouns, forms, adjectives = _tables()
    problems: list[Problem] = []
    known = set(nouns) | set(forms) | set(adjectives) | _CLOSED
    known |= {part for phrase in known if " " in phrase for part in phrase.split()}
    for k, word in enumerate(words):
        proper = raw[k][:1].isupper() and k > 0
        if word not in known and not proper and not word.endswith("'s"):
            problems.append(Problem("unknown", word))
    for k, word in enumerate(words):
        nxt = words[k + 1] if k + 1 < len(words) else ""
        # Articles: "an" before a vowel sound, never before a plural or a mass noun.
        if word in ("a", "an") and nxt:
            if (word == "an") != starts_with_vowel_sound(nxt):
                problems.append(Problem("article", f"{word} {nxt}"))
            phrase = _noun_phrase(words, k + 1)
            if phrase and (phrase[0].mass or _is_plural(phrase[1], phrase[0])):
                problems.append(Problem("article", f"{word} {phrase[1]}"))
        # Adjectives before nouns must fit them.
        if word in adjectives and (
            k == 0
            or words[k - 1] in _DETERMINERS
            or words[k - 1] in adjectives
            or words[k - 1] in _CLOSED
        ):
            phrase = _noun_phrase(words, k)
            if phrase and word in phrase[3] and not phrase[0].has(adjectives[word].fits):
                problems.append(Problem("adjective", f"{word} {phrase[1]}"))
        # Pronoun subjects agree with their verbs.
        if word in _SUBJECTS and (k == 0 or words[k - 1] not in _MODALS | {"for", "to"}):
            problems += _agreement(words, k + 1, third=_SUBJECTS[word], subject=word)
        if word in _MODALS and word != "to":
            problems += _after_modal(words, k + 1)
    problems += _clauses(words)
    return problems


def _skip_adverbs(words: list[str], i: int) -> int:
    while i < len(words) and words[i] in _ADVERBS:
        i += 1
    return i


def _agreement(words: list[str], i: int, *, third: bool, subject: str) -> list[Problem]:
    _, forms, _ = _tables()
    i = _skip_adverbs(words, i)
    if i >= len(words) or words[i] not in forms:
        return []
    names = {name for _, name in forms[words[i]]}
    if words[i] in _MODALS or words[i] in ("was", "were", "is", "are"):
        return []
    if third and names <= {"base"}:
        return [Problem("agreement", f"{subject} {words[i]}")]
    if not third and names <= {"third"}:
        return [Problem("agreement", f"{subject} {words[i]}")]
    return []


def _after_modal(words: list[str], i: int) -> list[Problem]:
    _, forms, _ = _tables()
    i = _skip_adverbs(words, i)
    if i < len(words) and words[i] in forms:
        names = {name for _, name in forms[words[i]]}
        if "base" not in names and names & {"third", "past"}:
            return [Problem("agreement", f"{words[i - 1]} {words[i]}")]
    return []


def _clauses(words: list[str]) -> list[Problem]:
    """Noun subjects with their verbs, verbs with their objects, "there is" with its noun,
    "the X is Y" with an adjective that fits X."""
    nouns, forms, adjectives = _tables()
    problems: list[Problem] = []
    for k, word in enumerate(words):
        if (
            word in ("there",)
            and k + 1 < len(words)
            and words[k + 1] in ("is", "are", "was", "were")
        ):
            j = k + 2 + (words[k + 2] in ("a", "an") if k + 2 < len(words) else 0)
            phrase = _noun_phrase(words, j)
            if phrase:
                plural = _is_plural(phrase[1], phrase[0])
                if plural != (words[k + 1] in ("are", "were")):
                    problems.append(Problem("agreement", f"there {words[k + 1]} {phrase[1]}"))
        if word not in _DETERMINERS:
            continue
        phrase = _noun_phrase(words, k + 1)
        if phrase is None:
            continue
        noun, written, end, _ = phrase
        if end >= len(words):
            continue
        verb_word = words[end]
        before = words[k - 1] if k else ""
        as_object = before in forms or before in ("for", "of", "to", "with")
        if verb_word in ("is", "are", "was", "were") and end + 1 < len(words):
            adj = words[end + 1]
            if adj in adjectives and not noun.has(adjectives[adj].fits):
                problems.append(Problem("adjective", f"{written} {verb_word} {adj}"))
            continue
        if (
            verb_word not in forms
            or as_object
            or before in ("in", "on", "at", "by", "over", "through", "against", "from")
        ):
            continue
        problems += _subject(noun, written, verb_word)
    problems += _objects(words)
    return problems


def _subject(noun: Noun, written: str, verb_word: str) -> list[Problem]:
    _, forms, _ = _tables()
    readings = forms[verb_word]
    names = {name for _, name in readings}
    if names <= {"ing"}:
        return []
    plural = noun.is_plural or (written == noun.plural and written != noun.word)
    if plural and names <= {"third"}:
        return [Problem("agreement", f"{written} {verb_word}")]
    if not plural and not noun.mass and names <= {"base"}:
        return [Problem("agreement", f"{written} {verb_word}")]
    if not plural and noun.mass and names <= {"base"}:
        return [Problem("agreement", f"{written} {verb_word}")]
    if "person" in noun.tags:
        return []
    if not any(v.frame == "do" and noun.has(v.tags) for v, _ in readings):
        return [Problem("subject", f"{written} {verb_word}")]
    return []


def _objects(words: list[str]) -> list[Problem]:
    """A person's verb followed by a noun phrase: the verb must take such an object."""
    _, forms, _ = _tables()
    problems: list[Problem] = []
    for k, word in enumerate(words):
        if word not in forms:
            continue
        readings = [v for v, _ in forms[word] if v.frame == "vt"]
        if not readings:
            continue
        j = k + 1
        particle = words[j] if j < len(words) else ""
        with_particle = [v for v in readings if v.particle and v.particle == particle]
        if with_particle:
            readings, j = with_particle, j + 1
        else:
            readings = [v for v in readings if not v.particle]
        if not readings or j >= len(words) or words[j] not in _DETERMINERS:
            continue
        phrase = _noun_phrase(words, j + 1)
        if phrase is None:
            continue
        noun, written, _, _ = phrase
        if "person" in noun.tags and any("person" in v.tags for v in readings):
            continue
        if not any(noun.has(v.tags) for v in readings):
            problems.append(Problem("object", f"{word} {written}"))
    return problems
