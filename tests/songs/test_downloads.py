"""Downloading a version as mp3, wav or flac, whatever it was generated as: encoded from the stored
file once, kept beside it, deleted with it."""

import io

import pytest
import soundfile
from django.core.files.storage import default_storage
from django.urls import reverse
from rest_framework.test import APIClient

from songs.services import downloads
from songs.services.downloads import download_name_for
from songs.services.songs import song_version_delete, song_version_restore
from tests.songs.test_workspace_permissions import login

pytestmark = pytest.mark.django_db

# The fixture's versions are 1 s of stereo WAV at 24 kHz. An mp3 decodes with the encoder's
# priming and padding added (56 ms at 24 kHz): it may be longer, never shorter.
SECONDS, RATE_HZ = 1.0, 24000
MP3_EXTRA_S = 0.1


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def encodes(monkeypatch) -> list[str]:
    """The formats the download service encoded to, in order."""
    calls: list[str] = []
    real = downloads.encode

    def counting(audio, **kwargs):
        calls.append(kwargs["audio_setting"].format)
        return real(audio, **kwargs)

    monkeypatch.setattr(downloads, "encode", counting)
    return calls


@pytest.mark.parametrize("format", ["mp3", "wav", "flac"])
def test_a_viewer_downloads_a_version_in_each_format_with_its_length_and_rate(world, place, format):
    response = login(world.viewer).get(reverse("version_download", args=[place["v1"].pk, format]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="rain-v1.{format}"'
    data = body(response)
    audio, rate = soundfile.read(io.BytesIO(data), always_2d=True)
    assert (rate, audio.shape[1]) == (RATE_HZ, 2)
    if format == "mp3":
        assert SECONDS <= len(audio) / rate <= SECONDS + MP3_EXTRA_S
    else:
        assert len(audio) / rate == pytest.approx(SECONDS, abs=0.05)
    assert soundfile.info(io.BytesIO(data)).format == format.upper()
    assert 0.2 < abs(audio).max() < 0.4  # the sine, not silence


def test_a_second_download_streams_the_kept_file_without_encoding_again(world, place, encodes):
    client, url = login(world.viewer), reverse("version_download", args=[place["v1"].pk, "flac"])

    first = body(client.get(url))
    second = body(client.get(url))

    assert encodes == ["flac"]
    assert first == second
    assert default_storage.exists(download_name_for(place["v1"].audio.name, "flac"))


def test_the_format_it_was_generated_as_is_its_stored_file(world, place, encodes):
    response = login(world.viewer).get(reverse("version_download", args=[place["v1"].pk, "wav"]))

    assert encodes == []
    assert body(response) == place["v1"].audio.open("rb").read()


def test_an_unknown_format_is_not_found(world, place, encodes):
    client = login(world.viewer)

    for format in ("ogg", "pcm", "WAV", "mid"):
        url = reverse("version_download", args=[place["v1"].pk, format])
        assert client.get(url).status_code == 404
    assert encodes == []


def test_an_outsider_gets_not_found_and_a_visitor_is_sent_to_log_in(world, place, encodes):
    url = reverse("version_download", args=[place["v1"].pk, "mp3"])

    assert login(world.outsider).get(url).status_code == 404
    assert login(world.outsider).get(url.replace("download", "audio")).status_code == 404
    assert APIClient().get(url).status_code == 302
    assert encodes == []


def test_deleting_a_version_deletes_the_downloads_kept_for_it(
    world, place, django_capture_on_commit_callbacks
):
    login(world.viewer).get(reverse("version_download", args=[place["v1"].pk, "mp3"]))
    kept = download_name_for(place["v1"].audio.name, "mp3")
    assert default_storage.exists(kept)

    with django_capture_on_commit_callbacks(execute=True):
        song_version_delete(actor=world.membership(world.editor), version=place["v1"])

    assert not default_storage.exists(kept)


def test_a_restored_version_shares_its_originals_downloads_and_keeps_them(
    world, place, encodes, django_capture_on_commit_callbacks
):
    editor = world.membership(world.editor)
    restored = song_version_restore(actor=editor, version=place["v1"])
    client = login(world.viewer)
    client.get(reverse("version_download", args=[place["v1"].pk, "flac"]))
    client.get(reverse("version_download", args=[restored.pk, "flac"]))
    assert encodes == ["flac"]

    with django_capture_on_commit_callbacks(execute=True):
        song_version_delete(actor=editor, version=place["v1"])

    assert default_storage.exists(download_name_for(restored.audio.name, "flac"))


def test_the_api_answers_the_audio_in_the_asked_format(world, place):
    client = APIClient()
    client.force_authenticate(world.viewer)
    url = reverse("api:version_audio", args=[place["v1"].pk])

    response = client.get(url, {"audio_format": "flac", "download": "1"})

    assert response.status_code == 200
    assert response["Content-Type"] == "audio/flac"
    assert response["Content-Disposition"] == 'attachment; filename="rain-v1.flac"'
    audio, rate = soundfile.read(io.BytesIO(body(response)), always_2d=True)
    assert rate == RATE_HZ and len(audio) / rate == pytest.approx(SECONDS, abs=0.05)
    assert client.get(url, {"audio_format": "ogg"}).status_code == 400


def test_the_version_and_song_pages_offer_every_format(world, place):
    client = login(world.viewer)
    version_page = client.get(reverse("version", args=[place["v2"].pk])).content.decode()
    song_page = client.get(reverse("song", args=[place["song"].pk])).content.decode()

    for format in ("mp3", "wav", "flac"):
        link = reverse("version_download", args=[place["v2"].pk, format])
        assert link in version_page and link in song_page
