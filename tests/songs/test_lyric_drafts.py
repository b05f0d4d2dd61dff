"""Co-writing: immutable revisions, merges of concurrent saves, conflicts, restores (comments:
tests/songs/test_comments.py)."""

import threading

import pytest
from django.db import connection

from accounts.errors import ApplicationError
from songs.models import LyricDraft, LyricRevision, Project
from songs.services.drafts import (
    MergeConflict,
    draft_create,
    lyric_revision_restore,
    lyric_revision_save,
)

pytestmark = pytest.mark.django_db

SONG = "[Verse]\nRain on the window\nCity lights are low\n\n[Chorus]\nHold on to me\nHold on\n"


@pytest.fixture
def draft(world):
    project = Project.objects.create(team=world.team, title="Album")
    return draft_create(
        actor=world.membership(world.owner), project=project, title="Rain", body=SONG
    )


def save(world, user, draft, base, body, message=""):
    return lyric_revision_save(
        actor=world.membership(user), draft=draft, base_number=base, body=body, message=message
    )


def test_a_draft_starts_with_revision_one(draft, world):
    revision = draft.current_revision

    assert revision.number == 1
    assert revision.body == SONG
    assert revision.author == world.owner
    assert revision.source == "human"


def test_saving_on_the_current_revision_adds_the_next_one(draft, world):
    outcome = save(world, world.editor, draft, 1, SONG.replace("low", "slow"), "sharper image")

    assert outcome.revision.number == 2
    assert outcome.revision.parent.number == 1
    assert outcome.revision.message == "sharper image"
    assert not outcome.merged
    assert LyricRevision.objects.get(draft=draft, number=1).body == SONG


def test_saving_the_same_text_adds_nothing(draft, world):
    outcome = save(world, world.editor, draft, 1, SONG)

    assert outcome.unchanged
    assert draft.revisions.count() == 1


def test_edits_that_do_not_overlap_are_merged(draft, world):
    theirs = SONG.replace("Rain on the window", "Rain on the glass")
    yours = SONG.replace("Hold on\n", "Hold on, hold on\n")
    save(world, world.owner, draft, 1, theirs)

    outcome = save(world, world.editor, draft, 1, yours)

    assert outcome.merged
    assert outcome.revision.number == 3
    assert "Rain on the glass" in outcome.revision.body
    assert "Hold on, hold on" in outcome.revision.body
    assert "merged with r2" in outcome.revision.message.lower()


def test_overlapping_edits_conflict_and_nothing_is_overwritten(draft, world):
    save(
        world, world.owner, draft, 1, SONG.replace("City lights are low", "Street lights are gold")
    )

    with pytest.raises(MergeConflict) as conflict:
        save(
            world, world.editor, draft, 1, SONG.replace("City lights are low", "Neon burning slow")
        )

    assert conflict.value.status == 409
    assert "Street lights are gold" in conflict.value.theirs.body
    assert "Neon burning slow" in conflict.value.yours
    assert "<<<<<<< theirs" in conflict.value.merged_with_markers
    draft.refresh_from_db()
    assert draft.current_revision.number == 2
    assert "Street lights are gold" in draft.current_revision.body


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_at_once_lose_nothing(world):
    project = Project.objects.create(team=world.team, title="Album")
    draft = draft_create(
        actor=world.membership(world.owner), project=project, title="Rain", body=SONG
    )
    edits = {
        world.owner: SONG.replace("Rain on the window", "Rain on the glass"),
        world.editor: SONG.replace("Hold on\n", "Hold on, hold on\n"),
    }
    barrier = threading.Barrier(2)
    errors = []

    def writer(user):
        try:
            barrier.wait()
            save(world, user, LyricDraft.objects.get(pk=draft.pk), 1, edits[user])
        except Exception as error:  # recorded for the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(user,)) for user in edits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    draft.refresh_from_db()
    assert draft.revisions.count() == 3
    assert "Rain on the glass" in draft.current_revision.body
    assert "Hold on, hold on" in draft.current_revision.body


def test_a_viewer_cannot_save(draft, world):
    with pytest.raises(ApplicationError) as error:
        save(world, world.viewer, draft, 1, "new words\n")

    assert error.value.status == 403


def test_restore_makes_a_new_revision_and_deletes_nothing(draft, world):
    save(world, world.editor, draft, 1, "Something else entirely\n")

    restored = lyric_revision_restore(
        actor=world.membership(world.editor), revision=draft.revisions.get(number=1)
    )

    assert restored.number == 3
    assert restored.body == SONG
    assert restored.message == "Restored r1"
    assert draft.revisions.count() == 3
