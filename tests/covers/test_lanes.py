"""The analysis page's lanes: chords a musician would write down, labels only where they fit."""

from covers.lanes import MIN_LABEL_PERCENT, chord_lane, key_name, section_lane


def chord(start, end, name):
    return {"start": start, "end": end, "chord": name}


def test_chords_are_spelt_in_the_key_even_when_stored_with_sharps():
    lane = chord_lane([chord(0, 4, "Cm"), chord(4, 8, "G#"), chord(8, 12, "D#")], "C", "minor", 12)

    assert [c["chord"] for c in lane] == ["Cm", "Ab", "Eb"]
    assert key_name({"key": "D#", "mode": "major"}) == "Eb major"
    assert key_name({"key": "E", "mode": "minor"}) == "E minor"


def test_a_passing_chord_joins_the_one_before_and_a_repeated_one_is_one_span():
    stored = [chord(0.0, 0.4, "F"), chord(0.4, 4, "Am"), chord(4, 4.3, "E"), chord(4.3, 8, "Am"),
              chord(8, 12, "Dm"), chord(12, 13, "N")]  # fmt: skip

    lane = chord_lane(stored, "A", "minor", 13)

    assert [(c["chord"], c["start"], c["end"]) for c in lane] == [("Am", 0.0, 8), ("Dm", 8, 12)]
    assert lane[1]["left"] == 100 * 8 / 13 and lane[1]["width"] == 100 * 4 / 13


def test_a_span_too_narrow_for_its_name_keeps_it_for_its_tooltip_only():
    minute = [chord(0, 1.2, "C"), chord(1.2, 60, "G")]
    lane = chord_lane(minute, "C", "major", 60)

    assert lane[0]["width"] < MIN_LABEL_PERCENT and lane[0]["shown"] == ""
    assert lane[0]["chord"] == "C" and lane[1]["shown"] == "G"
    sections = section_lane([{"start": 0, "end": 1, "label": "intro"},
                             {"start": 1, "end": 60, "label": "verse"}], 60)  # fmt: skip
    assert [(s["label"], s["shown"]) for s in sections] == [("intro", ""), ("verse", "verse")]
