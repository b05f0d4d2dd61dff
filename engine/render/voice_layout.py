"""Where the sounds of each sung syllable go: vowels on the notes, consonants between them.

A singer lands the vowel on the beat: the consonants before it are sung just ahead of the note,
taking their time from the previous vowel, and keep their spoken length unless the notes are too
quick for them. That is what keeps fast words intelligible.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.render.voice_syllables import SpokenSyllable
from engine.render.voice_vocoder import SungNote, SyllableLayout, WordFeatures

MIN_VOWEL_S = 0.06  # the least of a note the vowel keeps when consonants crowd it...
MIN_VOWEL_SHARE = 0.4  # ...and the least share of it: the note must be heard on its pitch
REST_S = 0.15  # a gap between notes longer than this is a breath, not legato


@dataclass(frozen=True)
class SyllableToSing:
    """A spoken syllable and the notes it is sung on."""

    features: WordFeatures
    spoken: SpokenSyllable
    notes: tuple[SungNote, ...]


def layout_syllables(syllables: list[SyllableToSing]) -> list[SyllableLayout]:
    """Timeline spans for consecutive syllables of a phrase (see `SyllableLayout`)."""
    if not syllables:
        return []
    rate = syllables[0].features.sample_rate_hz
    spans = layout_spans(
        [(s.spoken.onset[1] - s.spoken.onset[0]) / rate for s in syllables],
        [(s.spoken.coda[1] - s.spoken.coda[0]) / rate for s in syllables],
        [s.notes for s in syllables],
    )
    return [
        SyllableLayout(s.features, s.spoken, *span, s.notes)
        for s, span in zip(syllables, spans, strict=True)
    ]


def layout_spans(
    onset: list[float], coda: list[float], notes: list[tuple[SungNote, ...]]
) -> list[tuple[float, float, float, float]]:
    """(onset_s, vowel_s, coda_s, end_s) of consecutive syllables, from how long each one's onset
    and coda consonants are spoken (s) and the notes it is sung on."""
    n = len(notes)
    vowel = [s[0].start_s for s in notes]
    note_end = [s[-1].end_s for s in notes]
    onset_s = [v - o for v, o in zip(vowel, onset, strict=True)]
    coda_s = [0.0] * n
    end_s = [0.0] * n
    for i in range(n):
        if i + 1 < n and vowel[i + 1] - note_end[i] <= REST_S:
            # Legato: the coda and the next onset form one cluster ending on the next note.
            cluster = coda[i] + onset[i + 1]
            span = vowel[i + 1] - vowel[i]
            room = span - max(MIN_VOWEL_S, MIN_VOWEL_SHARE * span)
            scale = min(1.0, max(0.0, room) / cluster) if cluster > 0 else 1.0
            coda_s[i] = vowel[i + 1] - cluster * scale
            end_s[i] = coda_s[i] + coda[i] * scale
            onset_s[i + 1] = end_s[i]
        else:
            # Before a breath (or at the phrase's end) the vowel holds the note; the coda closes it.
            coda_s[i] = max(vowel[i] + MIN_VOWEL_S, note_end[i] - 0.5 * coda[i])
            end_s[i] = coda_s[i] + coda[i]
            if i + 1 < n:
                onset_s[i + 1] = min(vowel[i + 1], max(onset_s[i + 1], end_s[i]))
                end_s[i] = min(end_s[i], onset_s[i + 1])
                coda_s[i] = min(coda_s[i], end_s[i])
    return [(onset_s[i], vowel[i], max(vowel[i], coda_s[i]), end_s[i]) for i in range(n)]
