"""Covers through the Music API: one step (the lyrics found by speech recognition) and two steps
(preprocess, the user's edited lyrics, then generate with the cover_feature_id)."""

import base64
import io
import json

import pytest
import soundfile
from django.test import Client

from accounts.services import api_key_create
from covers.models import CoverFeature, ReferenceAudio
from engine.analysis.sung import normalise_words
from songs.models import SongVersion
from tests.engine.analysis import songs

pytestmark = pytest.mark.django_db(transaction=True)

SPOKEN = {"verse": ["I walked along the river in the light", "the city sleeping softly through the night"]}
EDITED = "[Verse]\nHold on to the light tonight\nWe were golden in the night"


@pytest.fixture(scope="module")
def reference() -> tuple[bytes, float]:
    """A short A-minor song at 120 bpm with words in it, as a FLAC upload, and its length.

    No sustained pads: under them Whisper tiny hears eSpeak's words as other words."""
    song = songs.synth_song(bpm=120, tonic="A", mode="minor", plan=(("verse", 4), ("chorus", 2)), lines=SPOKEN, pads=False)
    buffer = io.BytesIO()
    soundfile.write(buffer, song.audio, song.sample_rate_hz, format="FLAC")
    return buffer.getvalue(), song.duration_s


@pytest.fixture
def key(world):
    return api_key_create(user=world.editor, team=world.team, name="covers")[1]


def call(key, path, **body):
    response = Client().post(path, data=json.dumps(body), content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {key}")
    return response.json()


def decoded(body) -> tuple[float, int]:
    audio, rate = soundfile.read(io.BytesIO(bytes.fromhex(body["data"]["audio"])))
    return len(audio) / rate, rate


def test_a_one_step_cover_sings_the_words_heard_in_the_reference(world, key, q_sync, reference):
    data, duration_s = reference

    body = call(key, "/v1/music_generation", model="music-cover", prompt="a gentle acoustic folk cover, male vocals",
                audio_base64=base64.b64encode(data).decode(), output_format="hex")

    assert body["base_resp"] == {"status_code": 0, "status_msg": "success"}
    seconds, rate = decoded(body)
    assert rate == 44100 and seconds == pytest.approx(duration_s, abs=3.0)  # the reference's tempo and form
    version = SongVersion.objects.get()
    assert version.kind == "cover" and version.created_by == world.editor
    reference_audio = ReferenceAudio.objects.get()
    assert version.details["reference_id"] == reference_audio.pk
    heard = set(normalise_words(version.lyrics).split())
    assert version.lyrics.startswith("[") and len(heard & {"river", "light", "city", "sleeping", "softly", "night"}) >= 2
    assert "vocals" in version.stems and version.lrc


def test_a_two_step_cover_sings_the_edited_lyrics_on_the_analysed_song(world, key, q_sync, reference):
    data, duration_s = reference
    analysed = call(key, "/v1/music_cover_preprocess", model="music-cover", audio_base64=base64.b64encode(data).decode())
    feature_id = analysed["cover_feature_id"]

    body = call(key, "/v1/music_generation", model="music-cover", prompt="a slow jazz ballad with brushes and piano",
                lyrics=EDITED, cover_feature_id=feature_id, output_format="hex")

    assert body["base_resp"]["status_code"] == 0
    seconds, _ = decoded(body)
    assert seconds == pytest.approx(duration_s, abs=3.0)
    version = SongVersion.objects.get()
    assert version.kind == "cover" and version.lyrics == EDITED
    assert version.details["cover_feature_id"] == feature_id
    assert version.details["reference_id"] == CoverFeature.objects.get(feature_id=feature_id).reference_id
    assert "golden" in version.lrc.lower()
