"""`/api/v1/versions/{id}/share/`: read, make and revoke a version's public link with an API key
held to its team; viewers read, editors share."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services import api_key_create

pytestmark = pytest.mark.django_db


def keyed(user, team) -> APIClient:
    _, raw = api_key_create(user=user, team=team, name="api")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def share_url(version) -> str:
    return reverse("api:version_share", args=[version.pk])


def test_an_editor_shares_changes_and_revokes_a_version_over_the_api(world, place):
    client, url = keyed(world.editor, world.team), share_url(place["v1"])

    made = client.post(url, format="json")

    assert made.status_code == 201
    link = made.json()
    assert link["url"].startswith("http://testserver/s/") and link["expires_at"] is None
    assert link["allow_download"] is False
    assert link["embed_url"] == link["url"] + "embed"
    assert Client().get(link["url"]).status_code == 200
    assert client.get(url).json()["url"] == link["url"]

    changed = client.post(url, {"expires_in_days": 7, "allow_download": True}, format="json")

    assert changed.status_code == 200
    assert changed.json()["url"] == link["url"] and changed.json()["allow_download"] is True
    assert changed.json()["expires_at"] is not None

    assert client.delete(url).status_code == 204
    assert Client().get(link["url"]).status_code == 404
    assert client.get(url).status_code == 404
    assert client.delete(url).status_code == 404
    again = client.post(url, {"expires_in_days": None}, format="json")
    assert again.status_code == 201 and again.json()["url"] != link["url"]


def test_a_viewers_key_reads_the_link_but_cannot_share_or_revoke(world, place):
    keyed(world.editor, world.team).post(share_url(place["v1"]), format="json")
    viewer = keyed(world.viewer, world.team)

    assert viewer.get(share_url(place["v1"])).status_code == 200
    assert viewer.post(share_url(place["v2"]), format="json").status_code == 403
    assert viewer.delete(share_url(place["v1"])).status_code == 403
    assert viewer.get(share_url(place["v2"])).status_code == 404  # not shared


def test_a_key_of_another_team_does_not_find_the_version(world, place):
    personal = keyed(world.editor, world.editor.personal_team)
    outsider = keyed(world.outsider, world.outsider.personal_team)

    for client in (personal, outsider):
        assert client.post(share_url(place["v1"]), format="json").status_code == 404
        assert client.delete(share_url(place["v1"])).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"expires_in_days": 0},
        {"expires_in_days": 366},
        {"expires_in_days": "7"},
        {"allow_download": "yes"},
        {"expires": 7},
    ],
)
def test_a_share_request_of_the_wrong_shape_is_refused(world, place, body):
    response = keyed(world.editor, world.team).post(share_url(place["v1"]), body, format="json")

    assert response.status_code == 400
    assert not place["v1"].share_links.exists()
