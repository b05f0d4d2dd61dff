"""Reading an edit instruction: what to do ("add", "remove", ...), to which section, about what
(for `editor.edit`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.lyrics.sections import kind_of_tag

_ORDINALS = {
    "first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3, "three": 3,
    "fourth": 4, "4th": 4, "four": 4, "fifth": 5, "5th": 5, "five": 5, "last": -1, "final": -1,
}  # fmt: skip
_KIND_WORDS = (
    r"pre[\s-]?chorus|post[\s-]?chorus|build[\s-]?up|verses?|chorus(?:es)?|refrain|bridge|intro|outro|hook|"
    r"interlude|transition|break|solo|inst(?:rumental)?|middle eight|ending"
)
_SECTION = re.compile(
    rf"(?:\b(?P<ord>{'|'.join(_ORDINALS)})\s+)?\b(?P<kind>{_KIND_WORDS})\b(?:\s+(?P<num>\d+))?",
    re.IGNORECASE,
)
_VERBS = (
    ("remove", r"\b(remove|delete|drop|cut out|cut|take out|get rid of|lose|without)\b"),
    ("shorter", r"\b(shorter|shorten|trim|tighter|fewer lines|less lines|cut down)\b"),
    ("longer", r"\b(longer|lengthen|extend|more lines|expand)\b"),
    (
        "continue",
        r"\b(continue|finish|complete|keep going|carry on|go on|unfinished|rest of the song)\b",
    ),
    ("add", r"\b(add|insert|include|append|put|another|extra|give it|write an?)\b"),
    (
        "rewrite",
        r"\b(rewrite|re-write|redo|rework|replace|change|new|fix|improve|better|different|revise)\b",
    ),
)
_ABOUT = re.compile(r"\b(?:about|on the theme of|themed on)\s+(?P<topic>.+)$", re.IGNORECASE)
_MOODS = re.compile(
    r"\b(sadder|happier|darker|brighter|angrier|lighter|more (?P<mood>\w+)|less \w+)\b",
    re.IGNORECASE,
)
_MOOD_WORDS = {"sadder": "sad", "happier": "happy", "darker": "dark", "brighter": "uplifting",
               "angrier": "angry", "lighter": "playful"}  # fmt: skip
# A mood asked of one section ("make the chorus hopeful"): + looks up, - looks down.
_SECTION_MOODS = (
    ("+", r"\b(hopeful|happier|happy|brighter|bright|uplifting|optimistic|positive|joyful)\b"),
    ("-", r"\b(sadder|sad|darker|dark|gloomier|hopeless|bleak|melancholy|melancholic)\b"),
)
_LINE_LENGTH = re.compile(r"\b(?P<way>shorter|longer) lines\b|\b(?P<few>fewer|more) syllables\b")
_INTERNAL = re.compile(r"\b(more|add|with) (internal|inner) rhymes?\b|\binternal rhymes?\b")
_POINT_OF_VIEW = re.compile(
    r"\b(?:from|in|through) (?P<who>her|his|my|your|our|their) (?:point of view|perspective|"
    r"side|eyes|view)\b"
)
_SPEAKERS = {"her": "she", "his": "he", "my": "i", "your": "you", "our": "we", "their": "we"}


@dataclass(frozen=True)
class Target:
    """A section named in an instruction: its kind and which one (1-based, -1 for the last, None for
    all)."""

    kind: str
    ordinal: int | None


@dataclass(frozen=True)
class Instruction:
    """What an instruction asks: an action, the sections it names, and a topic or mood for new
    words."""

    # add | remove | rewrite | shorter | longer | shorter_song | longer_song | continue | theme |
    # line_length | internal_rhyme | default
    action: str
    targets: tuple[Target, ...]
    topic: str  # words for the new theme, "" when none
    mood: str = ""  # "+" or "-" for "make the chorus hopeful", "" when none asked
    speaker: str = ""  # whose point of view a rewrite takes: "she", "he", "i", ...
    syllables: int = 0  # "shorter lines": -3, "longer lines": +3


def _targets(text: str) -> tuple[Target, ...]:
    found = []
    for match in _SECTION.finditer(text):
        word = match.group("kind").lower()
        if word.startswith("verse"):
            word = "verse"
        elif word.startswith("chorus"):
            word = "chorus"
        kind, _ = kind_of_tag(word)
        ordinal = _ORDINALS.get((match.group("ord") or "").lower())
        if match.group("num"):
            ordinal = int(match.group("num"))
        found.append(Target(kind=kind, ordinal=ordinal))
    return tuple(found)


def _topic(text: str, targets: tuple[Target, ...]) -> str:
    match = _ABOUT.search(text)
    topic = match.group("topic") if match else ""
    # "rewrite the second verse about the sea": the section name is not part of the topic.
    topic = _SECTION.sub(" ", topic) if targets else topic
    mood = _MOODS.search(text)
    if mood:
        word = (mood.group("mood") or _MOOD_WORDS.get(mood.group(1).lower(), "")).lower()
        topic = f"{topic} {word}".strip()
    return " ".join(topic.split()).strip(" .,!")


def read_instruction(text: str) -> Instruction:
    """Parse an editing instruction; words it does not understand give the "default" action, never an error."""
    lowered = " ".join(text.lower().split())
    targets = _targets(lowered)
    topic = _topic(lowered, targets)
    length = _LINE_LENGTH.search(lowered)
    if length:
        shorter = length.group("way") == "shorter" or length.group("few") == "fewer"
        return Instruction("line_length", targets, topic="", syllables=-3 if shorter else 3)
    if _INTERNAL.search(lowered):
        return Instruction("internal_rhyme", targets, topic="")
    view = _POINT_OF_VIEW.search(lowered)
    if view:
        speaker = _SPEAKERS[view.group("who")]
        return Instruction("rewrite", targets or (Target("verse", None),), "", speaker=speaker)
    mood = next((sign for sign, pattern in _SECTION_MOODS if re.search(pattern, lowered)), "")
    if mood and targets:  # "make the chorus hopeful": that section in that mood
        return Instruction("rewrite", targets, topic="", mood=mood)
    action = next((name for name, pattern in _VERBS if re.search(pattern, lowered)), "")
    if (
        action == "continue"
        and targets
        and re.search(r"\b(verse|chorus|bridge)\b", lowered)
        and "song" not in lowered
    ):
        action = "longer"  # "continue the verse"
    if action in ("add", "remove", "rewrite", "shorter", "longer") and targets:
        return Instruction(action=action, targets=targets, topic=topic)
    if action == "continue":
        return Instruction(action="continue", targets=(), topic=topic)
    if action in ("shorter", "longer") and not targets:  # "make it shorter": the whole song
        return Instruction(action=f"{action}_song", targets=(), topic=topic)
    if topic:  # "make it about winter", "make it sadder"
        return Instruction(action="theme", targets=targets, topic=topic)
    if targets:  # "the bridge", "second verse please"
        return Instruction(action="rewrite", targets=targets, topic="")
    return Instruction(action="default", targets=(), topic="")
