"""The Songs page: every song of the team to find and play, favourites, and the trash."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Team
from songs.models import Project, Song, SongVersion, VersionKind
from songs.services.library import song_trash
from tests.songs.fakes import sine_wav

pytestmark = pytest.mark.django_db


def song_with_version(project, title, *, by, prompt="pop", lyrics="", kind=VersionKind.ORIGINAL):
    song = Song.objects.create(project=project, title=title, created_by=by)
    version = SongVersion(
        song=song, number=1, kind=kind, prompt=prompt, lyrics=lyrics, format="wav",
        duration_ms=2000, sample_rate=24000, bitrate=768000, channels=1, size=0, created_by=by,
    )  # fmt: skip
    version.audio.save(f"{title}.wav", ContentFile(sine_wav()), save=False)
    version.save()
    song.current_version = version
    song.save()
    return song


@pytest.fixture
def shelf(world, place):
    """Beside the place's "Rain": three more songs in a second project, and one of another team."""
    place["song"].current_version = place["v2"]
    place["song"].save()
    singles = Project.objects.create(team=world.team, title="Singles", created_by=world.editor)
    songs = {
        "Rain": place["song"],
        "Harbour": song_with_version(
            singles, "Harbour", by=world.editor, prompt="sea shanty", lyrics="[Verse]\nthe tide"
        ),
        "Drive": song_with_version(
            singles, "Drive", by=world.editor, prompt="synthwave", kind=VersionKind.INSTRUMENTAL
        ),
        "Echo": song_with_version(singles, "Echo", by=world.owner, kind=VersionKind.COVER),
    }
    elsewhere = Project.objects.create(team=Team.objects.create(name="Others"), title="Theirs")
    song_with_version(elsewhere, "Not ours", by=world.outsider)
    return songs


def titles(client, **query) -> list[str]:
    response = client.get(reverse("library"), query)
    assert response.status_code == 200
    return [song.title for song in response.context["page"].object_list]


def test_the_library_lists_the_teams_songs_with_something_to_play(world, client_for, shelf):
    page = client_for(world.viewer, world.team).get(reverse("library")).content.decode()

    assert set(titles(client_for(world.viewer, world.team))) == {"Rain", "Harbour", "Drive", "Echo"}
    assert "Not ours" not in page
    for song in shelf.values():
        assert reverse("version_play", args=[song.current_version_id]) in page  # a play button


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "harb"}, {"Harbour"}),  # title
        ({"q": "TIDE"}, {"Harbour"}),  # lyrics
        ({"q": "synthwave"}, {"Drive"}),  # style
        ({"kind": "instrumental"}, {"Drive"}),
        ({"kind": "cover"}, {"Echo"}),
        ({"kind": "original"}, {"Rain", "Harbour"}),
    ],
)
def test_the_library_searches_and_filters(world, client_for, shelf, query, expected):
    assert set(titles(client_for(world.editor, world.team), **query)) == expected


def test_the_library_filters_by_project_maker_and_date(world, client_for, shelf):
    client = client_for(world.editor, world.team)
    singles = shelf["Harbour"].project_id
    Song.objects.filter(pk=shelf["Echo"].pk).update(created_at=timezone.now() - timedelta(days=40))

    assert set(titles(client, project=singles)) == {"Harbour", "Drive", "Echo"}
    assert set(titles(client, made_by=world.owner.pk)) == {"Rain", "Echo"}
    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    assert "Echo" not in titles(client, made_from=since)
    assert titles(client, made_to=since) == ["Echo"]
    assert set(titles(client, made_from="not a date")) == set(shelf)  # narrows nothing


def test_the_library_sorts_and_pages(world, client_for, shelf, monkeypatch):
    client = client_for(world.editor, world.team)
    monkeypatch.setattr("songs.views.library.SONGS_PER_PAGE", 3)

    assert titles(client, sort="title") == ["Drive", "Echo", "Harbour"]
    assert titles(client, sort="title", page=2) == ["Rain"]
    assert titles(client, sort="newest")[0] == "Echo"  # made last


def test_a_search_as_you_type_answers_the_results_alone(world, client_for, shelf):
    response = client_for(world.editor, world.team).get(
        reverse("library"), {"q": "drive"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="library-results"
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="library-results">') and "Drive" in body
    assert "<html" not in body


def test_favourites_are_each_members_own(world, client_for, shelf):
    editor = client_for(world.editor, world.team)

    response = editor.post(
        reverse("song_favourite", args=[shelf["Drive"].pk]), {"on": "1"}, HTTP_HX_REQUEST="true"
    )

    assert 'aria-pressed="true"' in response.content.decode()
    assert titles(editor, favourites="on") == ["Drive"]
    assert titles(client_for(world.viewer, world.team), favourites="on") == []
    editor.post(reverse("song_favourite", args=[shelf["Drive"].pk]), {"on": "0"})
    assert titles(editor, favourites="on") == []


def test_an_outsider_cannot_star_or_see_a_song(world, client_for, shelf):
    outsider = client_for(world.outsider, world.team)

    assert outsider.post(reverse("song_favourite", args=[shelf["Drive"].pk]), {"on": "1"}).status_code == 404  # fmt: skip
    assert outsider.get(reverse("version_play", args=[shelf["Drive"].current_version_id])).status_code == 404  # fmt: skip


def test_a_trashed_song_leaves_the_library_and_comes_back_from_the_trash(world, client_for, shelf):
    editor = client_for(world.editor, world.team)
    song_trash(actor=world.membership(world.editor), song=shelf["Drive"])

    assert "Drive" not in titles(editor)
    trash = editor.get(reverse("trash")).content.decode()
    assert "Drive" in trash and "Bring back" in trash
    assert editor.get(reverse("version_play", args=[shelf["Drive"].current_version_id])).status_code == 404  # fmt: skip

    editor.post(reverse("song_untrash", args=[shelf["Drive"].pk]))

    assert "Drive" in titles(editor)


def test_deleting_for_good_empties_one_song_from_the_trash(world, client_for, shelf):
    editor = client_for(world.editor, world.team)
    drive = shelf["Drive"]

    assert editor.post(reverse("song_delete_forever", args=[drive.pk])).status_code == 404
    song_trash(actor=world.membership(world.editor), song=drive)
    assert client_for(world.viewer, world.team).post(reverse("song_delete_forever", args=[drive.pk])).status_code == 403  # fmt: skip
    editor.post(reverse("song_delete_forever", args=[drive.pk]))

    assert not Song.objects.filter(pk=drive.pk).exists()


def test_the_dashboard_shows_recent_songs_with_play_buttons(world, client_for, shelf):
    page = client_for(world.viewer, world.team).get(reverse("dashboard")).content.decode()

    assert "Recent songs" in page
    assert reverse("version_play", args=[shelf["Harbour"].current_version_id]) in page


def test_the_player_gets_the_audio_waveform_and_synced_lyrics(world, client_for, shelf):
    version = shelf["Harbour"].current_version
    version.lrc = "[00:01.00]<00:01.00>the <00:01.50>tide<00:02.00>\n"
    version.peaks = [0.1, 0.5]
    version.save()

    track = (
        client_for(world.viewer, world.team).get(reverse("version_play", args=[version.pk])).json()
    )

    assert track["audio_url"] == reverse("version_audio", args=[version.pk])
    assert track["peaks"] == [0.1, 0.5] and track["duration_s"] == 2.0
    assert track["lines"] == [
        {
            "text": "the tide",
            "start_s": 1.0,
            "end_s": 2.0,
            "words": [
                {"text": "the", "start_s": 1.0, "end_s": 1.5},
                {"text": "tide", "start_s": 1.5, "end_s": 2.0},
            ],
        }
    ]
