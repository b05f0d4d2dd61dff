"""An API key acts for its own team only, on the resource API as on the Music API, even where its
user is a member of other teams."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services import api_key_create
from songs.models import Project
from songs.services.drafts import draft_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def personal_key(world) -> APIClient:
    """A key the editor made for their personal team; the editor is also in The Band."""
    _, raw = api_key_create(user=world.editor, team=world.editor.personal_team, name="mine")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def band_project(world):
    project = Project.objects.create(team=world.team, title="Band album", created_by=world.owner)
    draft_create(
        actor=world.membership(world.owner), project=project, title="Rain", body="[Verse]\nla\n"
    )
    return project


def test_a_key_lists_only_its_own_teams_work(world, personal_key, band_project):
    mine = Project.objects.create(team=world.editor.personal_team, title="Solo")

    projects = personal_key.get(reverse("api:projects")).json()["results"]
    drafts = personal_key.get(reverse("api:drafts")).json()["results"]

    assert [p["id"] for p in projects] == [mine.pk]
    assert drafts == []
    assert personal_key.get(reverse("api:jobs")).json()["results"] == []
    assert personal_key.get(reverse("api:songs")).json()["results"] == []


def test_a_key_cannot_read_or_write_another_team_of_its_user(world, personal_key, band_project):
    draft = band_project.drafts.get()

    assert personal_key.get(reverse("api:project", args=[band_project.pk])).status_code == 404
    assert (
        personal_key.patch(
            reverse("api:project", args=[band_project.pk]), {"title": "x"}, format="json"
        ).status_code
        == 404
    )
    assert (
        personal_key.post(
            reverse("api:drafts"), {"project": band_project.pk, "title": "y"}, format="json"
        ).status_code
        == 404
    )
    assert personal_key.get(reverse("api:draft", args=[draft.pk])).status_code == 404
    assert (
        personal_key.post(
            reverse("api:projects"), {"team": world.team.pk, "title": "z"}, format="json"
        ).status_code
        == 404
    )
    band_project.refresh_from_db()
    assert band_project.title == "Band album"
    assert band_project.drafts.count() == 1


def test_me_and_teams_name_only_the_keys_team(world, personal_key):
    me = personal_key.get(reverse("api:me")).json()
    teams = personal_key.get(reverse("api:teams")).json()

    assert me["api_key_team_id"] == world.editor.personal_team.pk
    assert [t["team_id"] for t in me["teams"]] == [world.editor.personal_team.pk]
    assert [t["team_id"] for t in teams] == [world.editor.personal_team.pk]


def test_the_same_user_signed_in_by_session_still_sees_every_team(world, band_project):
    client = APIClient()
    client.force_login(world.editor)

    assert client.get(reverse("api:project", args=[band_project.pk])).status_code == 200
    assert len(client.get(reverse("api:teams")).json()) == 2
