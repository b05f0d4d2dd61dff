"""Each event is emitted once, where it happens, and reaches the workers only after its
transaction commits: a rolled-back one leaves no message. Only the team's enabled endpoints
subscribed to the event hear of it, and the payload says what an integration needs."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from engine.contract import MusicRequest
from engine.errors import EngineError
from songs.jobs.create import Caller, Order, job_create
from songs.jobs.tasks import run_next_job
from songs.models import (
    GenerationJob,
    LyricRevision,
    Project,
    SongVersion,
    WebhookEvent,
    WebhookMessage,
)
from songs.services.comments import lyric_comment_create
from songs.services.drafts import draft_create, lyric_revision_restore, lyric_revision_save
from songs.services.songs import song_version_restore
from songs.services.suggestions import suggestion_accept, suggestion_create
from songs.services.webhooks import webhook_endpoint_create, webhook_endpoint_update

pytestmark = pytest.mark.django_db

SONG = {"model": "music-2.6", "prompt": "slow blues", "lyrics": "[Verse]\nRain on the window pane"}


@pytest.fixture
def hooked(world, resolve_as, settings):
    """An endpoint of the team subscribed to every event; the workers' queue recorded."""
    resolve_as({"hooks.example": "93.184.215.14"})
    endpoint, _ = webhook_endpoint_create(
        actor=world.membership(world.admin),
        url="https://hooks.example/in",
        events=list(WebhookEvent.values),
    )
    return endpoint


@pytest.fixture
def enqueued(monkeypatch):
    """The message ids handed to the workers (nothing is delivered in these tests)."""
    ids: list[int] = []
    monkeypatch.setattr(
        "songs.webhooks.emit.async_task", lambda func, message_id, **kwargs: ids.append(message_id)
    )
    return ids


@pytest.fixture
def project(world):
    return Project.objects.create(team=world.team, title="Album", created_by=world.owner)


def sent(event: str) -> list[dict]:
    """The bodies queued for `event`, oldest first."""
    rows = WebhookMessage.objects.filter(event_type=event).order_by("id")
    return [json.loads(message.body) for message in rows]


def test_a_revision_is_told_once_and_only_after_its_transaction_commits(
    world, hooked, enqueued, project, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        draft = draft_create(actor=world.membership(world.editor), project=project, title="Rain")
        assert enqueued == []  # not yet: the transaction is still open

    [message] = WebhookMessage.objects.filter(event_type="revision.created")
    assert enqueued == []
    for callback in callbacks:
        callback()
    assert enqueued == [message.pk]
    [body] = sent("revision.created")
    assert body["type"] == "revision.created"
    assert body["data"]["draft_id"] == draft.pk
    assert body["data"]["number"] == 1
    assert body["data"]["author"] == "edith"
    assert body["data"]["url"] == f"/api/v1/drafts/{draft.pk}/revisions/1/"


def test_an_event_whose_transaction_rolls_back_is_never_sent(
    world, hooked, enqueued, project, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        draft_create(actor=world.membership(world.editor), project=project, title="Rain")
        raise ZeroDivisionError

    assert not WebhookMessage.objects.exists()
    assert enqueued == []


def test_every_way_a_revision_is_made_is_told(world, hooked, enqueued, project):
    editor = world.membership(world.editor)
    draft = draft_create(actor=editor, project=project, title="Rain", body="[Verse]\nRain\n")
    lyric_revision_save(actor=editor, draft=draft, base_number=1, body="[Verse]\nSun\n")
    lyric_revision_restore(actor=editor, revision=LyricRevision.objects.get(draft=draft, number=1))
    current = LyricRevision.objects.get(draft=draft, number=3)
    suggestion = suggestion_create(
        actor=world.membership(world.viewer), revision=current, line_number=2, text="Snow"
    )
    suggestion_accept(actor=editor, suggestion=suggestion)

    assert [body["data"]["number"] for body in sent("revision.created")] == [1, 2, 3, 4]
    assert [body["data"]["message"] for body in sent("revision.created")][2] == "Restored r1"
    assert sent("revision.created")[3]["data"]["author"] == "victor"


def test_a_comment_is_told_with_its_words(world, hooked, enqueued, project):
    draft = draft_create(
        actor=world.membership(world.editor), project=project, title="Rain", body="Rain falls\n"
    )

    comment = lyric_comment_create(
        actor=world.membership(world.viewer),
        revision=draft.current_revision,
        line_number=1,
        body="lovely @edith",
    )

    [body] = sent("comment.created")
    assert body["data"]["id"] == comment.pk
    assert body["data"]["body"] == "lovely @edith"
    assert body["data"]["author"] == "victor"
    assert body["data"]["draft_id"] == draft.pk


def queue_song(world, project) -> GenerationJob:
    job, _ = job_create(
        caller=Caller(actor=world.membership(world.editor)),
        order=Order(kind="music", request=MusicRequest.from_json(SONG), project=project),
    )
    return job


def test_a_job_that_succeeds_tells_of_its_version_and_of_itself(
    world, hooked, enqueued, project, provider, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job = queue_song(world, project)

    run_next_job()

    version = SongVersion.objects.get(job=job)
    [made] = sent("version.created")
    [done] = sent("job.succeeded")
    assert sent("job.failed") == []
    assert made["data"]["id"] == version.pk
    assert made["data"]["song_id"] == version.song_id
    assert made["data"]["job_id"] == str(job.pk)
    assert done["data"]["id"] == str(job.pk)
    assert done["data"]["status"] == "succeeded"
    assert done["data"]["result"] == {"song_id": version.song_id, "version_id": version.pk}
    assert done["data"]["url"] == f"/api/v1/jobs/{job.pk}/"


def test_a_job_that_fails_tells_why(world, hooked, enqueued, project, provider):
    provider.failures = [EngineError("lyrics: nothing to sing", code=2013)]
    job = queue_song(world, project)

    run_next_job()

    [failed] = sent("job.failed")
    assert sent("job.succeeded") == []
    assert failed["data"]["id"] == str(job.pk)
    assert failed["data"]["error"] == {
        "code": 2013,
        "message": "invalid params, lyrics: nothing to sing",
    }


def test_a_restored_version_is_a_version_created(world, hooked, enqueued, place):
    song_version_restore(actor=world.membership(world.editor), version=place["v1"])

    [body] = sent("version.created")
    assert body["data"]["kind"] == "restored"
    assert body["data"]["number"] == 3


def test_only_enabled_subscribed_endpoints_of_the_team_hear_of_an_event(
    world, hooked, enqueued, project, resolve_as
):
    admin = world.membership(world.admin)
    comments_only, _ = webhook_endpoint_create(
        actor=admin, url="https://hooks.example/comments", events=["comment.created"]
    )
    webhook_endpoint_update(actor=admin, endpoint=hooked, enabled=False)
    outsider_team = world.outsider.personal_team
    webhook_endpoint_create(
        actor=world.outsider.memberships.get(team=outsider_team),
        url="https://hooks.example/theirs",
        events=list(WebhookEvent.values),
    )

    draft = draft_create(
        actor=world.membership(world.editor), project=project, title="Rain", body="Rain\n"
    )
    lyric_comment_create(actor=admin, revision=draft.current_revision, line_number=1, body="hi")

    assert list(WebhookMessage.objects.values_list("endpoint_id", "event_type")) == [
        (comments_only.pk, "comment.created")
    ]
