"""Cover analysis through the Music API and the pages: ids, limits, safe fetching, expiry."""

import base64
import http.server
import io
import json
import threading

import numpy as np
import pytest
import soundfile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import api_key_create
from covers.models import CoverFeature, ReferenceAudio
from covers.services import cover_feature_purge_expired
from songs.models import GenerationJob

pytestmark = pytest.mark.django_db(transaction=True)

INTRANET_REFUSED = (
    "invalid params, audio_url: the host intranet.example is a private or reserved address"
)


def recording(seconds: float = 8.0, sample_rate_hz: int = 22050) -> bytes:
    """A plucked A-major arpeggio at 120 bpm: enough music for the analysis to chew on."""
    t = np.arange(int(seconds * sample_rate_hz)) / sample_rate_hz
    audio = np.zeros_like(t)
    for beat in range(int(seconds * 2)):
        start = beat * 0.5
        pitch = (440.0, 554.37, 659.25, 880.0)[beat % 4]
        env = np.where(t >= start, np.exp(-(t - start) * 6), 0.0)
        audio += 0.3 * env * np.sin(2 * np.pi * pitch * (t - start))
    buffer = io.BytesIO()
    soundfile.write(buffer, audio, sample_rate_hz, format="WAV")
    return buffer.getvalue()


@pytest.fixture
def key(world):
    return api_key_create(user=world.editor, team=world.team, name="covers")[1]


def preprocess(key, **body):
    response = Client().post(
        "/v1/music_cover_preprocess",
        data=json.dumps({"model": "music-cover", **body}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    return response.json()


def test_preprocess_answers_the_contract_shape_and_keeps_the_features(key, q_sync):
    body = preprocess(key, audio_base64=base64.b64encode(recording()).decode())

    assert body["base_resp"] == {"status_code": 0, "status_msg": "success"}
    assert len(body["cover_feature_id"]) == 32
    structure = json.loads(body["structure_result"])
    assert structure["num_segments"] == len(structure["segments"]) >= 1
    assert abs(body["audio_duration"] - 8.0) < 0.1
    feature = CoverFeature.objects.get(feature_id=body["cover_feature_id"])
    assert feature.features["tempo_bpm"] > 0
    assert len(feature.features["peaks"]) > 100
    assert (feature.expires_at - timezone.now()).total_seconds() > 23 * 3600


def test_the_same_audio_gives_the_same_id(key, q_sync):
    audio = base64.b64encode(recording()).decode()

    first = preprocess(key, audio_base64=audio)["cover_feature_id"]
    second = preprocess(key, audio_base64=audio)["cover_feature_id"]

    assert first == second
    assert ReferenceAudio.objects.count() == 1
    assert CoverFeature.objects.count() == 1


@pytest.mark.parametrize(
    "audio, reason",
    [(recording(seconds=3.0), "6 s"), (b"this is not audio at all, just text" * 100, "audio")],
)
def test_bad_audio_is_refused_with_2013_and_nothing_is_kept(key, q_sync, audio, reason):
    body = preprocess(key, audio_base64=base64.b64encode(audio).decode())

    assert body["base_resp"]["status_code"] == 2013
    assert body["base_resp"]["status_msg"].startswith("invalid params, audio_base64:")
    assert not ReferenceAudio.objects.exists()
    assert not GenerationJob.objects.exists()


def test_a_url_to_a_private_address_is_refused_without_any_packet(key, q_sync, resolve_as, dialled):
    resolver = resolve_as({"intranet.example": "10.0.0.7"})  # "resolves" inside a private network

    body = preprocess(key, audio_url="http://intranet.example/song.wav")

    assert resolver.calls == ["intranet.example"]
    assert body["base_resp"] == {"status_code": 2013, "status_msg": INTRANET_REFUSED}
    assert dialled() == []
    assert not ReferenceAudio.objects.exists()


class _Handler(http.server.BaseHTTPRequestHandler):
    audio = b""

    def do_GET(self):  # noqa: N802  (the stdlib's name)
        if self.path == "/bounce":
            self.send_response(302)
            self.send_header("Location", "http://intranet.example/secret.wav")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "audio/wav")
        self.send_header("Content-Length", str(len(self.audio)))
        self.end_headers()
        self.wfile.write(self.audio)

    def log_message(self, *args):
        pass


@pytest.fixture
def audio_server(settings):
    _Handler.audio = recording()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.REFRAIN_FETCH_ALLOW_HOSTS = ["127.0.0.1"]
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_an_allow_listed_url_is_fetched_and_analysed(key, q_sync, audio_server):
    body = preprocess(key, audio_url=f"{audio_server}/song.wav")

    assert body["base_resp"]["status_code"] == 0
    reference = ReferenceAudio.objects.get()
    assert (reference.source_url, reference.name) == (f"{audio_server}/song.wav", "song.wav")


def test_a_redirect_to_a_private_address_is_refused(key, q_sync, audio_server, resolve_as, dialled):
    resolver = resolve_as({"intranet.example": "192.168.1.20"})

    body = preprocess(key, audio_url=f"{audio_server}/bounce")

    assert resolver.calls == ["127.0.0.1", "intranet.example"]
    assert body["base_resp"] == {"status_code": 2013, "status_msg": INTRANET_REFUSED}
    assert dialled() == []
    assert not ReferenceAudio.objects.exists()


def test_expired_features_are_purged_and_cannot_be_used(world, key, q_sync):
    feature_id = preprocess(key, audio_base64=base64.b64encode(recording()).decode())[
        "cover_feature_id"
    ]
    CoverFeature.objects.update(expires_at=timezone.now())

    refused = (
        Client()
        .post(
            "/v1/music_generation",
            data=json.dumps(
                {
                    "model": "music-cover",
                    "prompt": "a slow jazz ballad",
                    "lyrics": "[Verse]\nLa la la la la",
                    "cover_feature_id": feature_id,
                }
            ),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        .json()
    )

    assert refused["base_resp"]["status_code"] == 2013
    assert "expired" in refused["base_resp"]["status_msg"]
    assert cover_feature_purge_expired() == 1
    assert not CoverFeature.objects.exists()


def test_the_wizard_uploads_a_recording_and_shows_its_analysis(world, client_for, q_sync):
    client = client_for(world.editor, world.team)
    upload = io.BytesIO(recording())
    upload.name = "demo.wav"

    response = client.post(reverse("covers"), {"file": upload, "token": "up-1"})

    job = GenerationJob.objects.get(kind="cover_preprocess")
    assert response["Location"] == reverse("job_page", args=[job.pk])
    feature = CoverFeature.objects.get()
    page = client.get(reverse("cover_feature", args=[feature.feature_id])).content.decode()
    assert "What Refrain heard" in page
    assert 'class="segment' in page
    assert "Generate the cover" in page
    assert "<h1>demo.wav</h1>" in page  # an analysis is named by its recording's file
    assert "demo.wav" in client.get(reverse("covers")).content.decode()
    assert (
        client_for(world.outsider)
        .get(reverse("cover_feature", args=[feature.feature_id]))
        .status_code
        == 404
    )
