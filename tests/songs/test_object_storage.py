"""Audio in an S3 bucket (REFRAIN_STORAGE=s3), against moto's S3 server on loopback: a song is
generated into the bucket with its stems and MIDI, played with byte ranges, downloaded in
another format, shared, linked to straight from the bucket, deleted, and its objects are gone."""

import dataclasses
import io
import json
from datetime import timedelta

import httpx
import pytest
import soundfile
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import api_key_create
from config.storage import default_storage_setting
from covers.models import ReferenceAudio
from covers.services import reference_keep
from engine.contract import MusicResult
from songs.models import SongVersion
from songs.services.library import trash_purge_expired
from songs.services.shares import share_create
from tests.songs.fakes import ScriptedProvider, sine_wav
from tests.songs.test_workspace_permissions import login

# Generation answers once its job ran, and the job is queued when its row commits.
pytestmark = pytest.mark.django_db(transaction=True)

SONG = {"model": "music-2.6", "prompt": "slow blues", "lyrics": "[Verse]\nRain on the window pane"}


class WithStemsAndMidi(ScriptedProvider):
    """The scripted song with what the embedded engine files beside it: stems and MIDI."""

    def generate_music(self, request, progress, **kwargs) -> MusicResult:
        result = super().generate_music(request, progress, **kwargs)
        return dataclasses.replace(
            result,
            stems={"vocals": sine_wav(), "drums": sine_wav()},
            midi=b"MThd\x00\x00\x00\x06\x00\x01\x00\x01\x01\xe0",
        )


@pytest.fixture
def provider(monkeypatch) -> WithStemsAndMidi:
    scripted = WithStemsAndMidi()
    monkeypatch.setattr("songs.jobs.run.provider_named", lambda name: scripted)
    return scripted


def generate(world, **fields) -> tuple[SongVersion, dict]:
    _, key = api_key_create(user=world.editor, team=world.team, name="client")
    response = Client().post(
        "/v1/music_generation",
        data=json.dumps({**SONG, **fields}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    body = response.json()
    assert body["base_resp"]["status_code"] == 0, body
    return SongVersion.objects.order_by("-pk").first(), body


def stored(s3, bucket) -> dict[str, bytes]:
    return {
        key: s3.client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in s3.keys(bucket)
    }


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_generated_song_files_its_master_stems_and_midi_in_the_bucket(
    world, s3, s3_bucket, provider, q_sync
):
    version, body = generate(world)

    objects = stored(s3, s3_bucket)
    assert sorted(objects) == sorted(
        [version.audio.name, version.midi.name, *version.stems.values()]
    )
    assert objects[version.audio.name] == bytes.fromhex(body["data"]["audio"])
    assert soundfile.info(io.BytesIO(objects[version.stems["vocals"]])).samplerate == 24000


def test_the_player_seeks_with_byte_ranges_answered_from_the_bucket(
    world, s3, s3_bucket, provider, q_sync
):
    version, _ = generate(world)
    master = stored(s3, s3_bucket)[version.audio.name]
    viewer = login(world.viewer)

    whole = viewer.get(reverse("version_audio", args=[version.pk]))
    part = viewer.get(reverse("version_audio", args=[version.pk]), HTTP_RANGE="bytes=100-1099")
    tail = viewer.get(reverse("version_audio", args=[version.pk]), HTTP_RANGE="bytes=-500")
    past = viewer.get(reverse("version_audio", args=[version.pk]), HTTP_RANGE="bytes=99999999-")

    assert whole.status_code == 200 and content(whole) == master
    assert whole["Content-Length"] == str(len(master))
    assert part.status_code == 206 and content(part) == master[100:1100]
    assert part["Content-Range"] == f"bytes 100-1099/{len(master)}"
    assert tail.status_code == 206 and content(tail) == master[-500:]
    assert past.status_code == 416
    stem = viewer.get(reverse("version_stem", args=[version.pk, "drums"]), HTTP_RANGE="bytes=0-9")
    assert content(stem) == stored(s3, s3_bucket)[version.stems["drums"]][:10]


def test_a_download_in_another_format_is_encoded_once_and_kept_in_the_bucket(
    world, s3, s3_bucket, provider, q_sync
):
    version, _ = generate(world)
    viewer = login(world.viewer)

    first = content(viewer.get(reverse("version_download", args=[version.pk, "flac"])))
    kept = set(s3.keys(s3_bucket)) - {
        version.audio.name,
        version.midi.name,
        *version.stems.values(),
    }
    second = content(viewer.get(reverse("version_download", args=[version.pk, "flac"])))

    assert len(kept) == 1 and kept.pop().endswith(".flac")
    assert first == second and soundfile.info(io.BytesIO(first)).format == "FLAC"


def test_a_shared_link_plays_the_bucket_object_with_ranges(world, s3, s3_bucket, provider, q_sync):
    version, _ = generate(world)
    link, _ = share_create(actor=world.membership(world.editor), version=version)
    master = stored(s3, s3_bucket)[version.audio.name]

    response = Client().get(reverse("share_audio", args=[link.token]), HTTP_RANGE="bytes=44-143")

    assert response.status_code == 206 and content(response) == master[44:144]


def test_url_mode_links_through_refrain_unless_presigned_links_are_asked_for(
    world, s3, s3_bucket, provider, q_sync, settings
):
    _, body = generate(world, output_format="url")
    assert body["data"]["audio_url"].startswith("http://testserver/v1/files/")

    settings.REFRAIN_PRESIGNED_LINKS = True
    version, body = generate(world, output_format="url")
    link = body["data"]["audio_url"]
    answer = httpx.get(link, timeout=10)

    assert link.startswith(f"{s3.endpoint_url}/{s3_bucket}/{version.audio.name}?")
    # (moto does not check the signature itself; S3, MinIO and R2 do)
    assert "X-Amz-Expires=86400" in link and "X-Amz-Signature=" in link
    assert answer.status_code == 200 and answer.headers["content-type"] == "audio/wav"
    assert answer.content == stored(s3, s3_bucket)[version.audio.name]
    assert f'filename="refrain-{version.song_id}-v1.wav"' in answer.headers["content-disposition"]


def test_deleting_the_song_removes_every_object_it_left_in_the_bucket(
    world, s3, s3_bucket, provider, q_sync
):
    version, _ = generate(world)
    login(world.viewer).get(reverse("version_download", args=[version.pk, "mp3"]))
    assert len(s3.keys(s3_bucket)) == 5  # master, MIDI, two stems, the kept mp3

    response = login(world.editor).post(reverse("song_delete", args=[version.song_id]))
    purged = trash_purge_expired(now=timezone.now() + timedelta(days=31))

    assert response.status_code == 302 and purged == 1
    assert s3.keys(s3_bucket) == []


def test_an_uploaded_reference_recording_lives_in_the_bucket_until_deleted(
    world, s3, s3_bucket, client_for
):
    data = sine_wav(8.0)
    reference = reference_keep(team=world.team, user=world.editor, data=data, field="audio")
    assert stored(s3, s3_bucket) == {reference.file.name: data}

    client_for(world.editor, world.team).post(reverse("reference_delete", args=[reference.pk]))

    assert not ReferenceAudio.objects.exists() and s3.keys(s3_bucket) == []


def test_a_key_prefix_puts_every_object_under_it(world, s3, settings, provider, q_sync):
    bucket = s3.create_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": s3.storage_setting(bucket, "studio/eu")}

    version, _ = generate(world)

    assert version.audio.name.startswith("teams/")  # the name the rows keep has no prefix
    assert s3.keys(bucket) and all(key.startswith("studio/eu/teams/") for key in s3.keys(bucket))


@pytest.mark.parametrize(
    "environment, problem",
    [
        ({"REFRAIN_STORAGE": "s3"}, "REFRAIN_S3_BUCKET"),
        ({"REFRAIN_STORAGE": "ftp"}, "local or s3"),
    ],
)
def test_a_storage_the_environment_cannot_describe_stops_the_start(
    monkeypatch, environment, problem
):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(ImproperlyConfigured, match=problem):
        default_storage_setting()


def test_the_local_disk_stays_the_default(monkeypatch):
    monkeypatch.delenv("REFRAIN_STORAGE", raising=False)

    assert default_storage_setting() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
