"""Song versions are immutable (deleting is in test_deletes); restoring an older one is itself
recorded."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.errors import ApplicationError
from songs.models import SongVersion
from songs.services.songs import song_version_restore
from tests.songs.test_workspace_permissions import login

pytestmark = pytest.mark.django_db


def test_restoring_an_older_version_adds_a_restored_version_sharing_its_audio(world, place):
    restored = song_version_restore(actor=world.membership(world.editor), version=place["v1"])

    assert restored.number == 3
    assert restored.kind == "restored"
    assert restored.restored_from == place["v1"]
    assert restored.audio.name == place["v1"].audio.name
    assert restored.song.current_version == restored
    assert SongVersion.objects.filter(song=place["song"]).count() == 3


def test_the_current_version_cannot_be_restored_again(world, place):
    with pytest.raises(ApplicationError):
        song_version_restore(actor=world.membership(world.editor), version=place["v2"])


def test_compare_shows_both_players_and_the_settings_that_differ(world, place):
    page = (
        login(world.viewer)
        .get(reverse("song_compare", args=[place["song"].pk]) + "?a=1&b=2")
        .content.decode()
    )

    assert page.count("<audio") == 2
    assert "blues 1" in page and "blues 2" in page


def test_the_version_page_offers_its_downloads(world, place):
    page = login(world.viewer).get(reverse("version", args=[place["v1"].pk])).content.decode()

    assert reverse("version_audio", args=[place["v1"].pk]) in page
    assert "Lyrics it sang" in page


def test_a_version_cannot_be_changed_through_the_api(world, place):
    client = APIClient()
    client.force_authenticate(world.owner)
    url = reverse("api:version", args=[place["v1"].pk])

    assert client.patch(url, {"prompt": "rewritten"}, format="json").status_code == 405
    assert client.put(url, {"prompt": "rewritten"}, format="json").status_code == 405
    place["v1"].refresh_from_db()
    assert place["v1"].prompt == "blues 1"
