"""Every validation rule of the Music API contract answers 2013 and names the field."""

import base64

import pytest

from engine.contract import (
    DEFAULT_VOICE_QUALITY,
    AudioSetting,
    AudioSpec,
    CoverPreprocessRequest,
    LyricsRequest,
    MusicRequest,
)
from engine.errors import EngineError

LYRICS = "[Verse]\nRain on the window\n[Chorus]\nHold on to me"


def refused(payload, parse=MusicRequest.from_json) -> str:
    with pytest.raises(EngineError) as error:
        parse(payload)
    assert error.value.code == 2013
    assert error.value.permanent
    return error.value.message


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "model"),
        ({"model": "music-9"}, "model"),
        ({"model": "music-2.6"}, "lyrics"),
        ({"model": "music-2.6", "lyrics": "   "}, "lyrics"),
        ({"model": "music-2.6", "lyrics": "x" * 3501}, "lyrics"),
        ({"model": "music-2.6", "lyrics": LYRICS, "prompt": "p" * 2001}, "prompt"),
        ({"model": "music-2.6", "is_instrumental": True}, "prompt"),
        ({"model": "music-2.6", "is_instrumental": True, "prompt": "   "}, "prompt"),
        (
            {"model": "music-2.6", "is_instrumental": True, "prompt": "jazz", "lyrics": LYRICS},
            "lyrics",
        ),
        (
            {
                "model": "music-2.6",
                "is_instrumental": True,
                "prompt": "jazz",
                "lyrics_optimizer": True,
            },
            "lyrics_optimizer",
        ),
        ({"model": "music-2.5", "is_instrumental": True, "prompt": "jazz"}, "is_instrumental"),
        ({"model": "music-2.0", "lyrics_optimizer": True, "prompt": "a song"}, "lyrics_optimizer"),
        ({"model": "music-2.6", "lyrics_optimizer": True}, "prompt"),
        (
            {"model": "music-2.6", "lyrics": LYRICS, "stream": True, "output_format": "url"},
            "output_format",
        ),
        ({"model": "music-2.6", "lyrics": LYRICS, "output_format": "wav"}, "output_format"),
        ({"model": "music-2.6", "lyrics": LYRICS, "voice_quality": "loud"}, "voice_quality"),
        ({"model": "music-2.6", "lyrics": LYRICS, "voice_quality": 1}, "voice_quality"),
        (
            {"model": "music-2.6", "lyrics": LYRICS, "audio_url": "https://x.test/a.mp3"},
            "audio_url",
        ),
        ({"model": "music-2.6", "lyrics": LYRICS, "cover_feature_id": "abc"}, "cover_feature_id"),
        (
            {"model": "music-2.6", "lyrics": LYRICS, "audio_setting": {"sample_rate": 22050}},
            "audio_setting.sample_rate",
        ),
        (
            {"model": "music-2.6", "lyrics": LYRICS, "audio_setting": {"bitrate": 100}},
            "audio_setting.bitrate",
        ),
        (
            {"model": "music-2.6", "lyrics": LYRICS, "audio_setting": {"format": "ogg"}},
            "audio_setting.format",
        ),
        (
            {"model": "music-2.6", "lyrics": LYRICS, "audio_setting": {"channel": 3}},
            "audio_setting.channel",
        ),
        ({"model": "music-2.6", "lyrics": LYRICS, "audio_setting": "loud"}, "audio_setting"),
        ({"model": "music-2.6", "lyrics": LYRICS, "seed": -1}, "seed"),
        ({"model": "music-2.6", "lyrics": LYRICS, "seed": "7"}, "seed"),
        ({"model": "music-2.6", "lyrics": LYRICS, "stream": "yes"}, "stream"),
        ({"model": "music-2.6", "lyrics": 42}, "lyrics"),
        ({"model": "music-1.5", "lyrics": LYRICS, "prompt": "short"}, "prompt"),
        ({"model": "music-1.5", "lyrics": "x" * 601, "prompt": "a sad folk song"}, "lyrics"),
        ({"model": "music-cover", "prompt": "jazz cover of it"}, "audio_url"),
        (
            {
                "model": "music-cover",
                "prompt": "jazz cover",
                "audio_url": "https://x.test/a",
                "cover_feature_id": "f",
            },
            "audio_url",
        ),
        (
            {"model": "music-cover", "prompt": "short", "audio_url": "https://x.test/a.mp3"},
            "prompt",
        ),
        ({"model": "music-cover", "prompt": "a jazz cover", "cover_feature_id": "f"}, "lyrics"),
        (
            {
                "model": "music-cover",
                "prompt": "a jazz cover",
                "cover_feature_id": "f",
                "lyrics": "x" * 1001,
            },
            "lyrics",
        ),
        (
            {
                "model": "music-cover",
                "prompt": "a jazz cover",
                "audio_url": "https://x.test/a",
                "is_instrumental": True,
            },
            "is_instrumental",
        ),
        (
            {
                "model": "music-cover",
                "prompt": "a jazz cover",
                "audio_url": "https://x.test/a",
                "lyrics_optimizer": True,
            },
            "lyrics_optimizer",
        ),
        (
            {"model": "music-cover", "prompt": "a jazz cover", "audio_base64": "not base64!"},
            "audio_base64",
        ),
    ],
)
def test_a_bad_music_request_is_refused_naming_the_field(payload, field):
    assert refused(payload).startswith(f"{field}:")


@pytest.mark.parametrize(
    ("setting", "field"),
    [
        ({"format": "ogg"}, "audio_setting.format"),
        ({"format": "aac"}, "audio_setting.format"),
        ({"sample_rate_hz": 48000}, "audio_setting.sample_rate"),
        ({"sample_rate_hz": 22050}, "audio_setting.sample_rate"),
        ({"bitrate": 320000}, "audio_setting.bitrate"),
        ({"bitrate": 96000}, "audio_setting.bitrate"),
        ({"channels": 3}, "audio_setting.channel"),
        ({"channels": 6}, "audio_setting.channel"),
    ],
)
def test_an_audio_setting_the_engine_cannot_encode_cannot_be_made(setting, field):
    assert refused(setting, lambda kwargs: AudioSetting(**kwargs)).startswith(f"{field}:")


def test_an_audio_setting_reads_and_writes_the_contracts_field_names():
    payload = {"sample_rate": 24000, "bitrate": 64000, "format": "MP3", "channel": 1}

    setting = AudioSpec.from_json(payload)

    assert setting == AudioSetting(sample_rate_hz=24000, bitrate=64000, format="mp3", channels=1)
    assert setting.to_json() == {**payload, "format": "mp3"}


def test_a_body_that_is_not_an_object_is_refused():
    assert refused(["model"]).startswith("body:")


def test_a_vocal_song_request_keeps_its_fields_and_defaults():
    request = MusicRequest.from_json(
        {"model": "music-2.6", "lyrics": LYRICS, "prompt": "blues", "seed": 7}
    )

    assert request.audio_setting == AudioSetting(
        sample_rate_hz=44100, bitrate=256000, format="mp3", channels=2
    )
    assert request.output_format == "hex"
    assert request.seed == 7
    assert request.voice_quality == DEFAULT_VOICE_QUALITY
    assert not request.is_cover


def test_a_song_may_ask_for_the_neural_voice():
    request = MusicRequest.from_json(
        {"model": "music-2.6", "lyrics": LYRICS, "voice_quality": "Full"}
    )

    assert request.voice_quality == "full"
    assert request.to_json()["voice_quality"] == "full"  # what the remote provider sends on


def test_unknown_fields_and_a_group_id_are_ignored():
    request = MusicRequest.from_json(
        {"model": "music-2.6", "lyrics": LYRICS, "GroupId": "1", "aigc_watermark": True}
    )

    assert request.lyrics == LYRICS


def test_every_model_of_the_contract_is_accepted():
    for model in ("music-2.6", "music-2.6-free", "music-2.5", "music-2.5+", "music-2.0"):
        assert MusicRequest.from_json({"model": model, "lyrics": LYRICS}).model == model
    assert MusicRequest.from_json(
        {"model": "music-1.5", "lyrics": LYRICS, "prompt": "a sad folk song"}
    )


def test_the_optimizer_writes_lyrics_only_when_none_are_given():
    writes = MusicRequest.from_json(
        {"model": "music-2.6", "lyrics_optimizer": True, "prompt": "summer love"}
    )
    sings_given = MusicRequest.from_json(
        {"model": "music-2.6", "lyrics_optimizer": True, "lyrics": LYRICS}
    )

    assert writes.writes_lyrics
    assert not sings_given.writes_lyrics


def test_a_cover_takes_exactly_one_reference():
    data = base64.b64encode(b"RIFF....WAVEfmt ").decode()
    request = MusicRequest.from_json(
        {"model": "music-cover", "prompt": "a jazz cover", "audio_base64": data}
    )

    assert request.is_cover


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "mode"),
        ({"mode": "rewrite"}, "mode"),
        ({"mode": "edit", "prompt": "make it sadder"}, "lyrics"),
        ({"mode": "edit", "prompt": "add a bridge", "lyrics": "   \n\n"}, "lyrics"),
        ({"mode": "write_full_song", "prompt": "p" * 2001}, "prompt"),
        ({"mode": "edit", "lyrics": "x" * 3501}, "lyrics"),
        ({"mode": "write_full_song", "title": "t" * 201}, "title"),
    ],
)
def test_a_bad_lyrics_request_is_refused_naming_the_field(payload, field):
    assert refused(payload, LyricsRequest.from_json).startswith(f"{field}:")


def test_an_empty_lyrics_prompt_is_allowed():
    assert LyricsRequest.from_json({"mode": "write_full_song"}).prompt == ""


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "model"),
        ({"model": "music-2.6", "audio_url": "https://x.test/a.mp3"}, "model"),
        ({"model": "music-cover"}, "audio_url"),
        (
            {"model": "music-cover", "audio_url": "https://x.test/a.mp3", "audio_base64": "AAAA"},
            "audio_url",
        ),
        ({"model": "music-cover", "audio_base64": "***"}, "audio_base64"),
    ],
)
def test_a_bad_preprocess_request_is_refused_naming_the_field(payload, field):
    assert refused(payload, CoverPreprocessRequest.from_json).startswith(f"{field}:")
