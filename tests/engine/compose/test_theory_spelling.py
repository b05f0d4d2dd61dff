"""Pitch names as a key writes them: flats in flat keys, sharps in sharp ones."""

import pytest

from engine.compose.theory import spelled, spelling_of


@pytest.mark.parametrize(
    ("key", "mode", "flat"),
    [("F", "major", True), ("Bb", "major", True), ("A#", "major", True), ("G", "major", False),
     ("F#", "major", False), ("C", "minor", True), ("D", "minor", True), ("E", "minor", False),
     ("G#", "minor", False), ("A", "minor", False), ("C", "major", False)],
)  # fmt: skip
def test_a_key_writes_its_black_keys_as_its_signature_does(key, mode, flat):
    assert ("Eb" in spelling_of(key, mode)) is flat


def test_a_chord_keeps_its_quality_and_no_chord_stays_none():
    assert [spelled(n, "C", "minor") for n in ("D#", "A#", "G#m", "Cm", "N")] == [
        "Eb", "Bb", "Abm", "Cm", "N",
    ]  # fmt: skip
    assert spelled("Bbm", "E", "major") == "A#m"
