"""The cover form's voice: offered with the contract's default, carried into the cover's job,
refused when it is not one of the two."""

import re

import pytest
from django.urls import reverse

from engine.contract import DEFAULT_VOICE_QUALITY
from songs.models import GenerationJob, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(world):
    return Project.objects.create(team=world.team, title="Covers")


def checked_voice(page: str) -> str:
    """The value of the voice radio a page shows chosen."""
    return re.search(r'name="voice_quality" value="(\w+)"[^>]* checked>', page).group(1)


def generate(client, analysis, project, **fields):
    """Post the analysis page's cover form with new lyrics and style, and `fields`."""
    form = {
        "project": project.pk,
        "title": "Rain cover",
        "prompt": "a slow jazz ballad, brushed drums",
        "lyrics": "[Verse]\nRain on the window\n[Chorus]\nI hear you",
        "token": "c1",
        **fields,
    }
    return client.post(reverse("cover_feature", args=[analysis.feature_id]), form)


def test_the_form_offers_both_voices_with_the_default_chosen(world, client_for, analysis):
    page = client_for(world.editor, world.team).get(
        reverse("cover_feature", args=[analysis.feature_id])
    )

    page = page.content.decode()
    assert "Natural (neural voice, slower)" in page
    assert checked_voice(page) == DEFAULT_VOICE_QUALITY


def test_the_chosen_voice_is_in_the_covers_job(world, client_for, analysis, project):
    response = generate(
        client_for(world.editor, world.team), analysis, project, voice_quality="full"
    )

    job = GenerationJob.objects.get()
    assert response["Location"] == reverse("job_page", args=[job.pk])
    assert (job.kind, job.request["voice_quality"]) == ("cover", "full")


def test_an_unknown_voice_is_refused_and_nothing_is_queued(world, client_for, analysis, project):
    response = generate(client_for(world.editor, world.team), analysis, project, voice_quality="x")

    assert response.status_code == 400
    assert "Choose the natural or the draft voice." in response.content.decode()
    assert not GenerationJob.objects.exists()
