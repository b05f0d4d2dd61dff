"""The writing aids in the browser's terms: the gutter partial, the section list, the read-only
lines, and the endpoint that moves or duplicates a section of the editor's text."""

import json

import pytest
from django.urls import reverse

from songs.models import Project
from songs.services.drafts import draft_create

pytestmark = pytest.mark.django_db

SONG = (
    "[Verse 1]\n"
    "I walk alone at night\n"
    "The city holds its breath\n"
    "I hold on to the light\n"
    "And dance around my death\n"
    "\n"
    "[Chorus]\n"
    "Rain on me\n"
    "\n"
    "[Verse 2]\n"
    "Down the empty street\n"
    "My shadow walks along beside me down the avenue of broken dreams\n"
)


@pytest.fixture
def draft(world):
    project = Project.objects.create(team=world.team, title="Album")
    return draft_create(
        actor=world.membership(world.owner), project=project, title="Night", body=SONG
    )


def aids_for(client, body):
    return client.post(reverse("writing_aids"), {"body": body}).content.decode()


def test_the_gutter_gives_each_rhyming_line_its_letter(world, client_for):
    page = aids_for(client_for(world.editor), SONG)

    assert '<li>6 <b class="rhyme">A</b></li>' in page  # "night"
    assert '<li>6 <b class="rhyme">B</b></li>' in page  # "breath"
    assert "<li>3</li>" in page  # "Rain on me" rhymes with nothing in its chorus


def test_a_meter_warning_says_what_is_wrong_in_words(world, client_for):
    page = aids_for(client_for(world.editor), SONG)

    assert '<span class="warn" aria-hidden="true">long</span>' in page
    assert "is too long: 18 syllables where this verse sits at" in page
    assert 'hx-swap-oob="true"' in page


def test_the_section_list_compares_a_verse_with_its_sister(world, client_for):
    page = aids_for(client_for(world.editor), SONG)

    assert "Verse 2: 23 syllables, Verse 1 has 24" in page
    assert '<span class="scheme" title="Rhyme scheme">ABAB</span>' in page
    assert 'aria-label="Move Verse 1 up" disabled' in page
    assert 'aria-label="Move Verse 2 down" disabled' in page


def move(client, draft, **fields):
    return client.post(reverse("section_edit", args=[draft.pk]), {"body": SONG, **fields})


def test_an_editor_moves_a_section_and_gets_the_new_text(world, client_for, draft):
    response = move(client_for(world.editor), draft, op="move", index=2, to=0)

    assert response.status_code == 200
    body = json.loads(response.content)["body"]
    assert body.startswith("[Verse 2]\nDown the empty street\n")
    assert sorted(body.splitlines()) == sorted(SONG.splitlines())
    draft.refresh_from_db()
    assert draft.current_revision.body == SONG  # the writer saves it, the tool does not


def test_an_editor_duplicates_the_chorus(world, client_for, draft):
    response = move(client_for(world.editor), draft, op="duplicate", index=1)

    body = json.loads(response.content)["body"]
    assert body.count("[Chorus]\nRain on me\n") == 2


def test_a_section_that_is_not_there_is_a_400_that_names_the_field(world, client_for, draft):
    response = move(client_for(world.editor), draft, op="move", index=0, to=7)

    assert response.status_code == 400
    assert json.loads(response.content)["field"] == "to"


def test_a_move_without_a_destination_is_a_400(world, client_for, draft):
    response = move(client_for(world.editor), draft, op="move", index=0)

    assert response.status_code == 400
    assert json.loads(response.content) == {"field": "to", "message": "Say where the section goes."}


def test_a_viewer_may_not_rearrange_and_an_outsider_does_not_see_the_draft(
    world, client_for, draft
):
    assert move(client_for(world.viewer), draft, op="duplicate", index=0).status_code == 403
    assert move(client_for(world.outsider), draft, op="duplicate", index=0).status_code == 404


def test_a_viewer_reads_the_lyrics_line_by_line_with_the_gutter_in_each_line(
    world, client_for, draft
):
    page = client_for(world.viewer).get(reverse("draft", args=[draft.pk])).content.decode()

    assert page.count('<li data-line="') == len(SONG.splitlines())
    blank = '<li data-line="6"><span class="gutter"></span><span class="lyric-text"></span></li>'
    assert blank in page
    assert '<span class="lyric-text">I walk alone at night</span>' in page
    assert '<span class="meter-note">Meter: too long: 18 syllables' in page
    assert 'id="structure"' not in page  # the editing aids are for editors
    assert '<a class="skip-link" href="#lyrics">' in page


def test_an_editor_gets_the_section_list_and_a_skip_link_to_the_editor(world, client_for, draft):
    page = client_for(world.editor).get(reverse("draft", args=[draft.pk])).content.decode()

    assert 'id="structure"' in page
    assert "Verse 2: 23 syllables, Verse 1 has 24" in page
    assert '<a class="skip-link" href="#id_body">Skip to the lyrics editor</a>' in page
    assert 'class="lyric-lines"' not in page


def test_an_old_revision_is_read_only_even_for_an_editor(world, client_for, draft):
    client = client_for(world.editor)
    client.post(reverse("draft_save", args=[draft.pk]), {"base": 1, "body": "[Verse]\nnew\n"})

    page = client.get(reverse("draft", args=[draft.pk]) + "?r=1").content.decode()

    assert '<span class="lyric-text">I walk alone at night</span>' in page
    assert 'id="structure"' not in page
