"""Deleting projects, songs and versions: the rows and their files go, what remains stays whole."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db.models import RestrictedError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from songs.models import GenerationJob, LyricDraft, LyricRevision, Project, Song, SongVersion
from songs.services.drafts import lyric_revision_save
from songs.services.library import trash_purge_expired
from songs.services.songs import song_version_restore
from tests.songs.test_workspace_permissions import login

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def with_three_revisions(place, world):
    editor = world.membership(world.editor)
    for base, body in ((1, "[Verse]\nRain on the window\nand more\n"), (2, "[Verse]\nRain\n")):
        lyric_revision_save(actor=editor, draft=place["draft"], base_number=base, body=body)
    assert place["draft"].revisions.count() == 3


def archive(project: Project) -> None:
    project.archived_at = timezone.now()
    project.save()


def test_an_archived_project_whose_draft_has_revisions_is_deleted_over_the_api(
    world, place, django_capture_on_commit_callbacks
):
    with_three_revisions(place, world)
    archive(place["project"])
    audio = place["v1"].audio.name

    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(world.admin).delete(reverse("api:project", args=[place["project"].pk]))

    assert response.status_code == 204
    assert not Project.objects.exists() and not LyricDraft.objects.exists()
    assert not LyricRevision.objects.exists() and not SongVersion.objects.exists()
    assert not default_storage.exists(audio)


def test_an_archived_project_whose_draft_has_revisions_is_deleted_on_its_page(world, place):
    with_three_revisions(place, world)
    archive(place["project"])

    response = login(world.owner).post(reverse("project_delete", args=[place["project"].pk]))

    assert response.status_code == 302
    assert not Project.objects.exists()


def test_a_revision_in_the_middle_of_a_history_cannot_be_deleted_alone(world, place):
    with_three_revisions(place, world)

    with pytest.raises(RestrictedError):
        place["draft"].revisions.get(number=1).delete()


def test_deleting_a_song_over_the_api_trashes_it_and_the_purge_removes_its_files_30_days_on(
    world, place, django_capture_on_commit_callbacks
):
    names = [place["v1"].audio.name, place["v2"].audio.name]
    client = api_for(world.editor)

    response = client.delete(reverse("api:song", args=[place["song"].pk]))

    assert response.status_code == 204
    assert client.get(reverse("api:song", args=[place["song"].pk])).status_code == 404
    assert client.get(reverse("api:version", args=[place["v1"].pk])).status_code == 404
    assert all(default_storage.exists(name) for name in names)  # brought back, it plays again

    with django_capture_on_commit_callbacks(execute=True):
        assert trash_purge_expired(now=timezone.now() + timedelta(days=29)) == 0
        assert trash_purge_expired(now=timezone.now() + timedelta(days=31)) == 1

    assert not Song.objects.exists() and not SongVersion.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_a_song_is_moved_to_the_trash_from_its_page_with_an_undo(world, place):
    client = login(world.editor)

    response = client.post(reverse("song_delete", args=[place["song"].pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("project", args=[place["project"].pk])
    assert "is in the trash for 30 days" in response.content.decode()
    undo = reverse("song_untrash", args=[place["song"].pk])
    assert f'action="{undo}"' in response.content.decode()
    assert client.get(reverse("song", args=[place["song"].pk])).status_code == 404

    assert client.post(undo).status_code == 302
    assert client.get(reverse("song", args=[place["song"].pk])).status_code == 200
    assert SongVersion.objects.count() == 2


@pytest.mark.parametrize("who, status", [("viewer", 403), ("outsider", 404)])
def test_only_members_who_edit_can_delete(world, place, who, status):
    client = api_for(getattr(world, who))

    assert client.delete(reverse("api:song", args=[place["song"].pk])).status_code == status
    assert client.delete(reverse("api:version", args=[place["v1"].pk])).status_code == status
    assert (
        login(getattr(world, who)).post(reverse("song_delete", args=[place["song"].pk])).status_code
        == status
    )
    assert SongVersion.objects.count() == 2


def test_deleting_the_current_version_makes_the_newest_remaining_one_current(
    world, place, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(world.editor).delete(reverse("api:version", args=[place["v2"].pk]))

    assert response.status_code == 204
    place["song"].refresh_from_db()
    assert place["song"].current_version == place["v1"]
    assert not default_storage.exists(place["v2"].audio.name)
    assert default_storage.exists(place["v1"].audio.name)


def test_a_file_shared_with_a_restored_version_stays(
    world, place, django_capture_on_commit_callbacks
):
    restored = song_version_restore(actor=world.membership(world.editor), version=place["v1"])

    with django_capture_on_commit_callbacks(execute=True):
        login(world.editor).post(reverse("version_delete", args=[place["v1"].pk]))

    restored.refresh_from_db()
    assert restored.restored_from is None
    assert default_storage.exists(restored.audio.name)
    assert (
        api_for(world.viewer).get(reverse("api:version_audio", args=[restored.pk])).status_code
        == 200
    )


def test_a_songs_only_version_is_deleted_with_the_song_not_alone(world, place):
    place["v1"].delete()

    response = api_for(world.editor).delete(reverse("api:version", args=[place["v2"].pk]))

    assert response.status_code == 409
    assert "delete the song instead" in response.json()["detail"]


def test_a_deleted_versions_number_is_never_given_again(world, place):
    api_for(world.editor).delete(reverse("api:version", args=[place["v2"].pk]))
    place["song"].refresh_from_db()
    place[
        "song"
    ].current_version = None  # so that v1 may be restored: the newest is v3, not v2 again
    place["song"].save()

    restored = song_version_restore(
        actor=world.membership(world.editor), version=SongVersion.objects.get(pk=place["v1"].pk)
    )

    assert restored.number == 3


def test_the_job_that_made_a_deleted_version_no_longer_links_to_it(world, place, client_for):
    job = GenerationJob.objects.create(
        kind="music",
        team=world.team,
        project=place["project"],
        status="succeeded",
        result={"song_id": place["song"].pk, "version_id": place["v1"].pk, "version": 1},
    )
    version_url = reverse("version", args=[place["v1"].pk])
    client = client_for(world.editor, world.team)
    assert version_url in client.get(reverse("job_page", args=[job.pk])).content.decode()

    api_for(world.editor).delete(reverse("api:version", args=[place["v1"].pk]))

    assert version_url not in client.get(reverse("job_page", args=[job.pk])).content.decode()
