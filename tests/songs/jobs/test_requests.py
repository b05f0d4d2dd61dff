"""A job's request is parsed once at the edge, stored, and loaded back as the same request."""

import pytest

from engine.contract import CoverPreprocessRequest, LyricsRequest, MusicRequest
from songs.jobs.requests import parse_request, storable, stored_request
from songs.models import GenerationJob

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "kind, payload",
    [
        (
            "music",
            {
                "model": "music-2.6",
                "prompt": "blues",
                "lyrics": "[Verse]\nla",
                "seed": 0,
                "audio_setting": {"format": "wav", "sample_rate": 24000, "channel": 1},
            },
        ),
        (
            "music",
            {"model": "music-2.6", "prompt": "ambient", "is_instrumental": True, "stream": True},
        ),
        (
            "cover",
            {
                "model": "music-cover",
                "prompt": "a gentle folk cover",
                "audio_url": "https://x.example/a.mp3",
            },
        ),
        (
            "lyrics",
            {"mode": "edit", "prompt": "add a bridge", "lyrics": "[Verse]\nla", "title": "Rain"},
        ),
        ("cover_preprocess", {"model": "music-cover", "audio_url": "https://x.example/a.mp3"}),
    ],
)
def test_a_stored_request_loads_back_as_it_was_parsed(world, kind, payload):
    parsed = parse_request(kind=kind, payload=payload)
    job = GenerationJob.objects.create(kind=kind, team=world.team, request=storable(parsed))

    job.refresh_from_db()

    assert stored_request(job) == parsed
    assert (
        type(stored_request(job))
        is {
            "music": MusicRequest,
            "cover": MusicRequest,
            "lyrics": LyricsRequest,
            "cover_preprocess": CoverPreprocessRequest,
        }[kind]
    )


def test_a_seed_of_zero_is_kept(world):
    parsed = parse_request(kind="music", payload={"model": "music-2.6", "lyrics": "la", "seed": 0})

    assert storable(parsed)["seed"] == 0


def test_the_stored_audio_setting_is_spelled_as_the_contract_spells_it(world):
    parsed = parse_request(
        kind="music",
        payload={"model": "music-2.6", "lyrics": "la", "audio_setting": {"sample_rate": 32000}},
    )

    assert storable(parsed)["audio_setting"] == {
        "sample_rate": 32000,
        "bitrate": 256000,
        "format": "mp3",
        "channel": 2,
    }
