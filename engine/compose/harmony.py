"""Chord progressions per genre and section, written as roman numerals, and voice-led voicings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.compose.theory import pitch_class, scale_steps

QUALITIES: dict[str, tuple[int, ...]] = {
    "maj": (0, 4, 7),
    "min": (0, 3, 7),
    "dim": (0, 3, 6),
    "7": (0, 4, 7, 10),
    "maj7": (0, 4, 7, 11),
    "m7": (0, 3, 7, 10),
    "m7b5": (0, 3, 6, 10),
    "5": (0, 7),
}
_NUMERALS = {"i": 0, "ii": 1, "iii": 2, "iv": 3, "v": 4, "vi": 5, "vii": 6}
_ROMAN = re.compile(r"^(b|#)?(i{1,3}|iv|vi{0,2}|v)(maj7|ø7|°|7|5)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Chord:
    """A chord as a numeral in a key: root pitch class 0-11, quality, and its tones."""

    numeral: str
    root_pc: int
    quality: str

    @property
    def pitch_classes(self) -> tuple[int, ...]:
        return tuple((self.root_pc + interval) % 12 for interval in QUALITIES[self.quality])


def chord(numeral: str, key: str, mode: str) -> Chord:
    """A roman numeral ("V7", "bVII", "iiø7", "Imaj7") read in `key` and `mode`."""
    match = _ROMAN.match(numeral)
    if not match:
        raise ValueError(f"not a roman numeral: {numeral}")
    accidental, roman, suffix = match.group(1) or "", match.group(2), (match.group(3) or "").lower()
    degree = _NUMERALS[roman.lower()]
    root = (
        pitch_class(key)
        + scale_steps(mode)[degree]
        + (-1 if accidental == "b" else 1 if accidental == "#" else 0)
    )
    upper = roman.isupper()
    quality = {
        "maj7": "maj7",
        "ø7": "m7b5",
        "°": "dim",
        "5": "5",
        "7": "7" if upper else "m7",
    }.get(suffix, "maj" if upper else "min")
    return Chord(numeral=numeral, root_pc=root % 12, quality=quality)


BLUES_12 = ("I7", "IV7", "I7", "I7", "IV7", "IV7", "I7", "I7", "V7", "IV7", "I7", "V7")
MINOR_BLUES_12 = ("i7", "iv7", "i7", "i7", "iv7", "iv7", "i7", "i7", "VI7", "V7", "i7", "V7")

# (genre, mode) -> section kind -> numerals, one per bar; "*" is any other section.
# Minor progressions lean on iv and a major V so the tonic is heard as minor, not as its relative
# major.
PROGRESSIONS: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("pop", "major"): {"verse": ("I", "vi", "IV", "V"), "chorus": ("I", "V", "vi", "IV"),
                       "pre_chorus": ("IV", "V", "vi", "V"), "bridge": ("vi", "IV", "I", "V"),
                       "*": ("I", "IV", "vi", "V")},
    ("pop", "minor"): {"verse": ("i", "VI", "iv", "V"), "chorus": ("i", "VI", "III", "VII"),
                       "pre_chorus": ("iv", "VI", "V", "V"), "bridge": ("VI", "VII", "i", "V"),
                       "*": ("i", "iv", "VI", "V")},
    ("rock", "major"): {"verse": ("I", "bVII", "IV", "I"), "chorus": ("I", "V", "IV", "IV"),
                        "bridge": ("vi", "IV", "V", "V"), "*": ("I", "IV", "V", "IV")},
    ("rock", "minor"): {"verse": ("i", "VII", "VI", "VII"), "chorus": ("i", "VI", "VII", "i"),
                        "bridge": ("iv", "VI", "V", "V"), "*": ("i", "iv", "VII", "V")},
    ("jazz", "major"): {"verse": ("Imaj7", "vi7", "ii7", "V7"), "chorus": ("ii7", "V7", "Imaj7", "Imaj7"),
                        "bridge": ("iii7", "VI7", "ii7", "V7"), "*": ("Imaj7", "IV7", "ii7", "V7")},
    ("jazz", "minor"): {"verse": ("i7", "iv7", "iiø7", "V7"), "chorus": ("iiø7", "V7", "i7", "i7"),
                        "bridge": ("VImaj7", "iiø7", "V7", "V7"), "*": ("i7", "VImaj7", "iiø7", "V7")},
    ("folk", "major"): {"verse": ("I", "IV", "I", "V"), "chorus": ("IV", "I", "V", "I"),
                        "bridge": ("vi", "IV", "I", "V"), "*": ("I", "IV", "V", "I")},
    ("folk", "minor"): {"verse": ("i", "VII", "i", "V"), "chorus": ("VI", "VII", "i", "i"),
                        "*": ("i", "iv", "V", "i")},
    ("country", "major"): {"verse": ("I", "I", "IV", "IV", "V", "V", "I", "I"),
                           "chorus": ("IV", "I", "V", "I"), "*": ("I", "IV", "V", "I")},
    ("hiphop", "minor"): {"*": ("i", "VI", "iv", "V"), "chorus": ("i", "iv", "VI", "V")},
    ("hiphop", "major"): {"*": ("Imaj7", "vi7", "IVmaj7", "V")},
    ("rnb", "major"): {"verse": ("Imaj7", "vi7", "ii7", "V7"), "chorus": ("IVmaj7", "iii7", "vi7", "V7"),
                       "*": ("Imaj7", "IVmaj7", "ii7", "V7")},
    ("rnb", "minor"): {"verse": ("i7", "iv7", "VImaj7", "V7"), "chorus": ("i7", "VImaj7", "iv7", "V7"),
                       "*": ("i7", "iv7", "i7", "V7")},
    ("electronic", "major"): {"*": ("I", "V", "vi", "IV"), "verse": ("I", "IV", "I", "V")},
    ("electronic", "minor"): {"*": ("i", "VI", "iv", "V"), "chorus": ("i", "VI", "III", "VII")},
    ("reggae", "major"): {"*": ("I", "IV", "I", "V"), "chorus": ("I", "IV", "V", "IV")},
    ("reggae", "minor"): {"*": ("i", "iv", "i", "V")},
    ("metal", "minor"): {"*": ("i5", "VI5", "VII5", "i5"), "chorus": ("i5", "VI5", "iv5", "V5"),
                         "bridge": ("iv5", "V5", "VI5", "V5")},
    ("metal", "major"): {"*": ("I5", "bVII5", "IV5", "I5")},
    ("ballad", "major"): {"verse": ("I", "vi", "IV", "V"), "chorus": ("IV", "V", "I", "vi"),
                          "bridge": ("vi", "IV", "I", "V"), "*": ("I", "IV", "V", "I")},
    ("ballad", "minor"): {"verse": ("i", "VI", "iv", "V"), "chorus": ("VI", "iv", "i", "V"),
                          "*": ("i", "iv", "V", "i")},
    ("lofi", "major"): {"*": ("ii7", "V7", "Imaj7", "vi7")},
    ("lofi", "minor"): {"*": ("i7", "iv7", "VImaj7", "V7")},
    ("funk", "minor"): {"*": ("i7", "i7", "IV7", "i7"), "chorus": ("i7", "IV7", "i7", "V7")},
    ("funk", "major"): {"*": ("I7", "I7", "IV7", "I7"), "chorus": ("I7", "IV7", "I7", "V7")},
    ("latin", "minor"): {"*": ("i", "iv", "V7", "i"), "chorus": ("i", "VI", "V7", "i")},
    ("latin", "major"): {"*": ("I", "IV", "V7", "IV"), "chorus": ("I", "vi", "ii7", "V7")},
    ("cinematic", "minor"): {"*": ("i", "VI", "iv", "V"), "chorus": ("i", "VI", "III", "V"),
                             "bridge": ("iv", "VI", "V", "V")},
    ("cinematic", "major"): {"*": ("I", "vi", "IV", "V"), "chorus": ("I", "V", "vi", "IV")},
}  # fmt: skip


def progression(genre: str, mode: str, kind: str) -> tuple[str, ...]:
    """The numerals of one cycle of a section's progression, one chord per bar."""
    if genre == "blues":
        return MINOR_BLUES_12 if mode == "minor" else BLUES_12
    table = PROGRESSIONS.get((genre, mode)) or PROGRESSIONS[("pop", mode)]
    if kind in ("outro", "intro"):
        return table.get("*", next(iter(table.values())))
    return table.get(kind) or table["*"]


def section_chords(
    genre: str, key: str, mode: str, kind: str, bars: int, *, ending: bool
) -> list[Chord]:
    """One chord per bar for a section; a section that ends a song lands on the tonic."""
    numerals = progression(genre, mode, kind)
    chords = [chord(numerals[bar % len(numerals)], key, mode) for bar in range(bars)]
    if ending and bars:
        tonic = "i" if mode == "minor" else "I"
        suffix = "5" if genre == "metal" else "7" if genre in ("blues", "funk") else ""
        if bars >= 2:
            # "V I" is the cadence that says where home is.
            chords[-2] = chord("V5" if genre == "metal" else "V7", key, mode)
        chords[-1] = chord(tonic + suffix, key, mode)
    return chords


def voice(
    chord_: Chord, previous: tuple[int, ...] | None, *, low: int = 52, high: int = 76
) -> tuple[int, ...]:
    """Close-position pitches of a chord in [low, high] that move least from the previous voicing."""
    pcs = chord_.pitch_classes
    candidates = []
    for bottom in range(low, high - 6):
        if bottom % 12 not in pcs:
            continue
        chord_pitches = [bottom]
        for pc in pcs:
            if pc == bottom % 12:
                continue
            chord_pitches.append(bottom + (pc - bottom) % 12)
        chord_pitches.sort()
        if chord_pitches[-1] <= high:
            candidates.append(tuple(chord_pitches))
    if not candidates:
        return tuple(sorted(low + (pc - low) % 12 for pc in pcs))
    if previous is None:
        centre = (low + high) / 2
        return min(candidates, key=lambda c: (abs(sum(c) / len(c) - centre), c))
    prev_centre = sum(previous) / len(previous)
    return min(
        candidates, key=lambda c: (_movement(previous, c), abs(sum(c) / len(c) - prev_centre), c)
    )


def _movement(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """Total semitones each voice of `b` lies from the nearest voice of `a`."""
    return sum(min(abs(p - q) for q in a) for p in b)
