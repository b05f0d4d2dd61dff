"""The API's schema tells the truth: a bounded schemathesis run (fixed seed, 20 examples an
operation, every check) over every operation of /api/v1/ and /v1/ finds no server error, no
status, content type or body the schema does not describe, and no invalid input accepted."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.models import Plan
from accounts.services import api_key_create
from songs.models import GenerationJob
from songs.music_api.signed import audio_token
from songs.services.drafts import lyric_revision_save
from songs.services.webhooks import webhook_endpoint_create
from songs.webhooks import targets
from songs.webhooks.emit import webhook_event_emit
from tests.covers.stored import analysis_store

pytestmark = pytest.mark.django_db(transaction=True)

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "positive_data_acceptance",
    "negative_data_rejection",
    "use_after_free",
    "ensure_resource_availability",
    "missing_required_header",
    "ignored_auth",
    "object_level_authorization",
    "unsupported_method",
    "allow_header_conformance",
)

# What the contract or the data decides, said once here rather than loosened in the schema:
# - the API refuses NUL and lone surrogates in any text (the edge guard, documented in the
#   schema's description), so they are not generated;
# - the Music API answers refused input and a missing key with HTTP 200 and a base_resp code,
#   as the original does and its clients expect (contract §1, §8.2);
# - three operations refuse well-formed bodies for what the stored data says (an edit of an
#   empty draft, lyrics required unless instrumental, a base revision the draft does not have).
# - a webhook endpoint's URL is refused for what its host is (no IDNA name, a private address),
#   which no schema pattern can say.
CONFIG = """
seed = 1
generation.max-examples = 20
generation.allow-x00 = false
generation.codec = "utf-8"
request-timeout = 30

[dictionaries]
projects = {{ values = [{project}] }}
drafts = {{ values = [{draft}] }}
songs = {{ values = [{song}] }}
versions = {{ values = [{version}] }}
jobs = {{ values = ["{job}"] }}
revisions = {{ values = [1, 2] }}
comments = {{ values = [{comment}] }}
tokens = {{ values = ["{token}"] }}
endpoints = {{ values = [{endpoint}] }}
messages = {{ values = [{message}] }}
covers = {{ values = ["{cover}"] }}

[parameters]
"path.project_id" = {{ dictionary = "projects", probability = 0.5 }}
"path.draft_id" = {{ dictionary = "drafts", probability = 0.5 }}
"path.song_id" = {{ dictionary = "songs", probability = 0.5 }}
"path.version_id" = {{ dictionary = "versions", probability = 0.5 }}
"path.job_id" = {{ dictionary = "jobs", probability = 0.5 }}
"path.number" = {{ dictionary = "revisions", probability = 0.5 }}
"path.comment_id" = {{ dictionary = "comments", probability = 0.5 }}
"path.token" = {{ dictionary = "tokens", probability = 0.5 }}
"path.endpoint_id" = {{ dictionary = "endpoints", probability = 0.5 }}
"path.message_id" = {{ dictionary = "messages", probability = 0.5 }}
"path.cover_feature_id" = {{ dictionary = "covers", probability = 0.5 }}

# Every check schemathesis has (as `--checks all`, which would also override the exceptions below).
[checks]
{checks}

[[operations]]
include-path-regex = "^/v1/"
checks.negative_data_rejection.enabled = false
checks.ignored_auth.enabled = false
checks.missing_required_header.enabled = false

[[operations]]
include-path-regex = "^/api/v1/(songs/generate|drafts/\\\\{{draft_id\\\\}}/generate|drafts/\\\\{{draft_id\\\\}}/revisions)/$"
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = ["2XX", 400, 401, 403, 404, 409, 428]

[[operations]]
include-path-regex = "^/api/v1/webhooks/(\\\\{{endpoint_id\\\\}}/)?$"
checks.positive_data_acceptance.expected-statuses = ["2XX", 400, 401, 403, 404, 409]
"""


def resolve_every_name_as_public(host, port, *args, **kwargs):
    """A webhook URL's host "resolves" to a public address, so the fuzzer's URLs are accepted
    without a lookup leaving the machine (and nothing is delivered: no worker runs)."""
    return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]


@pytest.fixture
def studio(world, place, settings, monkeypatch):
    """The owner's key on a roomy plan, and one of everything for the fuzzer to find."""
    monkeypatch.setitem(
        targets.webhook_target.__kwdefaults__, "resolver", resolve_every_name_as_public
    )
    settings.REFRAIN_API_WAIT_S = 0  # no worker runs: Music API calls answer 1001 at once
    world.team.plan = Plan.objects.create(
        name="fuzz",
        requests_per_minute=100_000,
        max_running_jobs=100_000,
        monthly_credits=10_000_000,
    )
    world.team.save()
    project, draft, song, version = place["project"], place["draft"], place["song"], place["v2"]
    lyric_revision_save(
        actor=world.membership(world.owner), draft=draft, base_number=1, body="[Verse]\nRain\n"
    )
    job = GenerationJob.objects.create(
        kind="music", team=world.team, project=project, created_by=world.owner
    )
    endpoint, _ = webhook_endpoint_create(
        actor=world.membership(world.owner), url="https://hooks.example/", events=["job.failed"]
    )
    [message] = webhook_event_emit(team_id=world.team.pk, event_type="job.failed", data={})
    _, key = api_key_create(user=world.owner, team=world.team, name="fuzz")
    ids = {
        "project": project.pk,
        "draft": draft.pk,
        "song": song.pk,
        "version": version.pk,
        "job": job.pk,
        "comment": place["comment"].pk,
        "token": audio_token(version_id=version.pk),
        "endpoint": endpoint.pk,
        "message": message.pk,
        "cover": analysis_store(world.team).feature_id,
    }
    return key, ids


def test_a_bounded_schemathesis_run_finds_nothing(live_server, studio, tmp_path):
    key, ids = studio
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        CONFIG.format(checks="\n".join(f"{check}.enabled = true" for check in CHECKS), **ids)
    )

    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--no-color",
            "--config-file",
            str(config),
            "run",
            f"{live_server.url}/api/schema/",
            "-H",
            f"Authorization: Bearer {key}",
            "--max-failures",
            "20",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )

    report = run.stdout + run.stderr
    print(report[-1500:])  # the summary, for `pytest -s` and docs/RELIABILITY.md
    assert run.returncode == 0, report[-12000:]
    assert "No issues found" in report or " passed" in report, report[-3000:]
