"""The world of the job pipeline's tests: a project, a scripted provider, a way to queue a song."""

import pytest

from engine.contract import MusicRequest
from songs.jobs.create import Caller, Order, job_create
from songs.models import Project

SONG = {"model": "music-2.6", "prompt": "slow blues", "lyrics": "[Verse]\nRain on the window pane"}


@pytest.fixture
def project(world):
    return Project.objects.create(team=world.team, title="Album", created_by=world.owner)


@pytest.fixture
def queue(world, project):
    """Queue a song in `project` (or another) as the editor (or another member)."""

    def make(user=None, *, actor=None, in_project=None, idempotency_key=None, created=False):
        actor = actor or world.membership(user or world.editor)
        caller = Caller(actor=actor, idempotency_key=idempotency_key)
        order = Order(
            kind="music", request=MusicRequest.from_json(SONG), project=in_project or project
        )
        job, was_created = job_create(caller=caller, order=order)
        return (job, was_created) if created else job

    return make
