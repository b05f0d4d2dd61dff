"""A stored analysis read back as the analysis page shows it: spans in seconds, keys and chords
spelt as the key writes them, the heard words as timed lines.

The analysis finds one key for the whole recording, so `keys` holds one span; it finds no meter
and no downbeats, so there are none to give.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from covers.lanes import key_name, written_chords
from covers.models import CoverFeature
from engine.analysis.lyrics_format import line_text, lines_from_words
from engine.analysis.speech import Word
from engine.compose.theory import spelled


@dataclass(frozen=True)
class KeySpan:
    start_s: float
    end_s: float
    key: str  # the tonic as the key's signature spells it: "Eb"
    mode: str  # "major" or "minor"
    name: str  # "Eb minor"


@dataclass(frozen=True)
class ChordSpan:
    start_s: float
    end_s: float
    chord: str  # "Ab", "Fm"


@dataclass(frozen=True)
class SectionSpan:
    start_s: float
    end_s: float
    label: str  # "intro", "verse", "chorus", "bridge", "outro", "inst", "silence"


@dataclass(frozen=True)
class LyricLine:
    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class Analysis:
    feature: CoverFeature
    tempo_bpm: float | None  # None: no steady pulse was found
    beats_s: list[float]
    keys: list[KeySpan]
    chords: list[ChordSpan]
    sections: list[SectionSpan]
    lyric_lines: list[LyricLine]


def analysis_read(feature: CoverFeature) -> Analysis:
    """What `feature`'s analysis found, as its page shows it (chords as the chord lane writes
    them down; sections from the structure result the Music API returned)."""
    features = feature.features
    key, mode = features.get("key", ""), features.get("mode", "")
    keys = (
        [KeySpan(0.0, feature.audio_duration, spelled(key, key, mode), mode, key_name(features))]
        if key
        else []
    )
    chords = [
        ChordSpan(chord["start"], chord["end"], chord["chord"])
        for chord in written_chords(features.get("chords", []), key, mode)
    ]
    segments = json.loads(feature.structure_result or "{}").get("segments", [])
    return Analysis(
        feature=feature,
        tempo_bpm=features.get("tempo_bpm") or None,
        beats_s=list(features.get("beats_s", [])),
        keys=keys,
        chords=chords,
        sections=[SectionSpan(s["start"], s["end"], s["label"]) for s in segments],
        lyric_lines=_lyric_lines(features.get("words", [])),
    )


def _lyric_lines(words: list[dict]) -> list[LyricLine]:
    """The heard words in the lines `formatted_lyrics` has them in, each with its times."""
    # Stored words keep no recognition probability; grouping them into lines does not read it.
    heard = [Word(w["start"], w["end"], w["word"], probability=1.0) for w in words]
    return [
        LyricLine(line[0].start_s, line[-1].end_s, line_text(line))
        for line in lines_from_words(heard)
    ]
