"""The neural voice: a short phrase sung by each lead is on its notes and understood, a man sings
lower than a woman, a word with nothing to say is silence, and the same words sing the same
samples in two fresh processes. (Its phonemes: test_voice_kokoro_phonemes.py; its model files:
test_kokoro_model.py.)"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soxr

from engine.analysis.speech import SPEECH_RATE_HZ, transcribe_words
from engine.analysis.sung import normalise_words, note_pitch_errors
from engine.compose import compose
from engine.compose.lyric_times import read_synced_lyrics, synced_lyrics, word_times
from engine.render import kokoro_model
from engine.render.voice import sung_quality, sung_word_starts
from engine.render.voice_kokoro import (
    DEVOICED_BELOW,
    FRAME_S,
    HELD_BELOW,
    LEAD_PAD_FRAMES,
    WordToSing,
    _sung_energy,
    sing_words,
    word_starts,
)
from engine.render.voice_kokoro_phonemes import word_tokens
from engine.render.voice_phones import VOICE_RATE_HZ
from engine.render.voice_vocoder import SungNote

pytestmark = pytest.mark.skipif(
    not kokoro_model.available(), reason="the neural voice's packages are not installed"
)
ROOT = Path(__file__).resolve().parents[3]
# "hold me close tonight", a syllable a note, at the pitches each lead's range sings
PHRASE = (("hold", 1), ("me", 1), ("close", 1), ("tonight", 2))
FEMALE_PITCHES = (57, 59, 60, 62, 60)  # A3..D4
MALE_PITCHES = (45, 47, 48, 50, 48)  # A2..D3
NOTE_S = 0.5


def _phrase(pitches: tuple[int, ...]) -> list[WordToSing]:
    notes = iter(
        SungNote(float(p), 0.4 + k * NOTE_S, 0.4 + (k + 1) * NOTE_S - 0.02)
        for k, p in enumerate(pitches)
    )
    return [
        WordToSing(text, tuple((next(notes),) for _ in range(syllables)))
        for text, syllables in PHRASE
    ]


def _on_timeline(sung: tuple[float, np.ndarray]) -> np.ndarray:
    start_s, audio = sung
    lead_in = np.zeros(int(round(start_s * VOICE_RATE_HZ)), dtype=np.float32)
    return np.concatenate((lead_in, audio, np.zeros(VOICE_RATE_HZ // 2, dtype=np.float32)))


@pytest.fixture(scope="module")
def female() -> np.ndarray:
    return _on_timeline(sing_words(_phrase(FEMALE_PITCHES), "alpha"))


@pytest.fixture(scope="module")
def male() -> np.ndarray:
    return _on_timeline(sing_words(_phrase(MALE_PITCHES), "kumo"))


def _notes(pitches):
    return [(p, 0.4 + k * NOTE_S, 0.4 + (k + 1) * NOTE_S - 0.02) for k, p in enumerate(pitches)]


@pytest.mark.parametrize(("lead", "pitches"), [("female", FEMALE_PITCHES), ("male", MALE_PITCHES)])
def test_each_lead_sings_the_phrase_on_its_notes(request, lead, pitches):
    audio = request.getfixturevalue(lead)
    errors = note_pitch_errors(audio, VOICE_RATE_HZ, _notes(pitches))
    judged = [abs(e) for e in errors if e is not None]
    assert len(judged) >= 4
    assert sum(e <= 50.0 for e in judged) >= len(judged) - 1, errors


@pytest.mark.parametrize("lead", ["female", "male"])
def test_each_lead_is_understood(request, lead):
    audio = request.getfixturevalue(lead)
    heard = " ".join(
        w.word for w in transcribe_words(soxr.resample(audio, VOICE_RATE_HZ, SPEECH_RATE_HZ))
    )
    found = set(normalise_words(heard).split())
    assert len({"hold", "me", "close", "tonight"} & found) >= 3, heard


def test_a_male_lead_sings_lower_than_a_female_one(female, male):
    def median_f0(audio):
        errors_free = note_pitch_errors(audio, VOICE_RATE_HZ, [(60.0, 0.4, 0.4 + 5 * NOTE_S)])
        return 60.0 + errors_free[0] / 100.0

    assert median_f0(female) - median_f0(male) >= 9.0  # at least a major sixth apart


def test_a_word_with_nothing_to_say_is_sung_as_silence():
    assert word_tokens("!?!") == ()
    note = (SungNote(60.0, 0.5, 0.9),)
    assert sing_words([WordToSing("--", (note,))], "alpha") is None
    start_s, audio = sing_words(
        [WordToSing("--", (note,)), WordToSing("love", ((SungNote(60.0, 1.0, 1.5),),))], "alpha"
    )
    assert start_s > 0.5  # the voice starts at the word it can say
    assert np.abs(audio).max() > 0.05


def test_a_word_begins_where_its_first_consonant_is_sung_and_a_vowel_on_its_note():
    words = _phrase(FEMALE_PITCHES)  # hold me close tonight
    words.insert(1, WordToSing("--", (words[0].syllable_notes[0],)))
    words.append(WordToSing("on", ((SungNote(60.0, 3.0, 3.4),),)))

    starts = word_starts(words, "alpha")
    audio_start_s, _ = sing_words(words, "alpha")

    hold, nothing, me, close, tonight, on = starts
    assert nothing is None
    for start, word in zip((hold, me, close, tonight), words[:1] + words[2:5], strict=True):
        note_s = word.syllable_notes[0][0].start_s
        assert note_s - 0.4 < start < note_s - 0.03  # a consonant is sung ahead of the note
    assert on == pytest.approx(3.0, abs=0.026)  # a vowel starts on it (within a frame)
    # the first word starts the audio, after the silence the model is given before a line
    assert hold == pytest.approx(audio_start_s + LEAD_PAD_FRAMES * FRAME_S)


def test_the_lrc_times_each_word_where_the_neural_voice_begins_it_ahead_of_its_note():
    lyrics = (
        "[Verse]\nThe rain is falling on the city tonight\nI will hold you till the morning light\n"
    )
    score = compose(
        "a gentle folk ballad, female vocals, 84 bpm", lyrics, seed=2, voice_quality="full"
    )
    assert sung_quality(score) == "full"
    on_the_notes = word_times(score)

    in_the_lrc = [
        w
        for line in read_synced_lyrics(synced_lyrics(score, sung_word_starts(score)))
        for w in line.words
    ]

    ahead = [n.start_s - w.start_s for n, w in zip(on_the_notes, in_the_lrc, strict=True)]
    assert len(ahead) == 16
    assert all(-0.006 <= a < 0.4 for a in ahead), ahead
    # "the rain is falling ...": most words open with a consonant, sung before the note
    assert sum(a > 0.05 for a in ahead) >= 10, ahead


SING_IN_A_FRESH_PROCESS = """
import hashlib, sys
from engine.render.voice_kokoro import (
    FRAME_S,
    LEAD_PAD_FRAMES,
    WordToSing,
    sing_words,
    word_starts,
)
from engine.render.voice_vocoder import SungNote
words = [WordToSing("sing", ((SungNote(60.0, 0.3, 0.7),),)),
         WordToSing("again", ((SungNote(62.0, 0.72, 1.0),), (SungNote(64.0, 1.02, 1.5),)))]
start_s, audio = sing_words(words, "nezumi")
print(start_s, hashlib.sha256(audio.tobytes()).hexdigest())
"""


def test_the_same_words_sing_the_same_samples_in_two_fresh_processes():
    def sung() -> str:
        return subprocess.run(
            [sys.executable, "-c", SING_IN_A_FRESH_PROCESS],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout.strip()

    first = sung()
    assert first and first == sung()
    assert len(first.split()[1]) == len(hashlib.sha256().hexdigest())


def test_a_vowel_the_model_would_whisper_is_sung_at_the_level_of_the_others():
    # "suit" spoken by a voice whose prosody is Japanese: its vowel between voiceless consonants
    # comes out five below the others; sung, it is raised to DEVOICED_BELOW under their median
    line = [t for w in ("so", "suit", "me") for t in word_tokens(w)]
    frames = np.array([2] + [3] * len(line) + [2])
    levels = {"u": 1.0}
    spoken = np.concatenate(
        [
            np.full(
                2 * f, -6.0 if k in (0, len(frames) - 1) else levels.get(line[k - 1].symbol, 6.5)
            )
            for k, f in enumerate(frames)
        ]
    ).astype(np.float32)

    sung = _sung_energy(spoken, frames, frames, line)

    per_token = np.split(sung, np.cumsum(2 * frames)[:-1])
    vowel_levels = {
        line[k - 1].symbol: float(per_token[k].mean())
        for k in range(1, len(frames) - 1)
        if line[k - 1].is_vowel
    }
    assert vowel_levels["u"] == pytest.approx(6.5 - DEVOICED_BELOW)
    assert all(
        level == pytest.approx(6.5) for symbol, level in vowel_levels.items() if symbol != "u"
    )


def test_a_vowel_held_through_a_long_note_is_sung_full_voice():
    # "me" at a line's end, spoken fading: held past the model's cut, it is raised to HELD_BELOW
    # under the line's median vowel, where the same vowel sung short keeps DEVOICED_BELOW
    line = [t for w in ("so", "far", "me") for t in word_tokens(w)]
    frames = np.array([2] + [3] * len(line) + [2])
    last_vowel = max(k for k in range(1, len(frames) - 1) if line[k - 1].is_vowel)
    spoken = np.concatenate(
        [
            np.full(2 * f, -6.0 if k in (0, len(frames) - 1) else (2.0 if k == last_vowel else 6.5))
            for k, f in enumerate(frames)
        ]
    ).astype(np.float32)
    held = np.zeros(len(frames), dtype=bool)
    held[last_vowel] = True

    def level_of_the_last_vowel(held_vowels):
        sung = _sung_energy(spoken, frames, frames, line, held=held_vowels)
        return float(np.split(sung, np.cumsum(2 * frames)[:-1])[last_vowel].mean())

    assert level_of_the_last_vowel(held) == pytest.approx(6.5 - HELD_BELOW)
    assert level_of_the_last_vowel(None) == pytest.approx(6.5 - DEVOICED_BELOW)
