"""What each genre brings by default: tempo range, mode, keys, meter, swing and the band (GM
programs)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GenreProfile:
    """Defaults of a genre; programs are General MIDI (0-127), `pad` None when the genre has none."""

    name: str
    bpm_range: tuple[int, int]
    minor_share: float  # chance of a minor key when neither prompt nor mood decides
    meter: tuple[int, int]
    swing: float  # where the off-beat eighth falls: 0.5 straight, 2/3 triplet swing
    comp: int
    pad: int | None
    bass: int
    theme: int  # the instrument of themes and solos in instrumental sections
    lead: int  # stands in for the voice until the singer exists
    vocal: str  # default vocal register


GENRES: dict[str, GenreProfile] = {
    p.name: p
    for p in (
        GenreProfile("pop", (100, 124), 0.3, (4, 4), 0.5, 0, 89, 33, 81, 80, "female"),
        GenreProfile("rock", (112, 140), 0.4, (4, 4), 0.5, 29, 18, 34, 30, 65, "male"),
        GenreProfile("blues", (66, 84), 0.2, (12, 8), 0.5, 26, 16, 33, 27, 65, "male"),
        GenreProfile("jazz", (112, 156), 0.3, (4, 4), 2 / 3, 0, None, 32, 66, 65, "female"),
        GenreProfile("folk", (88, 112), 0.35, (4, 4), 0.5, 25, 48, 32, 73, 73, "male"),
        GenreProfile("country", (96, 124), 0.15, (4, 4), 0.5, 25, 110, 33, 105, 22, "male"),
        GenreProfile("hiphop", (82, 96), 0.8, (4, 4), 0.5, 4, 89, 38, 11, 80, "male"),
        GenreProfile("rnb", (68, 90), 0.45, (4, 4), 0.5, 4, 89, 33, 65, 73, "female"),
        GenreProfile("electronic", (120, 128), 0.5, (4, 4), 0.5, 81, 90, 38, 80, 80, "female"),
        GenreProfile("reggae", (72, 84), 0.35, (4, 4), 0.5, 27, 16, 33, 65, 73, "male"),
        GenreProfile("metal", (132, 168), 0.95, (4, 4), 0.5, 30, None, 34, 30, 65, "male"),
        GenreProfile("ballad", (64, 78), 0.4, (4, 4), 0.5, 0, 48, 32, 40, 73, "female"),
        GenreProfile("lofi", (72, 88), 0.4, (4, 4), 0.58, 4, 89, 33, 11, 73, "female"),
        GenreProfile("funk", (98, 114), 0.5, (4, 4), 0.5, 28, 4, 36, 61, 65, "male"),
        GenreProfile("latin", (92, 116), 0.6, (4, 4), 0.5, 24, None, 32, 56, 73, "female"),
        GenreProfile("cinematic", (72, 100), 0.75, (4, 4), 0.5, 48, 49, 32, 60, 73, "female"),
    )
}

# Words and phrases that name a genre (whole words, lower case); longer phrases are tried first.
GENRE_WORDS: dict[str, str] = {
    "pop": "pop", "synthpop": "pop", "synth-pop": "pop", "k-pop": "pop", "kpop": "pop", "dance pop": "pop",
    "rock": "rock", "punk": "rock", "grunge": "rock", "indie rock": "rock", "alt rock": "rock",
    "rock and roll": "rock", "rock'n'roll": "rock",
    "blues": "blues", "bluesy": "blues", "delta blues": "blues",
    "jazz": "jazz", "jazzy": "jazz", "swing": "jazz", "bebop": "jazz", "big band": "jazz", "bossa nova": "latin",
    "folk": "folk", "acoustic": "folk", "singer-songwriter": "folk", "indie folk": "folk", "celtic": "folk",
    "country": "country", "bluegrass": "country", "americana": "country", "honky tonk": "country",
    "western": "country",
    "hip hop": "hiphop", "hip-hop": "hiphop", "hiphop": "hiphop", "rap": "hiphop", "trap": "hiphop",
    "boom bap": "hiphop", "boom-bap": "hiphop", "drill": "hiphop",
    "r&b": "rnb", "rnb": "rnb", "r'n'b": "rnb", "rhythm and blues": "rnb", "soul": "rnb", "neo soul": "rnb",
    "neo-soul": "rnb", "motown": "rnb", "gospel": "rnb",
    "electronic": "electronic", "edm": "electronic", "house": "electronic", "techno": "electronic",
    "trance": "electronic", "dance": "electronic", "synthwave": "electronic", "disco": "electronic",
    "electro": "electronic", "club": "electronic", "deep house": "electronic",
    "reggae": "reggae", "ska": "reggae", "dub": "reggae", "dancehall": "reggae", "rocksteady": "reggae",
    "metal": "metal", "heavy metal": "metal", "thrash": "metal", "death metal": "metal", "metalcore": "metal",
    "ballad": "ballad", "power ballad": "ballad", "lullaby": "ballad",
    "lo-fi": "lofi", "lofi": "lofi", "lo fi": "lofi", "chillhop": "lofi",
    "funk": "funk", "funky": "funk",
    "latin": "latin", "salsa": "latin", "samba": "latin", "cumbia": "latin", "tango": "latin",
    "reggaeton": "latin", "flamenco": "latin", "mambo": "latin", "bolero": "latin",
    "cinematic": "cinematic", "orchestral": "cinematic", "film score": "cinematic", "soundtrack": "cinematic",
    "epic": "cinematic", "symphonic": "cinematic", "trailer": "cinematic",
}  # fmt: skip

KEYS_MAJOR = ("C", "G", "D", "A", "E", "F", "Bb", "Eb")
KEYS_MINOR = ("A", "E", "D", "B", "G", "C", "F#")
# Keys a genre's instruments sit well in (guitars like E and A, horns like flats).
GENRE_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "rock": (("E", "A", "D", "G"), ("E", "A", "B", "D")),
    "metal": (("E", "D"), ("E", "D", "B", "C")),
    "blues": (("E", "A", "G", "Bb"), ("A", "E", "G", "C")),
    "jazz": (("F", "Bb", "Eb", "C"), ("C", "D", "G", "F")),
    "country": (("G", "D", "A", "C", "E"), ("E", "A", "D")),
    "folk": (("G", "D", "C", "A"), ("E", "A", "D")),
}
