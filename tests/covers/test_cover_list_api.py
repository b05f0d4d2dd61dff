"""GET /api/v1/covers/: the analyses of the caller's teams, newest first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Team
from accounts.services import api_key_create
from songs.api.common import api_datetime
from tests.covers.stored import analysis_store

pytestmark = pytest.mark.django_db


def listed(client, **params) -> list[dict]:
    response = client.get(reverse("api:covers"), params)
    assert response.status_code == 200
    return response.json()["results"]


def test_it_lists_the_analyses_of_the_callers_teams_newest_first(world, analysis, client_for):
    personal = Team.objects.get(personal_for=world.owner)
    mine = analysis_store(personal, feature_id="1" * 32, name="mine.wav")
    analysis_store(Team.objects.get(personal_for=world.outsider), feature_id="2" * 32)

    rows = listed(client_for(world.owner))

    assert [row["id"] for row in rows] == [mine.feature_id, analysis.feature_id]
    assert rows[1] == {
        "id": analysis.feature_id,
        "team_id": world.team.pk,
        "name": "demo.wav",
        "duration_s": 16.0,
        "created_at": api_datetime(analysis.created_at),
        "expires_at": api_datetime(analysis.expires_at),
        "expired": False,
    }


def test_it_lists_one_team_when_asked_or_when_an_api_key_acts_for_it(world, analysis, client_for):
    personal = Team.objects.get(personal_for=world.owner)
    analysis_store(personal, feature_id="1" * 32)
    _, raw = api_key_create(user=world.owner, team=world.team, name="covers")
    key = APIClient()
    key.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert [row["id"] for row in listed(client_for(world.owner), team=world.team.pk)] == [
        analysis.feature_id
    ]
    assert [row["id"] for row in listed(key)] == [analysis.feature_id]


def test_an_outsider_lists_none_of_the_teams_analyses(world, analysis, client_for):
    assert listed(client_for(world.outsider)) == []


def test_an_anonymous_caller_is_refused_with_401(analysis):
    assert APIClient().get(reverse("api:covers")).status_code == 401


def test_a_page_reads_its_rows_in_one_query_without_their_features(world, client_for):
    for n in range(3):
        analysis_store(world.team, feature_id=f"{n}" * 32)
    client = client_for(world.owner)

    with CaptureQueriesContext(connection) as queries:
        assert len(listed(client)) == 3

    rows = [q["sql"] for q in queries.captured_queries if 'FROM "covers_coverfeature"' in q["sql"]]
    assert len(rows) == 1
    assert '"covers_coverfeature"."features"' not in rows[0]
