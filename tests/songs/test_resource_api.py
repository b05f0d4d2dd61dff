"""The resource API: projects, drafts with ETag / If-Match saves, songs, jobs; and its schema."""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from accounts.services import api_key_create
from songs.models import GenerationJob, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    _, raw = api_key_create(user=world.editor, team=world.team, name="api")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def project(world):
    return Project.objects.create(team=world.team, title="Album")


def test_a_project_is_created_in_the_keys_team_and_listed(world, api):
    created = api.post(
        reverse("api:projects"), {"title": "Night Songs", "default_style": "lo-fi"}, format="json"
    )

    assert created.status_code == 201
    assert created.json()["team_id"] == world.team.pk
    titles = [p["title"] for p in api.get(reverse("api:projects")).json()["results"]]
    assert "Night Songs" in titles


def test_a_draft_save_names_its_base_with_if_match(api, project):
    draft = api.post(
        reverse("api:drafts"),
        {"project": project.pk, "title": "Rain", "body": "line one\n"},
        format="json",
    )
    assert draft["ETag"] == '"r1"'
    url = reverse("api:revisions", args=[draft.json()["id"]])

    saved = api.post(url, {"body": "line one\nline two\n"}, format="json", HTTP_IF_MATCH='"r1"')

    assert saved.status_code == 201
    assert saved.json()["number"] == 2
    assert saved["ETag"] == '"r2"'


def test_a_save_without_a_base_is_refused_with_428(api, project):
    draft = api.post(
        reverse("api:drafts"), {"project": project.pk, "title": "Rain"}, format="json"
    ).json()

    response = api.post(reverse("api:revisions", args=[draft["id"]]), {"body": "x"}, format="json")

    assert response.status_code == 428


def test_a_stale_save_merges_or_answers_409_with_both_texts(api, project):
    body = "one\ntwo\nthree\nfour\nfive\n"
    draft = api.post(
        reverse("api:drafts"), {"project": project.pk, "title": "Rain", "body": body}, format="json"
    ).json()
    url = reverse("api:revisions", args=[draft["id"]])
    api.post(url, {"body": body.replace("one", "ONE")}, format="json", HTTP_IF_MATCH='"r1"')

    merged = api.post(
        url, {"body": body.replace("five", "FIVE")}, format="json", HTTP_IF_MATCH='"r1"'
    )
    conflict = api.post(
        url, {"body": body.replace("one", "uno")}, format="json", HTTP_IF_MATCH='"r1"'
    )

    assert merged.status_code == 201
    assert merged.json()["merged"] is True
    assert merged.json()["body"] == "ONE\ntwo\nthree\nfour\nFIVE\n"
    assert conflict.status_code == 409
    assert conflict.json()["theirs"]["number"] == 3
    assert conflict.json()["yours"].startswith("uno")


def test_the_diff_endpoint_lists_added_and_removed_lines(api, project):
    draft = api.post(
        reverse("api:drafts"),
        {"project": project.pk, "title": "R", "body": "a\nb\n"},
        format="json",
    ).json()
    api.post(
        reverse("api:revisions", args=[draft["id"]]), {"body": "a\nc\n", "base": 1}, format="json"
    )

    rows = api.get(reverse("api:draft_diff", args=[draft["id"]]) + "?a=1&b=2").json()

    assert {"op": "remove", "text": "b", "old_number": 2, "new_number": None} in rows
    assert {"op": "add", "text": "c", "old_number": None, "new_number": 2} in rows


def test_generating_lyrics_on_a_draft_queues_a_job(api, project):
    draft = api.post(
        reverse("api:drafts"), {"project": project.pk, "title": "R"}, format="json"
    ).json()

    response = api.post(
        reverse("api:draft_generate", args=[draft["id"]]),
        {"mode": "write_full_song", "prompt": "sea"},
        format="json",
    )

    assert response.status_code == 202
    job = GenerationJob.objects.get(pk=response.json()["id"])
    assert (job.kind, job.draft_id, job.status) == ("lyrics", draft["id"], "queued")
    assert api.get(reverse("api:job", args=[job.pk])).json()["status"] == "queued"


def test_a_song_generation_is_queued_and_can_be_cancelled(api, project):
    response = api.post(
        reverse("api:song_generate"),
        {"project": project.pk, "prompt": "jazz trio", "mode": "instrumental"},
        format="json",
    )
    job_id = response.json()["id"]

    cancelled = api.post(reverse("api:job_cancel", args=[job_id]))

    assert response.status_code == 202
    assert cancelled.json()["status"] == "cancelled"
    assert api.post(reverse("api:job_cancel", args=[job_id])).status_code == 409


def test_a_song_generation_asks_for_the_voice_given(api, project):
    response = api.post(
        reverse("api:song_generate"),
        {"project": project.pk, "lyrics": "[Verse]\nRain on the window", "voice_quality": "full"},
        format="json",
    )

    assert response.status_code == 202
    assert GenerationJob.objects.get().request["voice_quality"] == "full"


def test_a_song_generation_with_an_unknown_voice_is_refused(api, project):
    response = api.post(
        reverse("api:song_generate"),
        {"project": project.pk, "lyrics": "[Verse]\nRain on the window", "voice_quality": "loud"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "voice_quality"
    assert not GenerationJob.objects.exists()


def test_the_jobs_list_filters_by_project(api, project, world):
    other = Project.objects.create(team=world.team, title="Other")
    api.post(
        reverse("api:song_generate"),
        {"project": project.pk, "prompt": "jazz", "mode": "instrumental"},
        format="json",
    )
    api.post(
        reverse("api:song_generate"),
        {"project": other.pk, "prompt": "rock", "mode": "instrumental"},
        format="json",
    )

    listed = api.get(reverse("api:jobs") + f"?project={project.pk}").json()["results"]

    assert [job["project_id"] for job in listed] == [project.pk]


def test_the_openapi_schema_validates_and_lists_every_endpoint(client):

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)

    paths = set(schema["paths"])
    for expected in (
        "/api/v1/projects/",
        "/api/v1/drafts/{draft_id}/revisions/",
        "/api/v1/songs/generate/",
        "/api/v1/versions/{version_id}/restore/",
        "/api/v1/jobs/{job_id}/cancel/",
        "/api/v1/covers/{cover_feature_id}/",
        "/api/v1/me/",
        "/v1/music_generation",
        "/v1/lyrics_generation",
        "/v1/music_cover_preprocess",
    ):
        assert expected in paths
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_a_misspelt_field_is_refused_not_dropped(api, project):
    response = api.post(
        reverse("api:drafts"),
        {"project": project.pk, "title": "Rain", "boddy": "la"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "boddy: Unknown field.",
        "field": "boddy",
        "errors": {"boddy": ["Unknown field."]},
    }


@pytest.mark.parametrize(
    "body, field",
    [
        ({"archived": 0}, "archived"),
        ({"title": 5}, "title"),
        ({"title": "   "}, "title"),
    ],
)
def test_a_field_of_the_wrong_json_type_is_refused_not_coerced(api, project, body, field):
    response = api.patch(reverse("api:project", args=[project.pk]), body, format="json")

    assert response.status_code == 400
    assert response.json()["field"] == field
    project.refresh_from_db()
    assert (project.title, project.archived_at) == ("Album", None)


@pytest.mark.parametrize(
    "query, field",
    [
        ("?project=abc", "project"),
        ("?project=0", "project"),
        ("?project=99999999999999999999999", "project"),
        ("?project=1&project=2", "project"),
        ("?status=lost", "status"),
        ("?kind=poem", "kind"),
    ],
)
def test_a_bad_query_filter_is_a_400_naming_it(api, query, field):
    response = api.get(reverse("api:jobs") + query)

    assert response.status_code == 400
    assert response.json()["field"] == field


def test_a_malformed_if_match_is_refused(api, project):
    draft = api.post(
        reverse("api:drafts"), {"project": project.pk, "title": "Rain"}, format="json"
    ).json()

    response = api.post(
        reverse("api:revisions", args=[draft["id"]]),
        {"body": "x\n", "base": 1},
        format="json",
        HTTP_IF_MATCH="*",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "If-Match"


def test_the_resource_api_reads_json_only(api, project):
    response = api.post(
        reverse("api:drafts"), {"project": project.pk, "title": "Rain"}
    )  # multipart

    assert response.status_code == 415, response.content
    assert "detail" in response.json()
