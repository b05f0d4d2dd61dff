"""Spoken words cut into the syllables a melody sings, and those syllables laid on their notes."""

from __future__ import annotations

import pytest

from engine.render.voice import speak_word
from engine.render.voice_layout import SyllableToSing, layout_syllables
from engine.render.voice_syllables import split_syllables
from engine.render.voice_vocoder import SungNote, analyse_word

VOICE = "en-us"
VOICES = ("en-us", "flite:slt")  # eSpeak's and Flite's phonemes split alike


def test_espeak_gives_the_phonemes_of_a_word_in_order_with_their_vowels():
    spoken = speak_word("tonight", VOICE)
    assert [p.name for p in spoken.phones] == ["t", "@", "n", "aI", "t"]
    assert [p.is_vowel for p in spoken.phones] == [False, True, False, True, False]
    assert spoken.phones[0].start == 0 and spoken.phones[-1].end == len(spoken.audio)


@pytest.mark.parametrize("voice", VOICES)
@pytest.mark.parametrize(
    ("word", "count"), [("city", 2), ("fire", 1), ("every", 3), ("strength", 1), ("hmm", 1)]
)
def test_a_word_splits_into_as_many_syllables_as_the_melody_sings(word, count, voice):
    spoken = speak_word(word, voice)
    parts = split_syllables(spoken.phones, count)
    assert len(parts) == count
    edges = [edge for part in parts for edge in (part.onset, part.vowel, part.coda)]
    assert edges[0][0] == 0 and edges[-1][1] == len(spoken.audio)
    assert all(a[1] == b[0] for a, b in zip(edges, edges[1:], strict=False)), (
        "spans must tile the word"
    )
    assert all(part.vowel[1] > part.vowel[0] for part in parts)


@pytest.mark.parametrize("voice", VOICES)
def test_one_consonant_between_vowels_opens_the_next_syllable(voice):
    spoken = speak_word("city", voice)
    first, second = split_syllables(spoken.phones, 2)
    assert first.coda[1] - first.coda[0] == 0
    assert second.onset[1] - second.onset[0] > 0


def test_vowels_land_on_their_notes_and_consonants_sing_just_before():
    spoken = speak_word("tonight", VOICE)
    features = analyse_word(spoken)
    to, night = split_syllables(spoken.phones, 2)
    notes = [(SungNote(60.0, 1.0, 1.45),), (SungNote(62.0, 1.5, 2.4),)]
    first, second = layout_syllables(
        [SyllableToSing(features, to, notes[0]), SyllableToSing(features, night, notes[1])]
    )
    assert (first.vowel_s, second.vowel_s) == (1.0, 1.5)
    assert first.onset_s < 1.0  # the "t" is sung ahead of the beat
    assert first.coda_s <= second.onset_s <= 1.5  # the "n" between the vowels, before the note
    assert second.coda_s < second.end_s
    assert second.end_s == pytest.approx(2.4 + (second.end_s - second.coda_s) / 2)
