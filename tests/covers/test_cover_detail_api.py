"""GET /api/v1/covers/{cover_feature_id}/: an analysis as its page shows it, to its team only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from accounts.models import Team
from accounts.services import api_key_create
from covers.models import CoverFeature
from songs.api.common import api_datetime
from tests.covers.stored import FEATURES, analysis_store

pytestmark = pytest.mark.django_db

PATH = "/api/v1/covers/{cover_feature_id}/"


def url(feature: CoverFeature | str) -> str:
    return reverse("api:cover", args=[getattr(feature, "feature_id", feature)])


def bearer(user, team: Team) -> APIClient:
    _, raw = api_key_create(user=user, team=team, name="covers")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_the_owner_reads_the_analysis_as_its_page_shows_it(world, analysis, client_for):
    response = client_for(world.owner).get(url(analysis))

    assert response.status_code == 200
    assert response.json() == {
        "id": "f" * 32,
        "team_id": world.team.pk,
        "name": "demo.wav",
        "duration_s": 16.0,
        "tempo_bpm": 120.0,
        "keys": [{"start_s": 0.0, "end_s": 16.0, "key": "Eb", "mode": "major", "name": "Eb major"}],
        "beats_s": FEATURES["beats_s"],
        "chords": [  # spelt in the key, the passing F folded in, no "N" span
            {"start_s": 0.0, "end_s": 4.4, "chord": "Eb"},
            {"start_s": 4.4, "end_s": 8.0, "chord": "Ab"},
            {"start_s": 8.0, "end_s": 12.0, "chord": "Bb"},
        ],
        "sections": [
            {"start_s": 0.0, "end_s": 8.0, "label": "verse"},
            {"start_s": 8.0, "end_s": 16.0, "label": "chorus"},
        ],
        "lyric_lines": [
            {"start_s": 1.0, "end_s": 2.8, "text": "Rain on the window"},
            {"start_s": 9.0, "end_s": 10.6, "text": "I hear you"},
        ],
        "formatted_lyrics": "[Verse]\nRain on the window\n\n[Chorus]\nI hear you",
        "created_at": api_datetime(analysis.created_at),
        "expires_at": api_datetime(analysis.expires_at),
        "expired": False,
    }


def test_a_viewer_of_the_team_reads_it_too(world, analysis, client_for):
    response = client_for(world.viewer).get(url(analysis))

    assert response.status_code == 200
    assert response.json()["id"] == analysis.feature_id


def test_an_outsider_gets_404_as_for_an_id_no_one_has(world, analysis, client_for):
    outsider = client_for(world.outsider)

    assert outsider.get(url(analysis)).status_code == 404
    assert outsider.get(url("0" * 32)).status_code == 404
    assert client_for(world.owner).get(url("0" * 32)).status_code == 404


def test_an_anonymous_caller_is_refused_with_401(analysis):
    assert APIClient().get(url(analysis)).status_code == 401


def test_an_api_key_reads_its_teams_analysis_and_no_other_teams(world, analysis):
    personal = Team.objects.get(personal_for=world.owner)

    assert bearer(world.owner, world.team).get(url(analysis)).status_code == 200
    # The owner is in the band, but a key acts for its own team only.
    assert bearer(world.owner, personal).get(url(analysis)).status_code == 404


def test_an_expired_analysis_is_still_shown_as_on_its_page_and_says_so(world, analysis, client_for):
    analysis.expires_at = timezone.now() - timedelta(minutes=1)
    analysis.save()

    response = client_for(world.owner).get(url(analysis))

    assert response.status_code == 200
    assert response.json()["expired"] is True
    assert response.json()["expires_at"] == api_datetime(analysis.expires_at)


def test_the_same_recording_in_two_teams_answers_the_newer_unless_team_names_one(
    world, analysis, client_for
):
    personal = Team.objects.get(personal_for=world.owner)
    mine = analysis_store(personal, feature_id=analysis.feature_id, name="my copy.wav")
    client = client_for(world.owner)

    assert client.get(url(analysis)).json()["name"] == mine.reference.name
    assert client.get(url(analysis), {"team": world.team.pk}).json()["name"] == "demo.wav"
    assert client.get(url(analysis), {"team": 10**9}).status_code == 404


def test_an_analysis_without_words_or_a_pulse_answers_empty_lanes(world, analysis, client_for):
    analysis.features = {"beats_s": [], "key": "", "mode": "", "tempo_bpm": 0.0}
    analysis.structure_result = ""
    analysis.save()

    body = client_for(world.owner).get(url(analysis)).json()

    assert body["tempo_bpm"] is None
    assert [body[lane] for lane in ("keys", "chords", "sections", "lyric_lines")] == [[]] * 4


def test_the_endpoint_and_its_answer_are_in_the_openapi_schema():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)

    operation = schema["paths"][PATH]["get"]
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][answer.rpartition("/")[2]]["properties"]
    assert {"duration_s", "tempo_bpm", "keys", "beats_s", "chords", "sections"} <= set(fields)
    assert {"lyric_lines", "expires_at", "name"} <= set(fields)
    assert {"401", "404"} <= set(operation["responses"])
    assert "/api/v1/covers/" in schema["paths"]
