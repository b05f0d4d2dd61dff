"""The generate form's voice: offered with the contract's default, carried to the provider, shown
on the version it sang, refused when it is not one of the two."""

import re

import pytest
from django.urls import reverse

from engine.contract import DEFAULT_VOICE_QUALITY
from songs.jobs.tasks import run_next_job
from songs.models import GenerationJob, SongVersion

pytestmark = pytest.mark.django_db

NEURAL = "Kokoro-82M neural voice"  # engine.render.voice.VOICE_NAMES["full"]


def checked_voice(page: str) -> str:
    """The value of the voice radio a page shows chosen."""
    return re.search(r'name="voice_quality" value="(\w+)"[^>]* checked>', page).group(1)


def generate(client, place, **fields):
    """Post the project page's generate form: the draft's lyrics sung, and `fields`."""
    form = {
        "title": "Rain",
        "prompt": "slow blues",
        "mode": "vocal",
        "revision": place["draft"].current_revision_id,
        "format": "mp3",
        "sample_rate": 44100,
        "bitrate": 256000,
        "channels": 2,
        "token": "g1",
        **fields,
    }
    return client.post(reverse("song_generate", args=[place["project"].pk]), form)


def test_the_form_offers_both_voices_with_the_default_chosen(world, client_for, place):
    page = client_for(world.editor).get(reverse("project", args=[place["project"].pk]))

    page = page.content.decode()
    assert "Natural (neural voice, slower)" in page
    assert "Draft (fast)" in page
    assert checked_voice(page) == DEFAULT_VOICE_QUALITY


def test_the_chosen_voice_reaches_the_provider(world, client_for, place, provider):
    generate(client_for(world.editor), place, voice_quality="full")

    assert GenerationJob.objects.get().request["voice_quality"] == "full"
    run_next_job()
    assert [request.voice_quality for request in provider.requests] == ["full"]


def test_a_song_the_neural_voice_sang_says_so_on_its_version_page(
    world, client_for, place, provider
):
    provider.details = {"seed": 1, "voice": NEURAL}  # what the embedded engine reports
    client = client_for(world.editor)
    generate(client, place, voice_quality="full")
    run_next_job()

    version = SongVersion.objects.get(job=GenerationJob.objects.get())
    page = client.get(reverse("version", args=[version.pk])).content.decode()

    assert f"<dt>Voice</dt><dd>{NEURAL}</dd>" in page
    assert checked_voice(page) == "full"  # regenerating it offers the same voice


def test_a_song_a_remote_service_sang_says_the_voice_was_the_services(
    world, client_for, place, provider
):
    provider.name = "remote"
    provider.details = {"remote": "http://127.0.0.1:9/"}  # a remote service names no voice
    client = client_for(world.editor)
    generate(client, place)
    run_next_job()

    version = SongVersion.objects.get(job=GenerationJob.objects.get())
    page = client.get(reverse("version", args=[version.pk])).content.decode()

    assert "<dt>Voice</dt><dd>the remote service&#x27;s (it does not say which)</dd>" in page


def test_an_unknown_voice_is_refused_beside_the_field_and_nothing_is_queued(
    world, client_for, place
):
    response = generate(client_for(world.editor), place, voice_quality="loud")

    assert response.status_code == 400
    assert "Choose the natural or the draft voice." in response.content.decode()
    assert not GenerationJob.objects.exists()


def test_a_form_without_the_choice_gets_the_default_voice(world, client_for, place):
    generate(client_for(world.editor), place)

    assert GenerationJob.objects.get().request["voice_quality"] == DEFAULT_VOICE_QUALITY


def test_an_instrumental_asks_for_no_voice(world, client_for, place):
    generate(
        client_for(world.editor), place, mode="instrumental", revision="", voice_quality="full"
    )

    assert GenerationJob.objects.get().request["voice_quality"] == DEFAULT_VOICE_QUALITY


def test_the_song_page_offers_the_voice_its_current_version_asked_for(world, client_for, place):
    place["v2"].settings = {**place["v2"].settings, "voice_quality": "full"}
    place["v2"].save()

    page = client_for(world.editor).get(reverse("song", args=[place["song"].pk]))

    assert checked_voice(page.content.decode()) == "full"
