"""A prompt read as music: genre, mood, tempo, key, meter, band, vocal register and length."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from engine.compose.genres import GENRE_KEYS, GENRE_WORDS, GENRES, KEYS_MAJOR, KEYS_MINOR
from engine.compose.instrument_catalogue import BASS, COMP, PAD, THEME, Instrument, instruments_in
from engine.errors import invalid_params

MIN_BPM, MAX_BPM = 40.0, 240.0

MOOD_WORDS: dict[str, tuple[str, ...]] = {
    "happy": ("happy", "joyful", "upbeat", "cheerful", "sunny", "fun", "uplifting", "party", "bright", "playful",
              "carefree", "celebratory", "summer", "hopeful", "triumphant"),
    "sad": ("sad", "melancholy", "melancholic", "heartbroken", "heartbreak", "lonely", "sorrow", "sorrowful",
            "tearful", "mournful", "somber", "sombre", "grief", "gloomy", "blue", "rainy", "longing", "regret"),
    "dark": ("dark", "ominous", "sinister", "angry", "aggressive", "menacing", "brooding", "haunting", "eerie",
             "tense", "rage", "furious", "evil", "mysterious"),
    "calm": ("calm", "chill", "chilled", "relaxed", "relaxing", "mellow", "peaceful", "dreamy", "gentle", "lazy",
             "laid-back", "laid back", "soft", "soothing", "quiet", "slow", "sleepy", "ambient"),
    "energetic": ("energetic", "driving", "fast", "intense", "powerful", "anthemic", "hype", "groovy",
                  "danceable", "explosive", "high energy", "high-energy", "wild", "loud"),
    "romantic": ("romantic", "love", "tender", "sensual", "intimate", "sweet", "passionate"),
    "nostalgic": ("nostalgic", "wistful", "bittersweet", "reflective", "memories", "yearning"),
}  # fmt: skip
MOOD_TEMPO = {"happy": 1.05, "sad": 0.88, "dark": 0.97, "calm": 0.86, "energetic": 1.12, "romantic": 0.92,
              "nostalgic": 0.94, "neutral": 1.0}  # fmt: skip
MOOD_MINOR = {"sad": 0.95, "dark": 1.0, "happy": 0.05, "energetic": None, "nostalgic": 0.6}

_NUMBER = r"(\d{1,3}(?:\.\d+)?)"
_BPM = re.compile(
    _NUMBER
    + r"\s*(?:bpm\b|beats per minute)|\b(?:tempo|bpm)\s*(?:of\s*|=\s*|:\s*)?"
    + _NUMBER
    + r"\b"
)
_ACCIDENTAL = r"(#|♯|b|♭|\s+sharp|\s+flat|-sharp|-flat)?"
_KEY_WITH_MODE = re.compile(r"\b([A-Ga-g])" + _ACCIDENTAL + r"\s*-?\s*(major|minor|maj|min)\b")
_KEY_AFTER_WORD = re.compile(
    r"\b(?:in|key(?:\s+of)?:?)\s+([A-G])" + _ACCIDENTAL + r"(m)?(?![\w#♯♭'])"
)
_METER = re.compile(r"\b(2/4|3/4|4/4|6/8|9/8|12/8)\b")
_FEMALE = re.compile(r"\b(female|woman|women|girl|girls|soprano|her voice|diva)\b")
_MALE = re.compile(r"\b(male|man|men|boy|boys|baritone|tenor(?!\s+sax)|crooner)\b")


@dataclass(frozen=True)
class Style:
    """How a song should sound: tempo in felt beats per minute (dotted quarters in 6/8 and 12/8)."""

    genre: str
    mood: str
    bpm: float
    key: str
    mode: str
    time_signature: tuple[int, int]
    swing: float
    band: tuple[Instrument, ...]
    lead_program: int
    vocal_register: str  # "male", "female" or "duet"
    length: str  # "short", "normal" or "extended"

    def part(self, part: str) -> list[Instrument]:
        """The band members that play one part (comp, pad, theme or bass)."""
        return [member for member in self.band if member.part == part]


def parse_style(prompt: str, *, seed: int = 0) -> Style:
    """Read a music prompt; explicit tempo, key and meter win, the rest comes from genre and mood by
    seed."""
    text = " ".join((prompt or "").split())
    lower = text.lower()
    rng = random.Random(f"style:{seed}:{lower}")
    genre = _genre(lower)
    profile = GENRES[genre]
    mood = _mood(lower)
    meter = _meter(lower, profile.meter)
    mode = _mode(text, lower, mood, profile.minor_share, rng)
    key = _key(text, mode, genre, rng)
    return Style(
        genre=genre,
        mood=mood,
        bpm=_bpm(lower, profile.bpm_range, mood, rng),
        key=key,
        mode=mode,
        time_signature=meter,
        swing=profile.swing if meter[1] == 4 else 0.5,
        band=_band(lower, genre),
        lead_program=profile.lead,
        vocal_register=_vocal(lower, profile.vocal),
        length=_length(lower),
    )


def _matches(lower: str, words: dict[str, str] | tuple[str, ...]) -> list[tuple[int, int, str]]:
    found = []
    for word in words:
        for match in re.finditer(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", lower):
            found.append((match.start(), match.end(), word))
    return sorted(found, key=lambda m: (m[0], -m[1]))


def _genre(lower: str) -> str:
    found = _matches(lower, GENRE_WORDS)
    if not found:
        return "pop"
    _, end, word = found[0]
    # In a compound such as "blues rock" or "acoustic pop" the last word is the genre.
    for next_start, next_end, next_word in found[1:]:
        if next_start >= end and lower[end:next_start].strip(" -") == "":
            end, word = next_end, next_word
    return GENRE_WORDS[word]


def _mood(lower: str) -> str:
    first: tuple[int, str] | None = None
    for mood, words in MOOD_WORDS.items():
        for start, _, _ in _matches(lower, words)[:1]:
            if first is None or start < first[0]:
                first = (start, mood)
    return first[1] if first else "neutral"


def fastest_bpm(prompt: str) -> float:
    """The fastest tempo `parse_style` can choose for `prompt`, whatever the seed."""
    lower = " ".join((prompt or "").split()).lower()
    explicit = _explicit_bpm(lower)
    if explicit is not None:
        return explicit
    return _felt_bpm(lower, GENRES[_genre(lower)].bpm_range[1], _mood(lower))


def _bpm(lower: str, bpm_range: tuple[int, int], mood: str, rng: random.Random) -> float:
    explicit = _explicit_bpm(lower)
    if explicit is not None:
        return explicit
    return _felt_bpm(lower, rng.uniform(*bpm_range), mood)


def _explicit_bpm(lower: str) -> float | None:
    match = _BPM.search(lower)
    if not match:
        return None
    bpm = float(match.group(1) or match.group(2))
    if not MIN_BPM <= bpm <= MAX_BPM:
        raise invalid_params(f"prompt: tempo {bpm:g} bpm is outside {MIN_BPM:g}-{MAX_BPM:g}")
    return bpm


def _felt_bpm(lower: str, genre_bpm: float, mood: str) -> float:
    """A genre's tempo moved by the mood and by "slow" or "fast", within a comfortable range."""
    bpm = genre_bpm * MOOD_TEMPO[mood]
    if re.search(r"\b(slow|slowly)\b", lower):
        bpm *= 0.9
    elif re.search(r"\b(fast|quick|uptempo|up-tempo)\b", lower):
        bpm *= 1.1
    return float(round(min(max(bpm, MIN_BPM + 20), MAX_BPM - 40)))


def _meter(lower: str, default: tuple[int, int]) -> tuple[int, int]:
    match = _METER.search(lower)
    if match:
        numerator, denominator = match.group(1).split("/")
        return int(numerator), int(denominator)
    if re.search(r"\bwaltz", lower):
        return 3, 4
    return default


# E#, B#, Fb and Cb are written as the notes people name them by.
_RESPELL = {"E#": "F", "B#": "C", "Fb": "E", "Cb": "B"}


def _spell(letter: str, accidental: str | None) -> str:
    accidental = (accidental or "").strip().lstrip("-")
    suffix = {"#": "#", "♯": "#", "sharp": "#", "b": "b", "♭": "b", "flat": "b"}.get(accidental, "")
    name = letter.upper() + suffix
    return _RESPELL.get(name, name)


def _explicit_key(text: str) -> tuple[str, str | None] | None:
    for match in _KEY_WITH_MODE.finditer(text):
        # A lower-case letter is a key only right after "in" or "of": "a minor change" is not A
        # minor.
        if match.group(1).islower() and not re.search(
            r"\b(in|of)\s+$", text[: match.start()].lower()
        ):
            continue
        mode = "minor" if match.group(3).lower().startswith("min") else "major"
        return _spell(match.group(1), match.group(2)), mode
    match = _KEY_AFTER_WORD.search(text)
    if match:
        return _spell(match.group(1), match.group(2)), "minor" if match.group(3) else None
    return None


def _mode(text: str, lower: str, mood: str, minor_share: float, rng: random.Random) -> str:
    explicit = _explicit_key(text)
    if explicit and explicit[1]:
        return explicit[1]
    lean = MOOD_MINOR.get(mood)
    share = (
        minor_share if lean is None else (lean + minor_share) / 2 if mood == "nostalgic" else lean
    )
    return "minor" if rng.random() < share else "major"


def _key(text: str, mode: str, genre: str, rng: random.Random) -> str:
    explicit = _explicit_key(text)
    if explicit:
        return explicit[0]
    majors, minors = GENRE_KEYS.get(genre, (KEYS_MAJOR, KEYS_MINOR))
    return rng.choice(minors if mode == "minor" else majors)


def _band(lower: str, genre: str) -> tuple[Instrument, ...]:
    profile = GENRES[genre]
    named = instruments_in(lower)
    bass = next((i for i in named if i.part == BASS), Instrument("bass", profile.bass, BASS))
    band = [Instrument("comp", profile.comp, COMP)]
    if profile.pad is not None:
        band.append(Instrument("pad", profile.pad, PAD))
    band += [bass, Instrument("theme", profile.theme, THEME)]
    known = {member.program for member in band}
    band += [i for i in named if i.part != BASS and i.program not in known]
    return tuple(band)


def _vocal(lower: str, default: str) -> str:
    if re.search(r"\bduets?\b", lower) or (_FEMALE.search(lower) and _MALE.search(lower)):
        return "duet"
    if _FEMALE.search(lower):
        return "female"
    if _MALE.search(lower):
        return "male"
    return default


def _length(lower: str) -> str:
    if re.search(r"\b(short|brief|quick|snippet|jingle)\b", lower):
        return "short"
    if re.search(r"\b(extended|long|epic length|lengthy)\b", lower):
        return "extended"
    return "normal"
