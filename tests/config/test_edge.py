"""The edge guard: text no database can store, JSON too deep, keys too long, bodies too big, all
refused in the route's own language before a view runs."""

import json

import pytest
from django.test import Client

from accounts.models import UsageEntry
from accounts.services import api_key_create
from songs.models import GenerationJob, Project

pytestmark = pytest.mark.django_db

NUL, SURROGATE = "\u0000", "\ud800"
SONG = {"model": "music-2.6", "prompt": "slow blues", "lyrics": "[Verse]\nRain on the window pane"}


@pytest.fixture
def key(world):
    return api_key_create(user=world.editor, team=world.team, name="client")[1]


def post_json(path, body, key=None, **headers):
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return Client().post(path, data=json.dumps(body), content_type="application/json", **headers)


def base_resp(response) -> tuple[int, str]:
    body = response.json()
    return body["base_resp"]["status_code"], body["base_resp"]["status_msg"]


@pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["nul", "surrogate"])
@pytest.mark.parametrize(
    "path, body, field",
    [
        ("/v1/music_generation", {**SONG, "prompt": "slow {bad} blues"}, "prompt"),
        ("/v1/music_generation", {**SONG, "lyrics": "[Verse]\nRain{bad}"}, "lyrics"),
        ("/v1/lyrics_generation", {"mode": "write_full_song", "title": "t{bad}"}, "title"),
        (
            "/v1/music_cover_preprocess",
            {"model": "music-cover", "audio_url": "http://a/{bad}"},
            "audio_url",
        ),
        ("/v1/music_generation", {**SONG, "refrain_project": "API{bad}"}, "refrain_project"),
        (
            "/v1/music_generation",
            {"model": "music-cover", "cover_feature_id": "{bad}"},
            "cover_feature_id",
        ),
        (
            "/v1/music_generation",
            {**SONG, "audio_setting": {"format": "mp3{bad}"}},
            "audio_setting.format",
        ),
    ],
)
def test_the_music_api_refuses_unstorable_text_with_2013_naming_the_field(
    key, path, body, field, bad
):
    body = json.loads(json.dumps(body).replace("{bad}", json.dumps(bad)[1:-1]))

    response = post_json(path, body, key)

    assert response.status_code == 200
    code, message = base_resp(response)
    assert code == 2013
    assert message.startswith(f"invalid params, {field}: contains")
    assert response["Trace-Id"] == response.json()["trace_id"]
    assert not GenerationJob.objects.exists()


def test_a_key_of_a_json_object_is_checked_too(key):
    response = post_json("/v1/music_generation", {**SONG, f"x{NUL}": 1}, key)

    assert base_resp(response)[0] == 2013


def test_the_resource_api_refuses_unstorable_text_inside_audio_setting_with_400(world, client_for):
    project = Project.objects.create(team=world.team, title="Songs")
    body = {"project": project.pk, "lyrics": "[Verse]\nla", "audio_setting": {"format": SURROGATE}}

    response = client_for(world.editor).post(
        "/api/v1/songs/generate/", json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "audio_setting.format: contains an unpaired surrogate",
        "field": "audio_setting.format",
    }
    assert not GenerationJob.objects.exists()


def test_a_nul_in_a_query_filter_is_a_400(world, client_for):
    response = client_for(world.editor).get("/api/v1/jobs/?status=%00")

    assert response.status_code == 400
    assert response.json()["field"] == "status"


def test_a_nul_in_a_page_url_is_a_400_page(world, client_for):
    response = client_for(world.editor).get("/covers/a%00b/")

    assert response.status_code == 400
    assert b"contains a NUL character" in response.content
    assert response["Content-Type"].startswith("text/html")


def test_a_nul_in_a_form_field_is_a_400_page(world, client_for):
    response = client_for(world.editor).post("/teams/", {"name": f"band{NUL}"})

    assert response.status_code == 400
    assert b"Name: contains a NUL character" in response.content


def test_an_idempotency_key_over_100_characters_is_refused_in_each_api(world, key, client_for):
    long_key = "k" * 101

    music = post_json("/v1/music_generation", SONG, key, HTTP_IDEMPOTENCY_KEY=long_key)
    resource = client_for(world.editor).post(
        "/api/v1/projects/",
        {"title": "x"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=long_key,
    )

    assert base_resp(music)[0] == 2013
    assert "Idempotency-Key" in base_resp(music)[1]
    assert resource.status_code == 400
    assert resource.json()["field"] == "Idempotency-Key"


def test_an_idempotency_key_of_100_characters_is_accepted(world, key, settings):
    settings.REFRAIN_API_WAIT_S = 0  # no worker: the job stays queued and the call answers 1001

    response = post_json("/v1/music_generation", SONG, key, HTTP_IDEMPOTENCY_KEY="k" * 100)

    assert base_resp(response)[0] == 1001
    assert GenerationJob.objects.get().idempotency_key == "k" * 100


def test_json_nested_100000_levels_deep_is_refused_without_a_crash(world, key, client_for):
    deep = '{"model": "music-2.6", "audio_setting": ' + "[" * 100_000 + "]" * 100_000 + "}"

    music = Client().post(
        "/v1/music_generation",
        data=deep,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    resource = client_for(world.editor).post(
        "/api/v1/songs/generate/", data=deep, content_type="application/json"
    )

    assert base_resp(music)[0] == 2013
    assert "nested more than 32 levels deep" in base_resp(music)[1]
    assert resource.status_code == 400


def test_json_nested_within_the_limit_is_left_to_the_view(key):
    response = post_json("/v1/music_generation", {**SONG, "audio_setting": [[[[1]]]]}, key)

    assert base_resp(response) == (2013, "invalid params, audio_setting: must be an object")


def test_a_body_over_the_upload_limit_gets_the_envelope_on_the_music_api(key, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = post_json("/v1/music_generation", {**SONG, "lyrics": "la " * 1000}, key)

    assert response.status_code == 200
    assert base_resp(response) == (2013, "invalid params, body: is larger than the upload limit")


def test_an_unknown_music_api_path_answers_404_in_the_envelope():
    response = Client().get("/v1/nothing_here")

    assert response.status_code == 404
    assert base_resp(response)[0] == 2013


def test_a_music_api_crash_answers_1024_and_closes_its_ledger_line(key, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("songs.music_api.calls.job_create", crash)

    response = post_json("/v1/music_generation", SONG, key)

    assert response.status_code == 200
    assert base_resp(response)[0] == 1024
    entry = UsageEntry.objects.get()
    assert (entry.status_code, entry.credits) == (1024, 0)
