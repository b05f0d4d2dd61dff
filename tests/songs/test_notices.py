"""Notices on every page: my results (or my team's) that finished since I last looked."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from songs.job_words import failure_in_words
from songs.models import GenerationJob

pytestmark = pytest.mark.django_db


def finished(world, who, *, status="succeeded", minutes_ago=0, **fields):
    now = timezone.now() - timedelta(minutes=minutes_ago)
    return GenerationJob.objects.create(
        team=world.team, kind="music", status=status, created_by=who, finished_at=now, **fields
    )


def poll(client, since):
    return client.get(reverse("notices"), {"since": since.isoformat()}).content.decode()


def test_a_result_of_mine_that_finished_since_the_last_poll_is_a_notice(world, client_for, place):
    editor = client_for(world.editor, world.team)
    Membership.objects.filter(user=world.editor).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    before = timezone.now() - timedelta(seconds=30)
    finished(world, world.editor, song=place["song"], result={"version_id": place["v2"].pk})
    finished(world, world.editor, minutes_ago=5)  # shown by an earlier poll, still unseen

    body = poll(editor, before)

    assert body.count('class="toast') == 1
    assert "Ready:</strong>\n      Rain" in body
    assert reverse("version", args=[place["v2"].pk]) in body  # open it
    assert reverse("version_play", args=[place["v2"].pk]) in body  # play it
    assert 'id="notice-count" hx-swap-oob="true"' in body and ">2</span>" in body


def test_the_teams_results_are_noticed_only_by_who_follows_them(world, client_for, place):
    editor = client_for(world.editor, world.team)
    before = timezone.now() - timedelta(seconds=30)
    finished(world, world.owner, song=place["song"])

    assert 'class="toast' not in poll(editor, before)
    editor.post(reverse("notices_follow"), {"on": "1"})
    assert 'class="toast' in poll(editor, before)


def test_a_failure_is_noticed_in_words_and_the_generations_page_marks_all_seen(
    world, client_for, place
):
    editor = client_for(world.editor, world.team)
    before = timezone.now() - timedelta(seconds=30)
    finished(
        world, world.editor, status="failed", error_code=2013,
        error_message="lyrics: line 2 has 31 syllables; at most 24 can be sung",
    )  # fmt: skip

    assert "The lyrics: line 2 has 31 syllables; at most 24 can be sung." in poll(editor, before)
    page = editor.get(reverse("jobs")).content.decode()
    assert "The lyrics: line 2 has 31 syllables" in page and "trace" in page  # details fold

    assert 'aria-label="1 unseen result"' not in editor.get(reverse("dashboard")).content.decode()
    assert "toast" not in poll(editor, before)


def test_the_header_counts_unseen_results(world, client_for, place):
    finished(world, world.editor)

    page = client_for(world.editor, world.team).get(reverse("dashboard")).content.decode()

    assert 'aria-label="1 unseen result"' in page


def test_an_outsider_gets_no_notices_of_the_team(world, client_for, place):
    finished(world, world.editor)

    body = poll(client_for(world.outsider), timezone.now() - timedelta(minutes=1))

    assert "toast" not in body and "unseen" not in body


@pytest.mark.parametrize(
    "code, message, kind, words",
    [
        (2013, "invalid params, prompt: too long", "lyrics", "The theme: too long."),
        (
            2013,
            "audio_setting.bitrate: must be one of 32000",
            "music",
            "The file settings: must be one of 32000.",
        ),  # fmt: skip
        (
            2013,
            "audio_url: the host x cannot be resolved",
            "cover",
            "The reference recording: the host x cannot be resolved.",
        ),  # fmt: skip
        (
            1008,
            "insufficient balance, 0 credits left",
            "music",
            "Your team has used this month's generations. The usage page says when they renew.",
        ),  # fmt: skip
        (
            1024,
            "internal error, Traceback ...",
            "music",
            "Something went wrong on the studio's side.",
        ),  # fmt: skip
    ],
)
def test_failures_are_said_without_codes_or_field_paths(code, message, kind, words):
    said = failure_in_words(code=code, message=message, kind=kind)

    assert said.startswith(words)
    assert "audio_setting" not in said and "Traceback" not in said and str(code) not in said


def test_a_job_page_asks_to_open_the_result_once_it_is_done(world, client_for, place):
    job = finished(world, world.editor, song=place["song"], result={"version_id": place["v2"].pk})
    client = client_for(world.editor, world.team)

    opened = client.get(reverse("job_panel", args=[job.pk]), {"open": "1"})
    stayed = client.get(reverse("job_panel", args=[job.pk]))

    assert reverse("version", args=[place["v2"].pk]) in opened["HX-Trigger"]
    assert "HX-Trigger" not in stayed
