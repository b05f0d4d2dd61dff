"""The lyric editor in the browser's terms: save, merge, conflict, history, diff, aids, AI help."""

import pytest
from django.urls import reverse

from songs.models import GenerationJob, Project
from songs.services.drafts import draft_create

pytestmark = pytest.mark.django_db

SONG = "[Verse]\nRain on the window\nCity lights are low\n\n[Chorus]\nHold on to me\n"


@pytest.fixture
def draft(world):
    project = Project.objects.create(team=world.team, title="Album")
    return draft_create(
        actor=world.membership(world.owner), project=project, title="Rain", body=SONG
    )


def test_saving_from_the_editor_adds_a_revision_shown_in_history(world, client_for, draft):
    client = client_for(world.editor, world.team)

    response = client.post(
        reverse("draft_save", args=[draft.pk]),
        {"base": 1, "body": SONG.replace("low", "slow"), "message": "slower"},
        follow=True,
    )

    page = response.content.decode()
    assert "Saved as r2." in page
    assert "City lights are slow" in page
    assert "slower" in page


def test_a_stale_save_that_overlaps_shows_both_texts_with_409(world, client_for, draft):
    client_for(world.owner).post(
        reverse("draft_save", args=[draft.pk]),
        {"base": 1, "body": SONG.replace("City lights are low", "Street lights glow")},
    )

    response = client_for(world.editor).post(
        reverse("draft_save", args=[draft.pk]),
        {"base": 1, "body": SONG.replace("City lights are low", "Neon so slow")},
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone saved while you were writing" in page
    assert "Street lights glow" in page and "Neon so slow" in page
    assert 'name="base" value="2"' in page


def test_a_stale_save_that_does_not_overlap_is_merged(world, client_for, draft):
    client_for(world.owner).post(
        reverse("draft_save", args=[draft.pk]),
        {"base": 1, "body": SONG.replace("Rain on the window", "Rain on the glass")},
    )

    response = client_for(world.editor).post(
        reverse("draft_save", args=[draft.pk]),
        {"base": 1, "body": SONG.replace("Hold on to me", "Hold on to me now")},
        follow=True,
    )

    page = response.content.decode()
    assert "merged with a teammate" in page
    draft.refresh_from_db()
    assert "Rain on the glass" in draft.current_revision.body
    assert "Hold on to me now" in draft.current_revision.body


def test_the_diff_page_colours_added_and_removed_lines(world, client_for, draft):
    client = client_for(world.editor)
    client.post(
        reverse("draft_save", args=[draft.pk]), {"base": 1, "body": SONG.replace("low", "slow")}
    )

    page = client.get(reverse("draft_diff", args=[draft.pk]) + "?a=1&b=2").content.decode()

    assert 'class="diff-remove"' in page and "City lights are low" in page
    assert 'class="diff-add"' in page and "City lights are slow" in page


def test_restoring_from_the_page_makes_a_new_revision(world, client_for, draft):
    client = client_for(world.editor)
    client.post(reverse("draft_save", args=[draft.pk]), {"base": 1, "body": "gone\n"})

    client.post(reverse("revision_restore", args=[draft.pk, 1]))

    draft.refresh_from_db()
    assert draft.current_revision.number == 3
    assert draft.current_revision.body == SONG


def test_the_writing_aids_count_syllables_per_line(world, client_for):
    response = client_for(world.editor).post(
        reverse("writing_aids"), {"body": "[Verse]\nRain on the window\n"}
    )

    page = response.content.decode()
    assert "<li>5</li>" in page
    assert '<span class="tag">Verse</span>' in page


def test_rhymes_come_for_a_word(world, client_for):
    page = client_for(world.editor).get(reverse("rhymes") + "?word=night").content.decode()

    assert "light" in page or "bright" in page


def test_write_full_song_queues_one_lyrics_job_even_when_clicked_twice(world, client_for, draft):
    client = client_for(world.editor)

    for _ in range(2):
        client.post(
            reverse("draft_write", args=[draft.pk]),
            {"prompt": "a rainy night", "token": "same-click"},
        )

    job = GenerationJob.objects.get()
    assert (job.kind, job.draft_id, job.request["mode"]) == ("lyrics", draft.pk, "write_full_song")


def test_an_edit_instruction_carries_the_current_text(world, client_for, draft):
    client_for(world.editor).post(
        reverse("draft_edit", args=[draft.pk]), {"prompt": "add a bridge", "token": "t"}
    )

    job = GenerationJob.objects.get()
    assert job.request["lyrics"] == SONG
    assert job.request["prompt"] == "add a bridge"


def test_an_edit_needs_an_instruction(world, client_for, draft):
    response = client_for(world.editor).post(
        reverse("draft_edit", args=[draft.pk]), {"prompt": "", "token": "t"}
    )

    assert response.status_code == 400
    assert not GenerationJob.objects.exists()


def test_a_song_is_generated_from_the_drafts_current_revision(world, client_for, draft):
    response = client_for(world.editor).post(
        reverse("song_generate", args=[draft.project_id]),
        {
            "title": "Rain",
            "prompt": "slow blues",
            "mode": "vocal",
            "revision": draft.current_revision_id,
            "format": "mp3",
            "sample_rate": 44100,
            "bitrate": 256000,
            "channels": 2,
            "token": "g1",
        },
    )

    job = GenerationJob.objects.get()
    assert response["Location"] == reverse("job_page", args=[job.pk])
    assert job.request["lyrics"] == SONG
    assert job.sung_revision_id == draft.current_revision_id
    assert job.title == "Rain"
    assert not any(key.startswith("refrain_") for key in job.request)


def test_the_job_panel_shows_progress_and_polls_while_running(world, client_for, draft):
    client_for(world.editor).post(
        reverse("draft_write", args=[draft.pk]), {"prompt": "sea", "token": "x"}
    )
    job = GenerationJob.objects.get()
    GenerationJob.objects.filter(pk=job.pk).update(status="running", progress=42, stage="writing")

    panel = client_for(world.viewer).get(reverse("job_panel", args=[job.pk])).content.decode()

    assert 'aria-valuenow="42"' in panel
    assert "Writing — 42 %" in panel
    assert 'hx-trigger="every 1s"' in panel
    assert "Cancel" not in panel


def test_a_failed_job_shows_its_reason(world, client_for, draft):
    client_for(world.editor).post(
        reverse("draft_write", args=[draft.pk]), {"prompt": "sea", "token": "x"}
    )
    GenerationJob.objects.update(
        status="failed", error_code=2013, error_message="invalid params, prompt: too long"
    )

    panel = (
        client_for(world.editor)
        .get(reverse("job_panel", args=[GenerationJob.objects.get().pk]))
        .content.decode()
    )

    assert "The theme: too long." in panel  # in words a musician reads
    assert "invalid params, prompt: too long · code 2013" in panel  # the details fold keeps these
    assert "every 1s" not in panel


def test_the_generations_page_lists_the_teams_jobs_with_their_reasons(world, client_for, draft):
    client_for(world.editor).post(
        reverse("draft_write", args=[draft.pk]), {"prompt": "sea", "token": "x"}
    )
    GenerationJob.objects.update(
        status="failed", error_code=1024, error_message="internal error: boom"
    )

    page = client_for(world.viewer, world.team).get(reverse("jobs")).content.decode()
    outsider_page = client_for(world.outsider).get(reverse("jobs")).content.decode()

    assert "internal error: boom" in page
    assert "boom" not in outsider_page
