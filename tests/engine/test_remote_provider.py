"""The remote provider against a second Refrain server started by the test: both ends are real."""

import httpx
import pytest

from accounts.services import api_key_create
from engine.contract import LyricsRequest, MusicRequest
from engine.errors import EngineError
from engine.providers.remote import RemoteProvider

SONG = {"model": "music-2.6", "prompt": "slow blues", "lyrics": "[Verse]\nRain on the window pane"}


@pytest.fixture
def remote(world, live_server, provider, q_sync):
    _, raw = api_key_create(user=world.editor, team=world.team, name="remote")
    return RemoteProvider(base_url=live_server.url, api_key=raw, read_timeout_s=60)


@pytest.mark.django_db(transaction=True)
def test_the_remote_provider_streams_a_song_from_a_refrain_server(remote):
    stages = []

    result = remote.generate_music(
        MusicRequest.from_json(SONG), lambda stage, fraction: stages.append(stage)
    )

    assert result.audio[:4] == b"RIFF"
    assert result.size == len(result.audio)
    assert result.duration_ms == 1000
    assert result.provider == "remote"
    assert "streaming" in stages


@pytest.mark.django_db(transaction=True)
def test_the_remote_provider_asks_the_server_for_the_voice_of_the_request(remote, provider):
    remote.generate_music(MusicRequest.from_json({**SONG, "voice_quality": "full"}))

    assert [request.voice_quality for request in provider.requests] == ["full"]


@pytest.mark.django_db(transaction=True)
def test_the_remote_provider_writes_lyrics_through_a_refrain_server(remote):
    result = remote.write_lyrics(
        LyricsRequest.from_json({"mode": "write_full_song", "prompt": "rain"})
    )

    assert result.song_title == "Rain Song"
    assert result.lyrics.startswith("[Verse]")


@pytest.mark.django_db(transaction=True)
def test_a_bad_key_is_a_permanent_1004(live_server):
    client = RemoteProvider(
        base_url=live_server.url, api_key="rf_bad_key", max_attempts=3, sleep=lambda s: None
    )

    with pytest.raises(EngineError) as error:
        client.write_lyrics(LyricsRequest.from_json({"mode": "write_full_song"}))

    assert error.value.code == 1004
    assert error.value.permanent


def scripted_transport(answers: list):
    """A transport that answers from a script, so retries are tested without any network."""
    calls = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        status, body = answers.pop(0)
        return httpx.Response(status, json=body)

    return httpx.MockTransport(handle), calls


OK_LYRICS = {
    "song_title": "T",
    "style_tags": "Pop",
    "lyrics": "[Verse]\nla",
    "base_resp": {"status_code": 0},
}


def test_transient_codes_and_5xx_are_retried_with_backoff():
    transport, calls = scripted_transport(
        [
            (200, {"base_resp": {"status_code": 1002, "status_msg": "rate limit"}}),
            (503, {}),
            (200, OK_LYRICS),
        ]
    )
    waits = []
    client = RemoteProvider(
        base_url="http://127.0.0.1:9", api_key="k", transport=transport, sleep=waits.append
    )

    result = client.write_lyrics(LyricsRequest.from_json({"mode": "write_full_song"}))

    assert result.song_title == "T"
    assert len(calls) == 3
    assert waits == [1.0, 2.0]
    assert calls[0].headers["Authorization"] == "Bearer k"


def test_a_permanent_error_is_not_retried():
    transport, calls = scripted_transport(
        [(200, {"base_resp": {"status_code": 2013, "status_msg": "invalid params"}})]
    )
    client = RemoteProvider(
        base_url="http://127.0.0.1:9", api_key="k", transport=transport, sleep=lambda s: None
    )

    with pytest.raises(EngineError) as error:
        client.write_lyrics(LyricsRequest.from_json({"mode": "write_full_song"}))

    assert error.value.code == 2013
    assert len(calls) == 1


def test_retries_stop_after_the_last_attempt():
    transport, calls = scripted_transport([(502, {})] * 3)
    client = RemoteProvider(
        base_url="http://127.0.0.1:9", api_key="k", transport=transport, sleep=lambda s: None
    )

    with pytest.raises(EngineError) as error:
        client.write_lyrics(LyricsRequest.from_json({"mode": "write_full_song"}))

    assert not error.value.permanent
    assert len(calls) == 3


def test_a_json_answer_with_a_url_is_downloaded():
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/files/song.mp3":
            return httpx.Response(200, content=b"ID3-audio-bytes")
        return httpx.Response(
            200,
            json={
                "data": {"audio": "http://127.0.0.1:9/files/song.mp3", "status": 2},
                "extra_info": {
                    "music_duration": 1234,
                    "music_sample_rate": 44100,
                    "music_channel": 2,
                    "bitrate": 256000,
                },
                "base_resp": {"status_code": 0, "status_msg": "success"},
            },
        )

    client = RemoteProvider(
        base_url="http://127.0.0.1:9", api_key="k", transport=httpx.MockTransport(handle)
    )

    result = client.generate_music(MusicRequest.from_json(SONG))

    assert result.audio == b"ID3-audio-bytes"
    assert result.duration_ms == 1234


@pytest.mark.parametrize(
    ("failure", "code"),
    [(httpx.ConnectError("refused"), 1000), (httpx.ReadTimeout("slow"), 1001)],
)
@pytest.mark.parametrize("call", ["lyrics", "music"])
def test_an_unreachable_or_slow_service_is_a_transient_error_retried(failure, code, call):
    calls = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise failure

    client = RemoteProvider(
        base_url="http://127.0.0.1:9",
        api_key="k",
        transport=httpx.MockTransport(handle),
        sleep=lambda s: None,
    )

    with pytest.raises(EngineError) as error:
        if call == "lyrics":
            client.write_lyrics(LyricsRequest.from_json({"mode": "write_full_song"}))
        else:
            client.generate_music(MusicRequest.from_json(SONG))

    assert (error.value.code, error.value.permanent) == (code, False)
    assert len(calls) == 3
