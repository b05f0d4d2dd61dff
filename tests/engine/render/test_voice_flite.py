"""Flite's voices, which sing the leads: words with their phonemes, alike every time."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from scipy.signal import welch

from engine.compose import compose
from engine.errors import EngineError
from engine.render import voice, voice_flite, voice_vocoder
from engine.render.voice_phones import VOICE_RATE_HZ


def test_flite_gives_the_phonemes_of_a_word_in_order_with_their_vowels_and_stress():
    spoken = voice_flite.speak_word("tonight", "slt")
    assert [p.name for p in spoken.phones] == ["t", "ax", "n", "ay", "t"]
    assert [p.is_vowel for p in spoken.phones] == [False, True, False, True, False]
    assert [p.is_voiced for p in spoken.phones] == [False, True, True, True, False]
    assert [p.stressed for p in spoken.phones] == [False, False, True, True, True]
    assert spoken.sample_rate_hz == VOICE_RATE_HZ
    assert spoken.phones[0].start == 0 and spoken.phones[-1].end == len(spoken.audio)
    assert all(a.end == b.start for a, b in zip(spoken.phones, spoken.phones[1:], strict=False))


def test_a_word_lasts_as_long_as_flite_says_it_at_the_singing_voices_rate():
    spoken = voice_flite.speak_word("golden", "rms")
    assert 0.3 < len(spoken.audio) / VOICE_RATE_HZ < 0.9
    assert np.abs(spoken.audio).max() > 0.05


def test_a_word_sounds_the_same_whatever_was_spoken_before():
    first = voice_flite.speak_word("night", "slt")
    voice_flite.speak_word("something else entirely", "awb")
    again = voice_flite.speak_word("night", "slt")
    assert np.array_equal(first.audio, again.audio)


@pytest.mark.parametrize(
    ("word", "phones"),
    [
        ("hmm", ["hh", "m"]),
        ("Mmm", ["m"]),
        ("shh!", ["sh"]),
        ("sooo", ["s", "ow"]),
        ("heyyy", ["hh", "ey"]),
        ("café", ["k", "ax", "f", "ey"]),
    ],
)
def test_vocables_are_sung_held_letters_read_once_and_accents_read_as_their_letters(word, phones):
    assert [p.name for p in voice_flite.speak_word(word, "slt").phones] == phones


def test_every_voice_the_singing_voice_casts_speaks():
    cast = {*voice.LEAD_VOICES.values(), *voice.DOUBLE_VOICES.values()}
    cast |= {name for pair in voice.BACKING_VOICES.values() for name in pair}
    for name in cast:
        spoken = voice.speak_word("city", name)
        assert (
            spoken.sample_rate_hz == VOICE_RATE_HZ and sum(p.is_vowel for p in spoken.phones) == 2
        ), name


def test_a_word_flite_cannot_read_is_silent_not_an_error():
    assert voice_flite.speak_word("日本", "slt").phones == ()


def test_an_unknown_flite_voice_is_a_clear_error():
    with pytest.raises(EngineError, match="no voice 'kal'"):
        voice_flite.speak_word("city", "kal")


def test_without_flite_espeak_sings_its_parts_and_the_log_says_so(monkeypatch, caplog):
    monkeypatch.setattr(voice_flite, "available", lambda: False)
    voice._warn_flite_missing.cache_clear()
    with caplog.at_level(logging.WARNING, logger="engine.render.voice"):
        spoken = voice.speak_word("night", "flite:slt")
    assert [p.name for p in spoken.phones] == ["n", "aI", "t"]  # eSpeak's phoneme names
    assert "apt-get install libflite1" in caplog.text


def test_a_missing_library_names_the_package_to_install(monkeypatch):
    def no_library(name, mode=0):
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(voice_flite.ctypes, "CDLL", no_library)
    with pytest.raises(EngineError, match="apt-get install libflite1"):
        voice_flite._Flite()


def test_the_vocoder_gives_flites_16_khz_voice_the_air_above_8_khz(monkeypatch):

    score = compose("pop song, female vocals", "[Verse]\nSinging softly as the summer ends", seed=3)
    take = voice.song_takes(score)[0]
    assert take.voice == "flite:slt"

    def air_db(audio: np.ndarray) -> float:  # 8.5-10.5 kHz against 4-7 kHz
        freqs, power = welch(audio, VOICE_RATE_HZ, nperseg=1024)
        return float(
            10
            * np.log10(
                power[(freqs >= 8500) & (freqs < 10500)].sum()
                / power[(freqs >= 4000) & (freqs < 7000)].sum()
            )
        )

    voice._spoken.cache_clear()
    extended = air_db(voice.render_take(take)[1])
    monkeypatch.setattr(voice_vocoder, "_extend_band", lambda *args: None)
    voice._spoken.cache_clear()
    cut = air_db(voice.render_take(take)[1])
    voice._spoken.cache_clear()
    assert cut < -25.0  # what Flite's own audio has up there: next to nothing
    assert cut + 15.0 < extended < 0.0  # continued, and still below the presence band


def test_the_aperiodicity_taken_on_alternate_frames_follows_the_one_taken_on_every_frame(
    monkeypatch,
):
    word = voice.speak_word("remember", "flite:rms")
    alternate = voice_vocoder.analyse_word(word)
    monkeypatch.setattr(voice_vocoder, "APERIODICITY_STEP", 1)
    every = voice_vocoder.analyse_word(word)

    assert alternate.aperiodicity.shape == every.aperiodicity.shape
    # On the frames taken, D4C's own (it dithers its input: not to the last digit)...
    assert np.median(np.abs(alternate.aperiodicity[::2] - every.aperiodicity[::2])) < 0.01
    # ...and in between an interpolation, off by a few hundredths where the phonemes hold still.
    off = np.abs(alternate.aperiodicity[1::2] - every.aperiodicity[1::2])
    assert 0.0 < np.median(off) < 0.05
