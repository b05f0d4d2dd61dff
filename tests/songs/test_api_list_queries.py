"""The resource API's busiest lists stay lean: a fixed number of queries whatever the rows (no
query per row), no COUNT when the page tells the total, and the same answer as DRF's own walk
over the declared fields would give."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient, APIRequestFactory

from accounts.models import Membership, Role
from accounts.services import api_key_create, team_create
from songs.api.common import stand_in_user
from songs.api.jobs import JobOutput, jobs_listed
from songs.api.projects import ProjectOutput, projects_listed
from songs.api.songs import SongOutput, songs_listed
from songs.library import LibraryQuery, is_favourite
from songs.models import (
    Favourite,
    GenerationJob,
    JobKind,
    JobStatus,
    Project,
    Song,
    SongVersion,
    VersionKind,
)

pytestmark = pytest.mark.django_db

PAGE_SIZE = 50
LISTS = {
    "api:projects": (Project, ProjectOutput),
    "api:songs": (Song, SongOutput),
    "api:jobs": (GenerationJob, JobOutput),
}


@pytest.fixture
def api(world):
    _, raw = api_key_create(user=world.editor, team=world.team, name="api")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.get(reverse("api:me"))  # the key's `last_used_at` is written once a minute: now
    return client


def _version(song: Song, number: int, **fields) -> SongVersion:
    version = SongVersion.objects.create(
        song=song,
        number=number,
        audio=f"{song.pk}-{number}.mp3",
        format="mp3",
        duration_ms=60_000,
        sample_rate=44100,
        bitrate=256000,
        channels=2,
        size=1,
        **fields,
    )
    Song.objects.filter(pk=song.pk).update(current_version=version)
    return version


def add_rows(world, n: int) -> None:
    """`n` projects, `n` songs (restored versions and favourites among them), `n` jobs (some
    failed, some by nobody, some with a version), for the key's team."""
    for i in range(n):
        project = Project.objects.create(
            team=world.team, title=f"P{i}", created_by=world.owner if i % 2 else None
        )
        if i % 10 == 9:
            Project.objects.filter(pk=project.pk).update(archived_at=timezone.now())
        song = Song.objects.create(project=project, title=f"S{i}", created_by=world.editor)
        version = _version(song, 1, kind=VersionKind.INSTRUMENTAL if i % 2 else "original")
        if i % 3 == 1:
            _version(song, 2, kind=VersionKind.RESTORED, restored_from=version)
        if i % 4 == 0:
            Favourite.objects.create(user=world.editor, song=song)
        failed = i % 5 == 0
        GenerationJob.objects.create(
            kind=JobKind.MUSIC,
            team=world.team,
            project=project,
            created_by=None if i % 3 == 0 else world.editor,
            status=JobStatus.FAILED if failed else JobStatus.SUCCEEDED,
            error_code=2013 if failed else None,
            error_message="bad input" if failed else "",
            result={} if failed else {"song_id": song.pk, "version_id": version.pk, "version": 1},
            started_at=timezone.now(),
            finished_at=timezone.now(),
        )


def _queries(api, name: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(reverse(name))
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("name", LISTS)
def test_a_list_makes_two_queries_however_many_rows_its_page_holds(api, world, name):
    add_rows(world, 2)
    few = _queries(api, name)
    add_rows(world, 10)

    many = _queries(api, name)

    # The key with its user and membership; the page, which ends the list, so it tells the count.
    assert len(few) == len(many) == 2
    assert not any("COUNT(" in sql for sql in many)


@pytest.mark.parametrize("name", LISTS)
def test_a_full_page_counts_the_rest_in_one_more_query(api, world, name):
    add_rows(world, PAGE_SIZE + 12)  # 6 of those projects archived, so 56 listed

    queries = _queries(api, name)

    assert len(queries) == 3
    assert "COUNT(" in queries[2]
    body = api.get(reverse(name)).json()
    assert len(body["results"]) == PAGE_SIZE
    assert body["next"] is not None
    assert body["count"] == (56 if name == "api:projects" else PAGE_SIZE + 12)


def test_a_page_past_the_end_is_404_and_the_last_page_counts_its_rows(api, world):
    add_rows(world, PAGE_SIZE + 2)

    assert api.get(reverse("api:jobs"), {"page": 3}).status_code == 404
    last = api.get(reverse("api:jobs"), {"page": 2}).json()
    assert (last["count"], len(last["results"]), last["next"]) == (PAGE_SIZE + 2, 2, None)
    assert api.get(reverse("api:jobs"), {"page": 0}).status_code == 404
    assert api.get(reverse("api:jobs"), {"page": "x"}).status_code == 404


def test_an_empty_list_counts_zero(api):
    body = api.get(reverse("api:jobs")).json()

    assert (body["count"], body["results"], body["next"]) == (0, [], None)


def test_a_keys_lists_leave_out_its_users_other_teams(api, world):
    other = team_create(user=world.editor, name="Side project")
    Project.objects.create(team=other, title="Elsewhere")
    GenerationJob.objects.create(kind=JobKind.LYRICS, team=other)
    add_rows(world, 1)

    assert [p["title"] for p in api.get(reverse("api:projects")).json()["results"]] == ["P0"]
    assert {j["team_id"] for j in api.get(reverse("api:jobs")).json()["results"]} == {world.team.pk}


def test_a_key_whose_user_left_the_team_is_refused(api, world):
    Membership.objects.filter(team=world.team, user=world.editor).delete()

    assert api.get(reverse("api:jobs")).status_code == 401


@pytest.mark.parametrize("name", LISTS)
def test_a_list_answers_as_drf_would_from_the_declared_fields(api, world, name):
    add_rows(world, 7)
    model, output = LISTS[name]
    request = APIRequestFactory().get(reverse(name), HTTP_HOST="testserver")
    request.user = world.editor

    listed = api.get(reverse(name)).json()["results"]

    assert listed
    for item in listed:
        row = model.objects.get(pk=item["id"])
        if model is Song:
            row.is_favourite = is_favourite(user=world.editor, song=row)
        walked = serializers.Serializer.to_representation(output(context={"request": request}), row)
        assert item == json.loads(JSONRenderer().render(walked))


def test_the_role_of_a_viewer_key_changes_nothing_listed(world):
    Membership.objects.filter(team=world.team, user=world.viewer).update(role=Role.VIEWER)
    _, raw = api_key_create(user=world.viewer, team=world.team, name="viewer")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    add_rows(world, 3)

    assert client.get(reverse("api:jobs")).json()["count"] == 3


FILTERED = [
    ("api:jobs", {}),
    ("api:jobs", {"status": "failed"}),
    ("api:jobs", {"status": "succeeded", "kind": "music"}),
    ("api:projects", {"archived": "true"}),
    ("api:songs", {"kind": "instrumental"}),
    ("api:songs", {"favourite": "true", "sort": "title"}),
    ("api:songs", {"q": "S1"}),
]


def _orm_ids(name: str, user, params: dict) -> list:
    """What the list's selector, run by the ORM itself, would put on the first page."""
    if name == "api:jobs":
        rows = jobs_listed(user, params)
    elif name == "api:projects":
        rows = projects_listed(user, None, include_archived=params.get("archived") == "true")
    else:
        query = LibraryQuery(
            text=params.get("q", ""),
            kind=params.get("kind", ""),
            favourites_only=params.get("favourite") == "true",
            sort=params.get("sort", "updated"),
        )
        rows = songs_listed(user, query)
    return [str(row.pk) if name == "api:jobs" else row.pk for row in rows[:PAGE_SIZE]]


@pytest.mark.parametrize(("name", "params"), FILTERED)
@pytest.mark.parametrize("signed_in_by", ["key", "session"])
def test_each_filter_lists_what_the_orm_selects_in_its_order(api, world, name, params,
                                                             signed_in_by):  # fmt: skip
    add_rows(world, 12)
    other = team_create(user=world.editor, name="Side project")
    GenerationJob.objects.create(kind=JobKind.LYRICS, team=other, status=JobStatus.FAILED)
    client = api
    if signed_in_by == "session":
        client = APIClient()
        client.force_login(world.editor)

    for _ in range(2):  # the second time, on the query compiled the first time
        listed = [item["id"] for item in client.get(reverse(name), params).json()["results"]]
        assert listed == _orm_ids(name, world.editor if signed_in_by == "session" else _keyed(
            world), params)  # fmt: skip
        assert listed


def _keyed(world):
    return stand_in_user(world.editor.pk, world.team.pk)


def test_a_finished_jobs_result_links_its_versions_audio(api, world):
    add_rows(world, 3)

    listed = api.get(
        reverse("api:jobs"), HTTP_HOST="testserver", HTTP_X_FORWARDED_PROTO="https"
    ).json()["results"]

    linked = [job["result"] for job in listed if job["result"]]
    assert linked and all(
        result["audio_url"]
        == f"https://testserver{reverse('api:version_audio', args=[result['version_id']])}"
        for result in linked
    )


def test_a_lyrics_jobs_lyrics_stay_in_the_database_when_jobs_are_listed(api, world):
    GenerationJob.objects.create(
        kind=JobKind.LYRICS,
        team=world.team,
        created_by=world.editor,
        status=JobStatus.SUCCEEDED,
        result={"draft_id": 1, "revision": 2, "lyrics": "[Verse]\nRain on the window\n" * 200},
    )

    (listed,) = api.get(reverse("api:jobs")).json()["results"]
    (row,) = jobs_listed(world.editor, {})

    assert listed["result"] == {"draft_id": 1, "revision": 2}
    assert row.shown_result == {"draft_id": 1, "revision": 2}  # trimmed by the database
    assert "result" in row.get_deferred_fields()
