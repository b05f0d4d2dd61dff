"""Deleting a kept recording: its file and analyses go; viewers and outsiders cannot."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from covers.models import CoverFeature, ReferenceAudio
from tests.songs.fakes import sine_wav

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    reference = ReferenceAudio(
        team=world.team,
        md5="a" * 32,
        sha256="b" * 64,
        format="wav",
        size=10,
        duration_s=8.0,
        name="demo take",
        created_by=world.editor,
    )
    reference.file.save("demo.wav", ContentFile(sine_wav(8.0)), save=False)
    reference.save()
    CoverFeature.objects.create(
        team=world.team,
        feature_id="a" * 32,
        reference=reference,
        audio_duration=8.0,
        expires_at=timezone.now() + timezone.timedelta(hours=24),
    )
    return reference


def test_the_covers_page_lists_kept_recordings(world, reference, client_for):
    page = client_for(world.viewer, world.team).get(reverse("covers")).content.decode()

    assert "demo take" in page
    assert (
        reverse("reference_delete", args=[reference.pk]) not in page
    )  # viewers see no delete button


def test_an_editor_deletes_a_recording_with_its_file_and_analyses(
    world, reference, client_for, django_capture_on_commit_callbacks
):
    name = reference.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.editor, world.team).post(
            reverse("reference_delete", args=[reference.pk])
        )

    assert response.status_code == 302
    assert not ReferenceAudio.objects.exists() and not CoverFeature.objects.exists()
    assert not default_storage.exists(name)


@pytest.mark.parametrize("who, status", [("viewer", 403), ("outsider", 404)])
def test_viewers_and_outsiders_cannot_delete_a_recording(world, reference, client_for, who, status):
    user = getattr(world, who)
    client = client_for(
        user, world.team if who == "viewer" else None
    )  # an outsider works in their own team

    response = client.post(reverse("reference_delete", args=[reference.pk]))

    assert response.status_code == status
    assert ReferenceAudio.objects.exists()
