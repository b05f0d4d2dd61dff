"""A stored cover analysis for the tests that read one back: written as the analysis stores it
(key and chords with sharps, as analyses stored before spelling have them), no audio analysed."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

from accounts.models import Team
from covers.models import CoverFeature, ReferenceAudio
from engine.analysis.lyrics_format import format_lyrics
from engine.analysis.speech import Word
from engine.analysis.structure import Section

SECTIONS = [
    {"start": 0.0, "end": 8.0, "label": "verse"},
    {"start": 8.0, "end": 16.0, "label": "chorus"},
]
# Two sung lines: a pause of more than a breath between "window," and "I".
WORDS = [
    {"start": 1.0, "end": 1.4, "word": "rain"},
    {"start": 1.5, "end": 1.7, "word": "on"},
    {"start": 1.8, "end": 2.0, "word": "the"},
    {"start": 2.1, "end": 2.8, "word": "window,"},
    {"start": 9.0, "end": 9.3, "word": "I"},
    {"start": 9.4, "end": 9.9, "word": "hear"},
    {"start": 10.0, "end": 10.6, "word": "you."},
]
FEATURES = {
    "tempo_bpm": 120.0,
    "beats_s": [0.5 * beat for beat in range(32)],
    "key": "D#",
    "mode": "major",
    "chords": [
        {"start": 0.0, "end": 4.0, "chord": "D#"},
        {"start": 4.0, "end": 4.4, "chord": "F"},  # a passing chord
        {"start": 4.4, "end": 8.0, "chord": "G#"},
        {"start": 8.0, "end": 12.0, "chord": "A#"},
        {"start": 12.0, "end": 16.0, "chord": "N"},
    ],
    "melody": [{"start": 1.0, "end": 2.8, "pitch": 63}],
    "sections": SECTIONS,
    "words": WORDS,
    "peaks": [0.1, 0.5, 0.3],
}


def formatted(words: list[dict], sections: list[dict]) -> str:
    """The lyrics the analysis writes from these words and sections."""
    return format_lyrics(
        [Word(w["start"], w["end"], w["word"], 1.0) for w in words],
        [Section(s["start"], s["end"], s["label"]) for s in sections],
    )


def analysis_store(
    team: Team, *, feature_id: str = "f" * 32, name: str = "demo.wav"
) -> CoverFeature:
    """A 16 s recording of the team's and its analysis, 24 h to live."""
    reference = ReferenceAudio.objects.create(
        team=team,
        file=f"teams/{team.pk}/references/{feature_id}.wav",
        md5=feature_id,
        sha256="b" * 64,
        format="wav",
        size=10,
        duration_s=16.0,
        name=name,
    )
    return CoverFeature.objects.create(
        team=team,
        feature_id=feature_id,
        reference=reference,
        features=FEATURES,
        formatted_lyrics=formatted(WORDS, SECTIONS),
        structure_result=json.dumps({"num_segments": len(SECTIONS), "segments": SECTIONS}),
        audio_duration=16.0,
        expires_at=timezone.now() + timedelta(hours=24),
    )
