"""Re-arranging a reference: its tempo, key, chords, sections and melody carry over; lyrics are
sung."""

import pytest

import engine.music
from engine.compose.melody import VOCAL_RANGES
from engine.cover import arrange_cover, generate_cover
from engine.errors import EngineError
from engine.lyrics import syllabify_line

LYRICS = "[Verse]\nWalking down the city street tonight\n\n[Chorus]\nHold on to me"


def reference(bpm: float = 100.0, bars: int = 8) -> dict:
    """Features as the analysis gives them: 4 bars of verse (C, Am), 4 of chorus (F, G), a melody."""
    beat = 60.0 / bpm
    beats = [round(0.2 + i * beat, 3) for i in range(bars * 4)]
    chords, melody = [], []
    for bar in range(bars):
        start = beats[bar * 4]
        name = ("C", "Am", "C", "Am", "F", "G", "F", "G")[bar % 8]
        chords.append({"start": start, "end": start + 4 * beat, "chord": name})
        for step in range(4):  # one note a beat, E4 G4 A4 G4
            melody.append(
                {
                    "start": start + step * beat,
                    "end": start + (step + 0.9) * beat,
                    "pitch": (64, 67, 69, 67)[step],
                }
            )
    half = beats[16]
    return {
        "tempo_bpm": bpm,
        "beats_s": beats,
        "key": "C",
        "mode": "major",
        "audio_duration": beats[-1] + beat,
        "chords": chords,
        "melody": melody,
        "sections": [
            {"start": 0.0, "end": half, "label": "verse"},
            {"start": half, "end": beats[-1] + beat, "label": "chorus"},
        ],
    }


def test_the_cover_keeps_the_references_tempo_key_and_sections():
    score = arrange_cover(reference(), prompt="a slow jazz ballad", lyrics=LYRICS)

    assert score.bpm == pytest.approx(100.0)
    assert (score.key, score.mode) == ("C", "major")
    assert [section.kind for section in score.sections] == ["verse", "chorus"]
    assert score.sections[1].start_beat == 16


def test_a_tempo_in_the_prompt_wins():
    assert arrange_cover(
        reference(), prompt="punk rock at 160 bpm", lyrics=LYRICS
    ).bpm == pytest.approx(160.0)


def test_every_bar_plays_the_references_chord():
    score = arrange_cover(reference(), prompt="reggae", lyrics=LYRICS)
    bass = next(track for track in score.tracks if track.role == "bass")

    roots = {int(note.start_beat // 4): note.pitch % 12 for note in reversed(bass.notes)}

    assert [roots[bar] for bar in range(7)] == [
        0,
        9,
        0,
        9,
        5,
        7,
        5,
    ]  # the last bar ends on the tonic


def test_every_syllable_is_sung_on_the_melody_in_the_voices_range():
    score = arrange_cover(reference(), prompt="soul, male vocals", lyrics=LYRICS)
    lead = score.lead_track

    expected = sum(
        len(syllabify_line(line))
        for line in ("Walking down the city street tonight", "Hold on to me")
    )
    assert len(score.syllables) == expected
    assert all(syllable.note_indices for syllable in score.syllables)
    low, high = VOCAL_RANGES["male"]
    assert all(low <= note.pitch <= high for note in lead.notes)
    assert score.lyric_lines == ["Walking down the city street tonight", "Hold on to me"]
    assert all(section.has_vocals for section in score.sections)


def test_sections_without_words_give_their_melody_to_an_instrument():
    score = arrange_cover(reference(), prompt="folk", lyrics="[Verse]\nOnly one verse here")

    melody_parts = [track for track in score.tracks if track.name == "melody"]
    assert melody_parts and all(note.start_beat >= 16 for note in melody_parts[0].notes)
    assert [section.has_vocals for section in score.sections] == [True, False]


def test_a_reference_without_beats_is_refused():
    with pytest.raises(EngineError) as error:
        arrange_cover({"beats_s": [0.5, 1.0]}, prompt="pop", lyrics=LYRICS)

    assert error.value.code == 2013


def test_a_cover_slowed_past_eight_minutes_is_refused_before_rendering(monkeypatch):
    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered a cover over the cap")

    monkeypatch.setattr(engine.music, "render_score", no_rendering)
    six_minutes_at_200_bpm = reference(bpm=200.0, bars=300)

    with pytest.raises(EngineError) as caught:
        generate_cover(six_minutes_at_200_bpm, prompt="a ballad at 50 bpm", lyrics=LYRICS)

    assert caught.value.message.startswith("prompt: the song would last 24 min")
    assert caught.value.message.endswith("at most 8 minutes: ask for a faster tempo than 50 bpm")
