import pytest

from engine.lyrics import count_syllables, syllabify_line


@pytest.mark.parametrize(
    ("word", "count"),
    [("night", 1), ("rainy", 2), ("beautiful", 3), ("remember", 3), ("everything", 3), ("the", 1),
     ("umbrella", 3), ("yesterday", 3), ("strength", 1), ("lonely", 2)],
)  # fmt: skip
def test_known_words_have_their_dictionary_syllable_count(word, count):
    assert count_syllables(word) == count


def test_a_line_counts_the_syllables_of_all_its_words():
    assert count_syllables("I walk the empty streets tonight") == 8


def test_unknown_words_get_a_heuristic_count():
    assert count_syllables("zorblaxitude") >= 3
    assert count_syllables("blorp") == 1


def test_syllables_carry_their_word_and_stress():
    syllables = syllabify_line("Remember the rainy night")
    assert [s.text for s in syllables][:3] == ["Re", "mem", "ber"]
    assert [s.stressed for s in syllables] == [False, True, False, False, True, False, True]
    assert [s.word_index for s in syllables] == [0, 0, 0, 1, 2, 2, 3]
    assert "".join(s.text for s in syllables if s.word == "rainy") == "rainy"


def test_parentheses_are_stripped_and_function_words_unstressed():
    syllables = syllabify_line("(Oh) I love you")
    assert [s.word for s in syllables] == ["Oh", "I", "love", "you"]
    assert [s.stressed for s in syllables] == [False, False, True, False]


def test_the_chunks_of_a_word_spell_the_word():
    for word in ["everything", "together", "umbrella", "piano", "holiday", "whisper"]:
        assert "".join(s.text for s in syllabify_line(word)) == word
