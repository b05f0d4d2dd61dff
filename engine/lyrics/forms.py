"""The form of a song by genre: which sections in which order, each with its beat of the story,
line count, syllables a line and rhyme scheme.

Blues verses are AAB (the first line sung twice, the third answers it); hip-hop verses are 16 bars
of rhymed couplets; folk and country ballads tell their story over three verses; pop has a pre-
chorus and a post-chorus hook; rock keeps verse, chorus and bridge.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_FORM_OF_GENRE = {
    "Blues": "blues",
    "Hip Hop": "hiphop",
    "Trap": "hiphop",
    "Folk": "ballad",
    "Country": "ballad",
    "Bluegrass": "ballad",
    "Americana": "ballad",
    "Ballad": "ballad",
    "Gospel": "ballad",
    "Waltz": "ballad",
    "Lullaby": "ballad",
    "Acoustic": "ballad",
    "Pop": "pop",
    "Synth Pop": "pop",
    "Dance": "pop",
    "Disco": "pop",
    "Electronic": "pop",
    "House": "pop",
    "Techno": "pop",
    "Latin": "pop",
    "R&B": "pop",
    "Soul": "pop",
    "Funk": "pop",
    "Reggae": "pop",
}


@dataclass(frozen=True)
class Shape:
    """One section to write. `sister` is the number of the verse whose line lengths this
    one keeps (verse 2 sings to verse 1's melody); `repeat_first` makes a blues AAB stanza."""

    kind: str
    beat: str  # a key of `templates.BEATS` (scene, event, turn, ...), or post | outro | intro
    lines: int = 0
    syllables: int = 0
    scheme: str = "AABB"
    number: int | None = None
    tense: str = "now"
    sister: int | None = None
    repeat_first: bool = False


def form_of(style_tags: str) -> str:
    """The form for the genre named first in the style tags."""
    genre = style_tags.split(", ")[0]
    if "rap" in genre.lower() or "hip" in genre.lower():
        return "hiphop"
    return _FORM_OF_GENRE.get(genre, "rock")


def plan(form: str, rng: random.Random) -> list[Shape]:
    """The sections of a song in `form`, in order."""
    intro = Shape("intro", "intro")
    outro = Shape("outro", "outro")
    if form == "blues":
        verse = rng.choice((10, 11))
        v1 = Shape("verse", "blues_scene", 3, verse, "AA", 1, "now", repeat_first=True)
        v2 = Shape("verse", "blues_event", 3, verse, "AA", 2, "past", sister=1, repeat_first=True)
        chorus = Shape("chorus", "chorus", 3, 0, "AA", repeat_first=True)
        bridge = Shape("bridge", "turn", 4, 8, "ABCB")
        return [intro, v1, chorus, v2, chorus, bridge, chorus, outro]
    if form == "hiphop":
        # Lines of at most 11 syllables sing in two bars (engine.compose.melody.phrase_bars): two
        # 16-bar verses of longer lines would plan a song over the 8-minute cap.
        bars = 10
        v1 = Shape("verse", "rap", 16, bars, "AABB", 1, "now")
        v2 = Shape("verse", "rap_event", 16, bars, "AABB", 2, "past", sister=1)
        chorus = Shape("chorus", "chorus", 4, 0, "XAXA")
        bridge = Shape("bridge", "turn", 4, 9, "ABCB")
        return [intro, v1, chorus, v2, chorus, bridge, chorus, outro]
    if form == "ballad":
        verse = rng.choice((8, 9))
        # A ballad's verses rhyme ABCB mostly: the story needs its words more than rhymes.
        scheme = rng.choice(("ABCB", "ABCB", "AABB"))
        v1 = Shape("verse", "scene", 4, verse, scheme, 1, "past")
        v2 = Shape("verse", "event", 4, verse, scheme, 2, "past", sister=1)
        v3 = Shape("verse", "after", 4, verse, scheme, 3, "now", sister=1)
        chorus = Shape("chorus", "chorus", 4, 0, "XAXA")
        bridge = Shape("bridge", "turn", 4, verse - 1, "ABCB")
        return [intro, v1, chorus, v2, chorus, bridge, v3, chorus, outro]
    verse = rng.choice((7, 8))
    scheme = rng.choice(("AABB", "ABCB"))
    v1 = Shape("verse", "scene", 4, verse, scheme, 1, "now")
    v2 = Shape("verse", "event", 4, verse, scheme, 2, "past", sister=1)
    chorus = Shape("chorus", "chorus", 4, 0, "XAXA")
    bridge = Shape("bridge", "turn", 4, verse, "ABCB")
    if form == "pop":
        pre = Shape("pre_chorus", "build", 2, 6, "AA")
        post = Shape("post_chorus", "post")
        middle = [v1, pre, chorus, post, v2, pre, chorus, post]
        return [intro, *middle, bridge, chorus, post, outro]
    if rng.random() < 0.5:
        pre = Shape("pre_chorus", "build", 2, 6, "AA")
        return [intro, v1, pre, chorus, v2, pre, chorus, bridge, chorus, outro]
    return [intro, v1, chorus, v2, chorus, bridge, chorus, outro]
