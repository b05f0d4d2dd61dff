import pytest

from engine.lyrics.check import line_problems


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("She wait on the porch", "agreement"),
        ("I waits by the window", "agreement"),
        ("The dogs barks in the yard", "agreement"),
        ("There is roses on the table", "agreement"),
        ("I will waited", "agreement"),
        ("A rain falls on the roof", "article"),
        ("An candle burns in the window", "article"),
        ("The rusty rain falls", "adjective"),
        ("The coffee is wooden", "adjective"),
        ("I read the guitar", "object"),
        ("The rain prays", "subject"),
        ("I still remember the soaked devotion", "unknown"),
    ],
)
def test_it_finds_what_is_wrong_in_a_line(line, kind):
    assert kind in {problem.kind for problem in line_problems(line)}


@pytest.mark.parametrize(
    "line",
    [
        "The rain falls on the roof",
        "She held the letter in the kitchen",
        "There are roses on the table",
        "You never called me",
        "Then you packed your bag and drove away",
        "Someday I will wait at the station in Lisbon",
        "Rain on the roof",
    ],
)
def test_it_finds_nothing_wrong_in_a_good_line(line):
    assert line_problems(line) == []
