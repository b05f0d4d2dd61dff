"""The composer end to end: sections from the tags, stems by role, instrumentals, determinism."""

from __future__ import annotations

import pytest

from engine.compose import compose
from engine.compose.drums import KICK, SNARE
from engine.errors import INVALID_PARAMS, EngineError
from tests.engine.compose.songs import LYRICS


def test_sections_follow_the_lyric_tags_in_order_with_monotonic_times():
    score = compose("pop song", LYRICS, seed=1)
    assert [s.label for s in score.sections] == [
        "Intro", "Verse 1", "Chorus", "Verse 2", "Chorus", "Outro",
    ]  # fmt: skip
    assert [s.has_vocals for s in score.sections] == [False, True, True, True, True, False]
    assert score.sections[0].start_s == 0.0
    for before, after in zip(score.sections, score.sections[1:], strict=False):
        assert before.start_s < before.end_s == after.start_s
    assert score.duration_s > score.sections[-1].end_s


def test_the_chord_map_covers_the_song_and_the_bass_plays_each_chords_root():
    score = compose("pop song in G major", LYRICS, seed=1)
    chords = score.chords
    assert chords[0].start_s == 0.0 and abs(chords[-1].end_s - score.sections[-1].end_s) < 1e-6
    for before, after in zip(chords, chords[1:], strict=False):
        assert abs(before.end_s - after.start_s) < 1e-6
        assert (before.root_pc, before.quality) != (after.root_pc, after.quality)
    assert chords[-1].root_pc == 7  # the song ends home, on G
    bass = score.track("bass")[0].notes
    for chord in chords:
        first = next(n for n in bass if n.start_s >= chord.start_s - 1e-6)
        assert first.start_s < chord.end_s and first.pitch % 12 == chord.root_pc


def test_every_stem_role_is_present_with_a_program_pan_and_gain():
    score = compose("rock song with organ", LYRICS, seed=1)
    assert {t.role for t in score.tracks} == {"drums", "bass", "harmony", "lead"}
    assert len(score.track("lead")) == 1
    for track in score.tracks:
        assert 0 <= track.program <= 127 and -1.0 <= track.pan <= 1.0 and track.notes
    assert [t.is_drum for t in score.tracks if t.role == "drums"] == [True]
    assert any(t.program == 16 for t in score.track("harmony"))


def test_the_words_are_only_on_the_lead_and_instrumental_sections_get_a_theme():
    score = compose("pop song", LYRICS, seed=1)
    lead = score.lead_track
    intro = score.sections[0]
    assert not [n for n in lead.notes if n.start_s < intro.end_s]
    themes = [n for t in score.track("harmony") for n in t.notes if n.start_s < intro.end_s]
    assert themes


def test_the_chorus_is_fuller_than_the_verse():
    score = compose("pop song", LYRICS, seed=1)
    verse, chorus = score.sections[1], score.sections[2]

    def density(section) -> float:
        notes = [
            n
            for t in score.tracks
            if t.role != "lead"
            for n in t.notes
            if section.start_s <= n.start_s < section.end_s
        ]
        return len(notes) / (section.end_s - section.start_s)

    assert density(chorus) > density(verse)


def test_kick_and_snare_mark_the_beats():
    score = compose("pop song, 100 bpm", LYRICS, seed=1)
    drums = score.track("drums")[0].notes
    kicks = {round(n.start_beat, 3) for n in drums if n.pitch == KICK}
    snares = {round(n.start_beat, 3) for n in drums if n.pitch == SNARE}
    verse = score.sections[1]
    assert verse.start_beat in kicks
    assert verse.start_beat + 1 in snares


def test_the_same_seed_gives_the_same_score_and_another_seed_another():
    first = compose("a happy song", LYRICS, seed=7)
    again = compose("a happy song", LYRICS, seed=7)
    other = compose("a happy song", LYRICS, seed=8)
    assert first == again
    assert (first.bpm, first.key, first.tracks) != (other.bpm, other.key, other.tracks)


def test_an_instrumental_has_no_lead_and_a_beginning_and_an_ending():
    score = compose(
        "rock instrumental in E minor, 130 bpm",
        None,
        instrumental=True,
        seed=5,
        target_duration_s=10,
    )
    assert score.lead_track is None and not score.syllables
    assert score.sections[0].kind == "intro" and score.sections[-1].kind == "outro"
    bar_s = 4 * 60 / 130
    assert 10 - bar_s <= score.sections[-1].end_s <= 10 + bar_s
    bars = score.sections[-1].end_beat / 4
    assert bars == int(bars)
    last_bass = max(score.track("bass")[0].notes, key=lambda n: n.start_s)
    assert last_bass.pitch % 12 == 4  # ends on the tonic E


def test_instrumental_true_ignores_the_lyrics():
    score = compose("jazz", LYRICS, instrumental=True, seed=1, target_duration_s=15)
    assert score.lead_track is None
    assert all(not s.has_vocals for s in score.sections)


@pytest.mark.parametrize(("prompt", "low_s", "high_s"), [
    ("short folk instrumental", 75, 110),
    ("folk instrumental", 130, 175),
    ("extended folk instrumental", 215, 265),
])  # fmt: skip
def test_instrumental_length_follows_the_prompt(prompt, low_s, high_s):
    score = compose(prompt, None, seed=3)
    assert low_s <= score.duration_s <= high_s
    assert [s.kind for s in score.sections][:2] == ["intro", "inst"]
    assert any(s.kind == "solo" for s in score.sections)


BLUES_VERSE = """[Verse]
Woke up this morning with the rain upon my door
Woke up this morning with the rain upon my door
Said I won't be crying on this lonesome floor no more
"""


def test_a_three_line_blues_verse_is_twelve_bars_of_twelve_eight():
    score = compose("slow blues in A at 60 bpm", BLUES_VERSE, seed=1)
    assert score.time_signature == (12, 8) and score.bpm == 60.0
    verse = score.sections[1]  # after a bar to count in
    bars = (verse.end_beat - verse.start_beat) / 4  # four dotted-quarter beats a bar
    assert bars == 12 + 1  # the twelve-bar form and a bar to end on
    assert score.seconds(verse.end_beat) == verse.end_s == verse.end_beat


def test_lyrics_that_open_with_a_sung_verse_get_a_bar_of_the_band_to_count_the_singer_in():
    score = compose(
        "pop at 120 bpm", "[Verse]\nStatic on the window\nSatellites in bloom\n", seed=1
    )
    count_in, verse = score.sections[0], score.sections[1]
    assert (count_in.kind, count_in.has_vocals, verse.kind) == ("intro", False, "verse")
    assert count_in.end_s == pytest.approx(2.0)  # one bar of 4/4 at 120 bpm
    assert min(n.start_s for n in score.lead_track.notes) >= count_in.end_s - 1e-9
    assert any(n.start_s < count_in.end_s for n in score.track("drums")[0].notes)


def test_tags_without_lines_are_arranged_as_they_come():
    score = compose("pop", "[Intro]\n\n[Solo]\n\n[Outro]\n", seed=1)
    assert [s.kind for s in score.sections] == ["intro", "solo", "outro"]
    assert score.lead_track is None


def test_a_bad_target_duration_is_a_2013_error():
    with pytest.raises(EngineError) as error:
        compose("pop", None, instrumental=True, target_duration_s=-3)
    assert error.value.code == INVALID_PARAMS


def test_an_instrumentals_first_theme_returns_at_the_close_and_developments_differ():
    score = compose("folk instrumental", None, seed=2)
    labels = [s.label for s in score.sections]
    assert labels[1] == labels[-2] == "Theme A" and "Development" in labels
    theme = score.track("harmony")[-1]

    def opening(section, beats: float = 16) -> list[tuple[float, int]]:
        return [
            (round(n.start_beat - section.start_beat, 3), n.pitch)
            for n in theme.notes
            if section.start_beat <= n.start_beat < section.start_beat + beats
        ]

    first, reprise = score.sections[1], score.sections[-2]
    assert opening(first) and opening(first) == opening(reprise)
    developments = [s for s in score.sections if s.label == "Development"]
    assert len(developments) >= 2
    assert opening(developments[0]) != opening(developments[1])
