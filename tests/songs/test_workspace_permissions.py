"""The permission matrix: owner, editor, viewer, outsider against every workspace page and endpoint."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def read_pages(place):
    p, d, s, v1 = place["project"], place["draft"], place["song"], place["v1"]
    return [
        reverse("project", args=[p.pk]),
        reverse("draft", args=[d.pk]),
        reverse("draft", args=[d.pk]) + "?r=1",
        reverse("draft_diff", args=[d.pk]) + "?a=1&b=1",
        reverse("song", args=[s.pk]),
        reverse("version", args=[v1.pk]),
        reverse("song_compare", args=[s.pk]) + "?a=1&b=2",
        reverse("version_audio", args=[v1.pk]),
        reverse("api:project", args=[p.pk]),
        reverse("api:draft", args=[d.pk]),
        reverse("api:revisions", args=[d.pk]),
        reverse("api:revision", args=[d.pk, 1]),
        reverse("api:comments", args=[d.pk, 1]),
        reverse("api:draft_diff", args=[d.pk]) + "?a=1&b=1",
        reverse("api:song", args=[s.pk]),
        reverse("api:versions", args=[s.pk]),
        reverse("api:version", args=[v1.pk]),
        reverse("api:version_audio", args=[v1.pk]),
    ]


def write_calls(place):
    p, d, s, v1 = place["project"], place["draft"], place["song"], place["v1"]
    return [
        (reverse("project_update", args=[p.pk]), {"title": "New"}),
        (reverse("draft_create", args=[p.pk]), {"title": "Another"}),
        (reverse("draft_save", args=[d.pk]), {"base": 1, "body": "changed\n"}),
        (reverse("revision_restore", args=[d.pk, 1]), {}),
        (reverse("draft_write", args=[d.pk]), {"prompt": "rain", "token": "t1"}),
        (reverse("version_restore", args=[v1.pk]), {}),
        (
            reverse("song_regenerate", args=[s.pk]),
            {
                "prompt": "jazz",
                "mode": "instrumental",
                "token": "t2",
                "format": "mp3",
                "sample_rate": 44100,
                "bitrate": 256000,
                "channels": 2,
            },
        ),
    ]


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["owner", "editor", "viewer"])
def test_members_read_every_page_and_endpoint(world, place, who):
    client = login(getattr(world, who))

    for url in read_pages(place):
        assert client.get(url).status_code == 200, url


def test_an_outsider_gets_404_everywhere(world, place):
    client = login(world.outsider)

    for url in read_pages(place):
        assert client.get(url).status_code == 404, url
    for url, data in write_calls(place):
        assert client.post(url, data).status_code == 404, url


def test_a_viewer_cannot_write_anything(world, place):
    client = login(world.viewer)

    for url, data in write_calls(place):
        assert client.post(url, data).status_code == 403, url
    assert place["draft"].revisions.count() == 1
    assert place["song"].versions.count() == 2


def test_a_viewer_sees_no_edit_buttons(world, place):
    client = login(world.viewer)

    draft_page = client.get(reverse("draft", args=[place["draft"].pk])).content.decode()
    song_page = client.get(reverse("song", args=[place["song"].pk])).content.decode()

    assert "Save as a new revision" not in draft_page
    assert "Write full song" not in draft_page
    assert "Make current" not in song_page
    assert "Regenerate with changes" not in song_page


def test_viewers_may_comment(world, place):
    client = login(world.viewer)

    response = client.post(
        reverse("comment_create", args=[place["draft"].pk, 1]), {"line_number": 2, "body": "hmm"}
    )

    assert response.status_code == 302
    assert place["draft"].current_revision.comments.count() == 2


def test_api_writes_follow_the_same_rules(world, place):
    viewer, outsider = APIClient(), APIClient()
    viewer.force_authenticate(world.viewer)
    outsider.force_authenticate(world.outsider)
    url = reverse("api:revisions", args=[place["draft"].pk])

    assert viewer.post(url, {"body": "x", "base": 1}, format="json").status_code == 403
    assert outsider.post(url, {"body": "x", "base": 1}, format="json").status_code == 404
    assert viewer.post(reverse("api:version_restore", args=[place["v1"].pk])).status_code == 403


def test_audio_answers_byte_ranges_for_seeking(world, place):
    client = login(world.viewer)
    url = reverse("version_audio", args=[place["v1"].pk])
    whole = b"".join(client.get(url).streaming_content)

    partial = client.get(url, HTTP_RANGE="bytes=10-19")
    tail = client.get(url, HTTP_RANGE="bytes=-5")
    beyond = client.get(url, HTTP_RANGE=f"bytes={len(whole) + 10}-")

    assert partial.status_code == 206
    assert partial["Content-Range"] == f"bytes 10-19/{len(whole)}"
    assert b"".join(partial.streaming_content) == whole[10:20]
    assert b"".join(tail.streaming_content) == whole[-5:]
    assert beyond.status_code == 416


def test_media_is_not_served_as_a_folder(world, place):
    name = place["v1"].audio.name

    assert login(world.owner).get(f"/media/{name}").status_code == 404
