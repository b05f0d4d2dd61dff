from engine.lyrics import MeterIssue, lint_meter, rhymes_for
from tests.engine.lyrics.helpers import cmu_rhyme


def test_rhymes_for_lists_common_rhymes_first():
    found = rhymes_for("night")
    assert len(found) == 20
    assert set(found[:8]) <= {"light", "bright", "fight", "white", "sight", "tight", "right", "kite", "ignite",
                              "tonight", "alright", "flight", "height"}  # fmt: skip
    assert all(cmu_rhyme("night", word) for word in found)
    assert "night" not in found


def test_rhymes_for_respects_the_limit_and_unknown_words_give_nothing():
    assert len(rhymes_for("rain", limit=5)) == 5
    assert rhymes_for("qzxv") == []


def test_lint_meter_finds_a_line_far_off_its_sections_meter():
    lyrics = (
        "[Verse 1]\nI walk along the river side\nThe water runs so cold and wide\n"
        "And every single star that shines above the town tonight is mine\nI hold my heart\n\n"
        "[Chorus]\nOh river run\nOh river run\n"
    )
    issues = lint_meter(lyrics)
    assert [(i.section_label, i.line_index) for i in issues] == [("Verse 1", 2), ("Verse 1", 3)]
    long_line = issues[0]
    assert isinstance(long_line, MeterIssue)
    assert long_line.syllables == 17
    assert long_line.expected[0] <= 8 <= long_line.expected[1]
    assert "long" in long_line.message and "short" in issues[1].message


def test_lint_meter_ignores_backing_vocals():
    lyrics = "[Verse]\nI walk along the river side\nThe water runs so cold and wide\n(ooh)\n"
    assert lint_meter(lyrics) == []
