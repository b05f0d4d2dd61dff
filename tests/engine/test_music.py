"""The engine's music call: a prompt and lyrics in, a mastered, encoded song with stems and MIDI
out."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile

from bench.honesty import find_key, find_tempo_bpm, to_mono
from engine.contract import AudioSetting
from engine.music import generate_music
from engine.render.master import loudness_lufs, true_peak_dbtp

LYRICS = """[Verse]
Streetlights hum along the avenue
Every window holds a different view

[Chorus]
Hold on, hold on to the light
We were golden in the night
"""


def _decode(data: bytes) -> tuple[np.ndarray, int]:
    return soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)


@pytest.fixture(scope="module")
def vocal():
    stages: list[tuple[str, float]] = []
    song = generate_music(
        prompt="pop song in A minor, 120 bpm",
        lyrics=LYRICS,
        audio_setting=AudioSetting(format="wav"),
        seed=3,
        target_duration_s=12.0,
        progress=lambda stage, fraction: stages.append((stage, fraction)),
    )
    return song, stages


def rock_instrumental():
    """Ten seconds of rock as a 24 kHz mono mp3 at 64 kbps, seed 5."""
    return generate_music(
        prompt="rock instrumental in E minor, 130 bpm",
        lyrics=None,
        instrumental=True,
        audio_setting=AudioSetting(format="mp3", sample_rate_hz=24000, bitrate=64000, channels=1),
        seed=5,
        target_duration_s=10.0,
    )


@pytest.fixture(scope="module")
def instrumental():
    return rock_instrumental()


def test_the_song_decodes_as_the_asked_wav(vocal):
    song, _ = vocal
    audio, rate = _decode(song.audio.data)
    assert (song.audio.format, rate, audio.shape[1]) == ("wav", 44100, 2)
    assert song.audio.duration_ms == round(1000 * len(audio) / rate)
    assert 6.0 <= len(audio) / rate <= 40.0


def test_the_song_is_mastered_near_minus_14_lufs_and_never_clips(vocal):
    audio, rate = _decode(vocal[0].audio.data)
    assert np.abs(audio).max() < 0.95
    assert true_peak_dbtp(audio) <= -0.9
    assert loudness_lufs(audio, rate) == pytest.approx(-14.0, abs=1.0)


def test_the_asked_tempo_is_found_back_in_the_audio(vocal):
    song, _ = vocal
    assert song.bpm == pytest.approx(120.0)
    assert find_tempo_bpm(to_mono(*_decode(song.audio.data))) == pytest.approx(120.0, rel=0.02)


def test_the_asked_key_is_found_back_in_the_audio(vocal):
    song, _ = vocal
    assert (song.key, song.mode) == ("A", "minor")
    found = find_key(to_mono(*_decode(song.audio.data)))
    assert (found.tonic, found.mode) == ("A", "minor")


def test_a_song_with_lyrics_keeps_them_and_has_vocals_drums_bass_and_other_stems(vocal):
    song, _ = vocal
    assert song.lyrics == LYRICS.strip()
    assert set(song.stems) == {"vocals", "drums", "bass", "other"}
    assert all(
        stem.format == "flac" and stem.sample_rate_hz == 44100 for stem in song.stems.values()
    )


def test_midi_and_the_section_map_come_with_the_song(vocal):
    song, _ = vocal
    assert song.midi.startswith(b"MThd")
    assert song.sections, "no sections"
    for section in song.sections:
        assert set(section) == {"label", "kind", "start_s", "end_s"}
        assert 0.0 <= section["start_s"] < section["end_s"]


def test_the_summary_has_the_extra_info_fields_tempo_key_and_sections(vocal):
    summary = vocal[0].summary()
    assert {"music_duration", "music_sample_rate", "music_channel", "bitrate", "music_size"} <= set(
        summary
    )
    assert summary["bpm"] == pytest.approx(120.0)
    assert (summary["key"], summary["mode"], summary["time_signature"]) == ("A", "minor", "4/4")
    assert summary["sections"] == vocal[0].sections


def test_progress_reports_each_stage_in_order(vocal):
    _, stages = vocal
    order = list(dict.fromkeys(stage for stage, _ in stages))
    assert order == ["composing", "rendering", "singing", "mixing", "encoding"]
    assert stages[-1] == ("encoding", 1.0)


def test_an_instrumental_has_no_vocals_stem_and_no_lyrics(instrumental):
    assert "vocals" not in instrumental.stems
    assert instrumental.lyrics is None
    assert instrumental.lrc == ""
    assert set(instrumental.stems) == {"drums", "bass", "other"}


def test_an_instrumental_mp3_has_the_asked_rate_channels_and_bitrate(instrumental):
    audio, rate = _decode(instrumental.audio.data)
    assert (rate, audio.shape[1]) == (24000, 1)
    assert instrumental.audio.extra_info()["bitrate"] == 64000
    duration_s = instrumental.audio.duration_ms / 1000
    assert instrumental.audio.size * 8 / duration_s == pytest.approx(64000, rel=0.1)


def test_the_same_seed_gives_the_same_song(instrumental):
    assert rock_instrumental().audio.data == instrumental.audio.data


def test_a_song_with_vocals_and_no_lyrics_has_them_written_from_the_prompt():
    stages: list[str] = []
    song = generate_music(
        prompt="a gentle folk song about the sea",
        lyrics=None,
        audio_setting=AudioSetting(format="flac", sample_rate_hz=16000),
        target_duration_s=10.0,
        progress=lambda stage, fraction: stages.append(stage),
    )
    assert song.lyrics and "[" in song.lyrics
    assert stages[0] == "writing"
    assert "vocals" in song.stems


@pytest.mark.parametrize("format", ["mp3", "pcm", "wav"])
def test_the_song_can_be_heard_while_it_is_encoded_in_pieces_that_add_up_to_the_file(format):
    pieces: list[bytes] = []

    result = generate_music(
        prompt="house, 124 bpm",
        lyrics=None,
        instrumental=True,
        target_duration_s=6,
        audio_setting=AudioSetting(format=format),
        on_audio=pieces.append,
    )

    assert b"".join(pieces) == result.audio.data
    if format != "wav":
        assert len(pieces) > 1
