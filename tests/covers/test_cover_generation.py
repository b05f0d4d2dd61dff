"""Covers through the Music API: one step (the lyrics found by speech recognition) and two steps
(preprocess, the user's edited lyrics, then generate with the cover_feature_id)."""

import base64
import io
import json
from dataclasses import dataclass

import numpy as np
import pytest
import soundfile
from django.core.files.storage import default_storage
from django.test import Client

from accounts.services import api_key_create
from covers.models import CoverFeature, ReferenceAudio
from engine import cover
from engine.analysis import tempo
from engine.analysis.decode import ANALYSIS_RATE_HZ, decode_reference, mono_at
from engine.analysis.speech import SPEECH_RATE_HZ, transcribe_words
from engine.analysis.sung import word_error_rate
from engine.render import instruments
from songs.models import SongVersion
from tests.engine.analysis import songs

pytestmark = pytest.mark.django_db(transaction=True)

SPOKEN = {
    "verse": ["I walked along the river in the light", "the city sleeping softly through the night"]
}
EDITED = "[Verse]\nHold on to the light tonight\nWe were golden in the night"
REFERENCE_BPM = 120
# The reference's 6 bars (12 s) and its half second of ending become the cover's 6 bars, its
# 1 s tail and the instruments' 1.5 s release: a bar more or less would be 2 s.
COVER_S = 6 * 2.0 + cover.TAIL_S + instruments.TAIL_S


@pytest.fixture(scope="module")
def reference() -> bytes:
    """A short A-minor song at 120 bpm (6 bars, 12.5 s) with words in it, as a FLAC upload.

    No sustained pads: under them Whisper tiny hears eSpeak's words as other words."""
    plan = (("verse", 4), ("chorus", 2))
    song = songs.synth_song(
        bpm=REFERENCE_BPM, tonic="A", mode="minor", plan=plan, lines=SPOKEN, pads=False
    )
    buffer = io.BytesIO()
    soundfile.write(buffer, song.audio, song.sample_rate_hz, format="FLAC")
    return buffer.getvalue()


@pytest.fixture
def key(world):
    return api_key_create(user=world.editor, team=world.team, name="covers")[1]


def call(key, path, **body):
    response = Client().post(
        path,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    return response.json()


@dataclass(frozen=True)
class Listened:
    """What a stored cover sounds like, by the engine's own decoder and analysis."""

    sample_rate_hz: int
    channels: int
    duration_s: float
    loudness_db: float  # RMS of the whole mix, dB full scale
    tempo_bpm: float
    sung: str  # the words Whisper hears in the vocal stem


def listen(version: SongVersion) -> Listened:
    with version.audio.open("rb") as handle:
        data = handle.read()
    stored = soundfile.info(io.BytesIO(data))  # the file as written: its rate and channels
    mix = decode_reference(data, field="audio")  # mono at the analysis rate
    with default_storage.open(version.stems["vocals"], "rb") as handle:
        vocals = decode_reference(handle.read(), field="vocals")
    beats = tempo.find_beats(tempo.onset_envelope(mix.mono, ANALYSIS_RATE_HZ), ANALYSIS_RATE_HZ)
    sung = transcribe_words(mono_at(vocals, SPEECH_RATE_HZ))
    return Listened(
        sample_rate_hz=stored.samplerate,
        channels=stored.channels,
        duration_s=mix.duration_s,
        loudness_db=float(10 * np.log10(np.mean(np.square(mix.mono, dtype=np.float64)))),
        tempo_bpm=beats.tempo_bpm,
        sung=" ".join(word.word for word in sung),
    )


def test_a_one_step_cover_sings_the_words_heard_in_the_reference(world, key, q_sync, reference):
    data = reference

    body = call(
        key,
        "/v1/music_generation",
        model="music-cover",
        prompt="a gentle acoustic folk cover, male vocals",
        audio_base64=base64.b64encode(data).decode(),
        output_format="hex",
        audio_setting={"sample_rate": 32000, "channel": 1, "format": "mp3"},
    )

    assert body["base_resp"] == {"status_code": 0, "status_msg": "success"}
    version = SongVersion.objects.get()
    with version.audio.open("rb") as handle:
        assert bytes.fromhex(body["data"]["audio"]) == handle.read()
    heard = listen(version)
    assert (version.format, heard.sample_rate_hz, heard.channels) == ("mp3", 32000, 1)  # as asked
    assert heard.duration_s == pytest.approx(COVER_S, abs=0.5)  # measured 14.54 s: the same 6 bars
    assert version.duration_ms / 1000 == pytest.approx(heard.duration_s, abs=0.1)
    assert heard.loudness_db > -30.0  # measured -17.9 dB
    assert heard.tempo_bpm == pytest.approx(REFERENCE_BPM, rel=0.03)  # measured 119.9
    # The reference's words, heard by speech recognition, sung, and heard again: measured 0.19
    # against what the reference said (and 0.0 against the cover's own lyrics).
    assert word_error_rate(" ".join(SPOKEN["verse"]), heard.sung) <= 0.4, heard.sung
    assert word_error_rate(version.lyrics, heard.sung) <= 0.3, (version.lyrics, heard.sung)
    assert version.kind == "cover" and version.created_by == world.editor
    reference_audio = ReferenceAudio.objects.get()
    assert version.details["reference_id"] == reference_audio.pk
    assert version.lyrics.startswith("[") and version.lrc


def test_a_two_step_cover_sings_the_edited_lyrics_on_the_analysed_song(
    world, key, q_sync, reference
):
    data = reference
    analysed = call(
        key,
        "/v1/music_cover_preprocess",
        model="music-cover",
        audio_base64=base64.b64encode(data).decode(),
    )
    feature_id = analysed["cover_feature_id"]

    body = call(
        key,
        "/v1/music_generation",
        model="music-cover",
        prompt="a slow jazz ballad with brushes and piano",
        lyrics=EDITED,
        cover_feature_id=feature_id,
        output_format="hex",
    )

    assert body["base_resp"]["status_code"] == 0
    version = SongVersion.objects.get()
    heard = listen(version)
    assert (version.format, heard.sample_rate_hz, heard.channels) == ("mp3", 44100, 2)  # default
    assert heard.duration_s == pytest.approx(COVER_S, abs=0.5)  # measured 14.55 s
    assert heard.loudness_db > -30.0  # measured -18.2 dB
    # "slow" names no tempo: the reference's is kept (measured 120.0)
    assert heard.tempo_bpm == pytest.approx(REFERENCE_BPM, rel=0.03)
    assert word_error_rate(EDITED, heard.sung) <= 0.5, heard.sung  # measured 0.25
    assert version.kind == "cover" and version.lyrics == EDITED
    assert version.details["cover_feature_id"] == feature_id
    assert (
        version.details["reference_id"]
        == CoverFeature.objects.get(feature_id=feature_id).reference_id
    )
    assert "golden" in version.lrc.lower()
