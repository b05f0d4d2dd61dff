"""An uploaded recording over the cap is refused as it arrives, never read whole."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.urls import reverse

from covers.models import ReferenceAudio
from songs.models import GenerationJob
from tests.songs.fakes import sine_wav

pytestmark = pytest.mark.django_db


@pytest.fixture
def handed_on(monkeypatch):
    """How many bytes of uploads reached the handlers that keep them (memory, temporary file)."""
    seen = {"bytes": 0}
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        real = handler.receive_data_chunk

        def counting(self, raw_data, start, real=real):
            seen["bytes"] += len(raw_data)
            return real(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    return seen


def upload(client, size: int):
    recording = SimpleUploadedFile(
        "big.wav", b"RIFF" + b"\0" * (size - 4), content_type="audio/wav"
    )
    return client.post(reverse("covers"), {"token": "t1", "file": recording})


def test_a_file_over_the_cap_gets_a_form_error_and_is_never_kept(
    world, client_for, settings, handed_on
):
    settings.REFRAIN_MAX_UPLOAD_BYTES = 1024 * 1024

    response = upload(client_for(world.editor, world.team), 8 * 1024 * 1024)

    assert response.status_code == 400
    assert "The file is over 1 MB" in response.content.decode()
    assert handed_on["bytes"] <= 1024 * 1024
    assert not GenerationJob.objects.exists() and not ReferenceAudio.objects.exists()


def test_a_file_that_grows_over_the_cap_mid_request_is_cut_off_too(
    world, client_for, settings, handed_on
):
    # The request's declared length is under the slack, so only counting the chunks can catch it.
    settings.REFRAIN_MAX_UPLOAD_BYTES = 1024 * 1024 - 16 * 1024

    response = upload(client_for(world.editor, world.team), 1024 * 1024)

    assert response.status_code == 400
    assert handed_on["bytes"] <= settings.REFRAIN_MAX_UPLOAD_BYTES


def test_a_file_under_the_cap_goes_through_to_the_analysis(world, client_for, settings, handed_on):
    settings.REFRAIN_MAX_UPLOAD_BYTES = 1024 * 1024

    client = client_for(world.editor, world.team)
    response = client.post(
        reverse("covers"), {"token": "t2", "file": SimpleUploadedFile("ok.wav", sine_wav(7.0))}
    )

    assert response.status_code == 302
    assert GenerationJob.objects.get().kind == "cover_preprocess"
