"""Limits hold under concurrency: a burst of simultaneous calls gets exactly the plan's number
through, every time (CI runs this on PostgreSQL, where row locks decide; locally on SQLite)."""

import json
import threading
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client

from accounts.models import Plan, Team, UsageEntry
from accounts.services import api_key_create
from songs.models import GenerationJob, Project

pytestmark = pytest.mark.django_db(transaction=True)

SONG = {"model": "music-2.6", "prompt": "slow blues", "lyrics": "[Verse]\nRain on the window pane"}
LYRICS = {"mode": "write_full_song", "prompt": "rain"}


@pytest.fixture(autouse=True)
def no_waiting(settings):
    # No worker runs: every accepted call answers 1001 at once and its job stays queued.
    settings.REFRAIN_API_WAIT_S = 0


def burst(n: int, call) -> list:
    """Run `call(i)` in `n` threads released at the same instant; their results in order."""
    start, results = threading.Barrier(n), [None] * n

    def run(i: int) -> None:
        try:
            start.wait(10)
            results[i] = call(i)
        except Exception as error:  # a crash is a result the test reports, not a lost thread
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def music_api(path: str, body: dict, key: str, **headers):
    response = Client().post(
        path,
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        **headers,
    )
    return response.status_code, response.json()["base_resp"]["status_code"]


def team_on_plan(world, **limits) -> Team:
    world.team.plan = Plan.objects.create(
        name="test",
        **(
            {"requests_per_minute": 1000, "max_running_jobs": 1000, "monthly_credits": 100_000}
            | limits
        ),
    )
    world.team.save()
    return world.team


@pytest.fixture
def key(world):
    return api_key_create(user=world.editor, team=world.team, name="burst")[1]


def test_a_burst_gets_exactly_the_rate_limit_through(world, key):
    team_on_plan(world, requests_per_minute=5)

    answers = burst(20, lambda i: music_api("/v1/lyrics_generation", LYRICS, key))

    assert Counter(answers) == {(200, 1001): 5, (200, 1002): 15}
    assert GenerationJob.objects.count() == 5


def test_a_burst_gets_exactly_the_running_jobs_limit_through(world, key):
    team_on_plan(world, max_running_jobs=3)

    answers = burst(5, lambda i: music_api("/v1/music_generation", SONG, key))

    assert Counter(answers) == {(200, 1001): 3, (200, 1041): 2}
    assert GenerationJob.objects.filter(status="queued").count() == 3


def test_a_burst_spends_exactly_the_credits_there_are(world, key):
    team_on_plan(world, monthly_credits=30)  # a song costs 10

    answers = burst(6, lambda i: music_api("/v1/music_generation", SONG, key))

    assert Counter(answers) == {(200, 1001): 3, (200, 1008): 3}
    assert UsageEntry.objects.aggregate(total=Sum("credits"))["total"] == 30


def test_one_idempotency_key_sent_ten_times_at_once_makes_one_job_and_one_charge(world, key):
    team_on_plan(world)

    answers = burst(
        10, lambda i: music_api("/v1/music_generation", SONG, key, HTTP_IDEMPOTENCY_KEY="same")
    )

    assert Counter(answers) == {(200, 1001): 10}
    assert GenerationJob.objects.count() == 1
    assert UsageEntry.objects.count() == 10  # every call is a request on the ledger...
    assert (
        UsageEntry.objects.aggregate(total=Sum("credits"))["total"] == 10
    )  # ...and one is charged


def test_one_idempotency_key_on_the_resource_api_charges_once(world, client_for):
    team_on_plan(world)
    project = Project.objects.create(team=world.team, title="Songs")
    body = json.dumps(
        {"project": project.pk, "prompt": "slow blues", "lyrics": "[Verse]\nla la la"}
    )

    def generate(i):
        client = client_for(world.editor)
        return client.post(
            "/api/v1/songs/generate/",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="burst-1",
        ).status_code

    assert burst(10, generate) == [202] * 10
    assert GenerationJob.objects.count() == 1
    assert UsageEntry.objects.aggregate(total=Sum("credits"))["total"] == 10


def test_a_new_teams_first_calls_at_once_share_one_api_project(world, key):
    team_on_plan(world)

    answers = burst(10, lambda i: music_api("/v1/lyrics_generation", LYRICS, key))

    assert Counter(answers) == {(200, 1001): 10}
    assert Project.objects.filter(team=world.team, is_api_inbox=True).count() == 1
    assert set(GenerationJob.objects.values_list("project__title", flat=True)) == {"API"}
    assert music_api("/v1/lyrics_generation", LYRICS, key) == (
        200,
        1001,
    )  # and the team still works
