"""The embedded engine as a provider hands the request's voice to the engine that sings it."""

import pytest

from engine.contract import MusicRequest
from engine.providers import local
from engine.providers.local import LocalProvider

LYRICS = "[Verse]\nRain on the window pane"


class Asked(Exception):
    """Raised by the stand-in engine once it has seen what it was asked: nothing is rendered."""


@pytest.fixture
def engine_asked(monkeypatch) -> dict:
    """What the provider asked `generate_music` or `generate_cover` for, keyword by keyword."""
    asked: dict = {}

    def stand_in(*args, **kwargs):
        asked.update(kwargs)
        raise Asked

    monkeypatch.setattr(local, "generate_music", stand_in)
    monkeypatch.setattr(local, "generate_cover", stand_in)
    return asked


@pytest.mark.parametrize("voice_quality", ["full", "draft"])
def test_a_song_is_sung_by_the_voice_asked_for(engine_asked, voice_quality):
    request = MusicRequest.from_json(
        {"model": "music-2.6", "lyrics": LYRICS, "voice_quality": voice_quality}
    )

    with pytest.raises(Asked):
        LocalProvider().generate_music(request)

    assert engine_asked["voice_quality"] == voice_quality


def test_a_cover_is_sung_by_the_voice_asked_for(engine_asked):
    request = MusicRequest.from_json(
        {
            "model": "music-cover",
            "prompt": "a slow jazz ballad",
            "lyrics": LYRICS,
            "cover_feature_id": "f" * 32,
            "voice_quality": "full",
        }
    )

    with pytest.raises(Asked):
        LocalProvider().generate_music(request, cover_features={"beats_s": []})

    assert engine_asked["voice_quality"] == "full"
