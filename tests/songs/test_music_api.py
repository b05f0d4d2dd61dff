"""/v1/: the Music API's envelope, auth, limits, validation, hex / url / stream answers."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Plan, UsageEntry
from accounts.services import api_key_create, api_key_revoke
from engine.errors import EngineError
from songs.jobs.tasks import run_next_job
from songs.models import GenerationJob, LyricRevision, Project, SongVersion
from tests.songs.fakes import ScriptedProvider

SONG = {"model": "music-2.6", "prompt": "slow blues", "lyrics": "[Verse]\nRain on the window pane"}


@pytest.fixture
def key(world):
    _, raw = api_key_create(user=world.editor, team=world.team, name="client")
    return raw


def post(path, body, key=None, **headers):
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return Client().post(path, data=json.dumps(body), content_type="application/json", **headers)


def base(response) -> tuple[int, str]:
    body = response.json()
    return body["base_resp"]["status_code"], body["base_resp"]["status_msg"]


@pytest.mark.django_db
def test_a_call_without_a_key_gets_1004_in_the_envelope():
    response = post("/v1/music_generation", SONG)

    assert response.status_code == 200
    assert base(response)[0] == 1004
    assert response.json()["trace_id"] == response["Trace-Id"]


@pytest.mark.django_db
def test_a_revoked_key_gets_1004(world):
    api_key, raw = api_key_create(user=world.editor, team=world.team, name="old")
    api_key_revoke(user=world.editor, api_key=api_key)

    assert base(post("/v1/lyrics_generation", {"mode": "write_full_song"}, raw))[0] == 1004


@pytest.mark.django_db
def test_the_x_api_key_header_is_accepted_too(world, key):
    response = post("/v1/music_generation", {"model": "nope"}, HTTP_X_API_KEY=key)

    assert base(response) == (2013, "invalid params, model: unknown model 'nope'")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, body, field",
    [
        ("/v1/music_generation", {"model": "music-2.6"}, "lyrics"),
        ("/v1/music_generation", {"model": "music-2.6", "is_instrumental": True}, "prompt"),
        ("/v1/music_generation", {**SONG, "stream": True, "output_format": "url"}, "output_format"),
        (
            "/v1/music_generation",
            {**SONG, "audio_setting": {"sample_rate": 8000}},
            "audio_setting.sample_rate",
        ),
        ("/v1/music_generation", {"model": "music-cover", "prompt": "a jazz cover"}, "audio_url"),
        ("/v1/music_generation", {**SONG, "voice_quality": "robot"}, "voice_quality"),
        ("/v1/lyrics_generation", {}, "mode"),
        ("/v1/lyrics_generation", {"mode": "edit"}, "lyrics"),
        ("/v1/music_cover_preprocess", {"model": "music-cover"}, "audio_url"),
    ],
)
def test_invalid_params_get_2013_naming_the_field(key, path, body, field):
    code, message = base(post(path, body, key))

    assert code == 2013
    assert message.startswith(f"invalid params, {field}:")
    assert not GenerationJob.objects.exists()


@pytest.mark.django_db
def test_a_body_that_is_not_json_gets_2013(key):
    response = Client().post(
        "/v1/music_generation",
        data="{oops",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert base(response)[0] == 2013


@pytest.mark.django_db
def test_every_call_is_written_to_the_ledger_even_a_refused_one(world, key):
    post("/v1/music_generation", {"model": "music-2.6"}, key)

    entry = UsageEntry.objects.get()
    assert (entry.kind, entry.via, entry.status_code, entry.credits) == (
        "music",
        "music_api",
        2013,
        0,
    )


@pytest.mark.django_db
def test_the_rate_limit_answers_1002(world, key):
    world.team.plan = Plan.objects.create(name="slow", requests_per_minute=2)
    world.team.save()
    for _ in range(2):
        post("/v1/music_generation", {"model": "music-2.6"}, key)

    assert base(post("/v1/music_generation", {"model": "music-2.6"}, key))[0] == 1002


@pytest.mark.django_db
def test_too_many_running_jobs_answer_1041(world, key):
    world.team.plan = Plan.objects.create(name="one", max_running_jobs=1)
    world.team.save()
    project = Project.objects.create(team=world.team, title="x")
    GenerationJob.objects.create(kind="music", team=world.team, project=project, status="running")

    assert base(post("/v1/music_generation", SONG, key))[0] == 1041


@pytest.mark.django_db
def test_running_out_of_credits_answers_1008(world, key):
    world.team.plan = Plan.objects.create(name="broke", monthly_credits=5)
    world.team.save()

    assert base(post("/v1/music_generation", SONG, key))[0] == 1008


@pytest.mark.django_db(transaction=True)
def test_a_song_comes_back_as_hex_and_lands_in_the_api_project(world, key, provider, q_sync):
    response = post("/v1/music_generation", SONG, key)

    body = response.json()
    assert body["base_resp"] == {"status_code": 0, "status_msg": "success"}
    assert body["data"]["status"] == 2
    audio = bytes.fromhex(body["data"]["audio"])
    assert audio[:4] == b"RIFF"
    assert body["extra_info"]["music_size"] == len(audio)
    assert body["extra_info"]["music_duration"] == 1000
    assert body["analysis_info"] is None
    version = SongVersion.objects.get()
    assert version.song.project.title == "API"
    assert version.song.project.team == world.team


@pytest.mark.django_db(transaction=True)
def test_url_mode_gives_a_signed_link_in_both_fields_that_downloads_without_a_session(
    key, provider, q_sync
):
    body = post("/v1/music_generation", {**SONG, "output_format": "url"}, key).json()

    link = body["data"]["audio_url"]
    assert body["data"]["audio"] == link
    download = Client().get(link.replace("http://testserver", ""))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:4] == b"RIFF"
    assert Client().get(link.replace("http://testserver", "")[:-3] + "xyz").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_stream_mode_answers_server_sent_events_whose_audio_concatenates(key, provider, q_sync):
    response = post("/v1/music_generation", {**SONG, "stream": True}, key)

    assert response["Content-Type"] == "text/event-stream"
    frames = [
        json.loads(block[len("data: ") :])
        for block in b"".join(response.streaming_content).decode().split("\n\n")
        if block
    ]
    audio = bytes.fromhex("".join(frame["data"]["audio"] for frame in frames))
    assert audio[:4] == b"RIFF"
    assert frames[-1]["data"] == {"audio": "", "status": 2}
    assert frames[-1]["extra_info"]["music_size"] == len(audio)
    assert all(frame["data"]["status"] == 1 for frame in frames[:-1])


@pytest.mark.django_db(transaction=True)
def test_an_idempotency_key_replays_the_same_song(world, key, provider, q_sync):
    first = post("/v1/music_generation", SONG, key, HTTP_IDEMPOTENCY_KEY="song-1").json()
    second = post("/v1/music_generation", SONG, key, HTTP_IDEMPOTENCY_KEY="song-1").json()

    assert first["data"]["audio"] == second["data"]["audio"]
    assert SongVersion.objects.count() == 1
    assert provider.calls == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_generation_answers_its_code(key, provider, q_sync):
    provider.failures = [EngineError("lyrics: cannot be sung", code=2013)]

    code, message = base(post("/v1/music_generation", SONG, key))

    assert code == 2013
    assert "cannot be sung" in message


@pytest.mark.django_db(transaction=True)
def test_lyrics_come_back_in_the_contract_shape_and_as_a_draft_revision(
    world, key, provider, q_sync
):
    body = post("/v1/lyrics_generation", {"mode": "write_full_song", "prompt": "rain"}, key).json()

    assert body["base_resp"]["status_code"] == 0
    assert (body["song_title"], body["style_tags"]) == ("Rain Song", "Blues, Slow")
    assert body["lyrics"].startswith("[Verse]")

    revision = LyricRevision.objects.get()
    assert revision.source == "ai_write"
    assert revision.draft.project.title == "API"


@pytest.mark.django_db(transaction=True)
def test_a_job_that_outlives_the_wait_answers_1001_and_keeps_running(key, settings):
    settings.REFRAIN_API_WAIT_S = 0  # no worker runs in this test: the job stays queued

    code, message = base(post("/v1/music_generation", SONG, key))

    assert code == 1001
    job = GenerationJob.objects.get()
    assert str(job.pk) in message
    assert job.status == "queued"


@pytest.mark.django_db(transaction=True)
def test_a_stream_delivers_audio_while_the_song_is_still_being_made(key, monkeypatch):

    first_half_sent, may_finish = threading.Event(), threading.Event()

    class SlowEncoder(ScriptedProvider):
        def generate_music(self, request, progress, *, cover_features=None, on_audio=None):
            def paced(chunk):
                on_audio(chunk)
                if not first_half_sent.is_set():
                    first_half_sent.set()
                    assert may_finish.wait(20), "the test never let the song finish"

            return super().generate_music(request, progress, on_audio=paced)

    monkeypatch.setattr("songs.jobs.run.provider_named", lambda name: SlowEncoder())
    response = post("/v1/music_generation", {**SONG, "stream": True}, key)

    def worker():
        try:
            run_next_job()
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    frames = iter(response.streaming_content)
    first = json.loads(
        next(frame for frame in frames if b'"audio":""' not in frame)[len(b"data: ") :]
    )
    job = GenerationJob.objects.get()
    assert first["data"]["status"] == 1
    assert bytes.fromhex(first["data"]["audio"])[:4] == b"RIFF"
    assert job.status == "running"  # the song is not finished, yet its first audio is here

    may_finish.set()
    rest = [json.loads(block[len(b"data: ") :]) for block in frames]
    thread.join(30)
    audio = bytes.fromhex(first["data"]["audio"] + "".join(f["data"]["audio"] for f in rest))
    with SongVersion.objects.get().audio.open("rb") as handle:
        assert audio == handle.read()
    assert rest[-1]["data"]["status"] == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("model", ["music-3.0", "music-3.0-free"])
def test_the_vendors_newer_cli_default_model_makes_songs(key, provider, q_sync, model):
    body = post("/v1/music_generation", {**SONG, "model": model}, key).json()

    assert body["base_resp"]["status_code"] == 0
    assert SongVersion.objects.get().kind == "original"


@pytest.mark.django_db(transaction=True)
def test_music_3_makes_instrumentals_too(key, provider, q_sync):
    body = post(
        "/v1/music_generation",
        {"model": "music-3.0", "prompt": "ambient", "is_instrumental": True},
        key,
    )

    assert body.json()["base_resp"]["status_code"] == 0
    assert SongVersion.objects.get().kind == "instrumental"


@pytest.mark.django_db
def test_a_viewers_key_is_refused_as_not_authorized_not_as_a_bad_parameter(world):
    _, viewer_key = api_key_create(user=world.viewer, team=world.team, name="read-only")

    code, message = base(post("/v1/music_generation", SONG, viewer_key))

    assert (code, message) == (1004, "not authorized, Viewers cannot start generations.")
    assert not GenerationJob.objects.exists()
    assert UsageEntry.objects.get().status_code == 1004


@pytest.mark.django_db(transaction=True)
def test_a_cover_of_a_url_inside_our_network_is_refused_without_any_packet(
    key, q_sync, resolve_as, dialled
):
    resolver = resolve_as({"intranet.example": "10.0.0.7"})
    url = "http://intranet.example/a.mp3"
    cover = {"model": "music-cover", "prompt": "a gentle acoustic folk cover", "audio_url": url}

    code, message = base(post("/v1/music_generation", cover, key))

    assert resolver.calls == ["intranet.example"], message
    assert code == 2013
    assert message == (
        "invalid params, audio_url: the host intranet.example is a private or reserved address"
    )
    assert dialled() == []
    assert not SongVersion.objects.exists()
