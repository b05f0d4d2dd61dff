"""The library over REST: search and filters on the song list, favourites, and the trash."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from songs.models import Song
from tests.songs.test_library import shelf  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def listed(client, **query) -> list[str]:
    response = client.get(reverse("api:songs"), query)
    assert response.status_code == 200, response.json()
    return [song["title"] for song in response.json()["results"]]


def test_the_song_list_searches_filters_and_says_each_songs_kind(world, shelf):  # noqa: F811
    client = api_for(world.editor)

    assert listed(client, q="tide") == ["Harbour"]
    assert listed(client, kind="instrumental") == ["Drive"]
    assert listed(client, sort="title") == ["Drive", "Echo", "Harbour", "Rain"]
    echo = client.get(reverse("api:song", args=[shelf["Echo"].pk])).json()
    assert echo["kind"] == "cover" and echo["is_favourite"] is False
    assert client.get(reverse("api:songs"), {"kind": "jazz"}).status_code == 400


def test_favourites_are_put_and_deleted(world, shelf):  # noqa: F811
    client = api_for(world.viewer)
    url = reverse("api:song_favourite", args=[shelf["Drive"].pk])

    assert client.put(url).status_code == 204
    assert listed(client, favourite="true") == ["Drive"]
    assert client.get(reverse("api:song", args=[shelf["Drive"].pk])).json()["is_favourite"]
    assert client.delete(url).status_code == 204
    assert listed(client, favourite="true") == []
    assert api_for(world.outsider).put(url).status_code == 404


def test_a_trashed_song_is_listed_in_the_trash_and_brought_back(world, shelf):  # noqa: F811
    client = api_for(world.editor)
    drive = shelf["Drive"]
    untrash = reverse("api:song_untrash", args=[drive.pk])

    assert client.delete(reverse("api:song", args=[drive.pk])).status_code == 204

    assert "Drive" not in listed(client)
    trash = client.get(reverse("api:trash")).json()["results"]
    assert [song["title"] for song in trash] == ["Drive"] and trash[0]["trashed_at"]
    assert api_for(world.viewer).post(untrash).status_code == 403
    assert api_for(world.outsider).post(untrash).status_code == 404
    assert client.post(untrash).json()["trashed_at"] is None
    assert "Drive" in listed(client)
    assert Song.objects.get(pk=drive.pk).trashed_at is None
