"""Co-writing in the browser's terms: the merge view of a conflict, bodies with markers refused,
presence, news of a teammate's save, and merging it into unsaved text."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services import api_key_create
from songs.models import Project
from songs.services.drafts import draft_create, lyric_revision_save

pytestmark = pytest.mark.django_db

SONG = "[Verse]\nRain on the window\nCity lights are low\n\n[Chorus]\nHold on to me\n"
THEIRS = SONG.replace("City lights are low", "Street lights glow").replace("[Verse]", "[Intro]")
MINE = SONG.replace("City lights are low", "Neon so slow")


@pytest.fixture
def draft(world):
    project = Project.objects.create(team=world.team, title="Album")
    return draft_create(
        actor=world.membership(world.owner), project=project, title="Rain", body=SONG
    )


def save(world, user, draft, base, body):
    return lyric_revision_save(
        actor=world.membership(user), draft=draft, base_number=base, body=body
    )


def conflicting_save(world, client_for, draft):
    save(world, world.owner, draft, 1, THEIRS)
    client = client_for(world.editor)
    response = client.post(reverse("draft_save", args=[draft.pk]), {"base": 1, "body": MINE})
    return client, response


def resolve(client, draft, **fields):
    data = {"base": 2, "since": 1, "yours": MINE, "message": ""} | fields
    return client.post(reverse("draft_resolve", args=[draft.pk]), data, follow=True)


def test_a_conflict_shows_each_overlap_with_mine_theirs_and_the_base_and_no_markers(
    world, client_for, draft
):
    _, response = conflicting_save(world, client_for, draft)

    page = response.content.decode()
    assert response.status_code == 409
    assert "Overlap 1 of 1" in page
    assert 'data-side="mine">\nNeon so slow' in page
    assert 'data-side="theirs">\nStreet lights glow' in page
    assert 'data-side="base">\nCity lights are low' in page
    assert {"Keep mine", "Keep theirs", "Keep both (theirs, then mine)", "Edit"} <= set(
        label.split("> ", 1)[-1].strip() for label in page.split("</label>")
    )
    assert "&lt;&lt;&lt;&lt;&lt;&lt;&lt;" not in page and "<<<<<<<" not in page
    assert 'id="lyrics-form"' not in page  # the merge view stands in for the editor


@pytest.mark.parametrize(
    ("choice", "text", "line"),
    [
        ("mine", "", "Neon so slow\n"),
        ("both", "", "Street lights glow\nNeon so slow\n"),
        ("edit", "Neon lights glow", "Neon lights glow\n"),
    ],
)
def test_the_merge_view_saves_the_chosen_text_on_top_of_theirs(
    world, client_for, draft, choice, text, line
):
    client, _ = conflicting_save(world, client_for, draft)

    response = resolve(client, draft, **{"choice-0": choice, "text-0": text})

    draft.refresh_from_db()
    revision = draft.current_revision
    assert "Saved as r3." in response.content.decode()
    assert revision.number == 3 and revision.parent.number == 2
    assert revision.author == world.editor
    assert revision.body == f"[Intro]\nRain on the window\n{line}\n[Chorus]\nHold on to me\n"


def test_keeping_theirs_everywhere_saves_nothing_new(world, client_for, draft):
    client, _ = conflicting_save(world, client_for, draft)

    response = resolve(client, draft, **{"choice-0": "theirs"})

    draft.refresh_from_db()
    assert "Nothing changed since the last revision." in response.content.decode()
    assert draft.current_revision.number == 2


def test_a_merge_with_an_overlap_left_unchosen_is_refused_and_nothing_is_saved(
    world, client_for, draft
):
    client, _ = conflicting_save(world, client_for, draft)

    response = resolve(client, draft)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose what to keep for overlap 1 of 1." in page
    assert "Overlap 1 of 1" in page  # the merge view is back, with the writer's text in it
    draft.refresh_from_db()
    assert draft.current_revision.number == 2


def test_an_edit_that_keeps_markers_is_refused_with_the_choices_kept(world, client_for, draft):
    client, _ = conflicting_save(world, client_for, draft)

    response = resolve(client, draft, **{"choice-0": "edit", "text-0": "<<<<<<< theirs\nx\n"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "still holds a merge marker" in page
    assert 'value="edit" required checked' in page
    draft.refresh_from_db()
    assert draft.current_revision.number == 2


def test_a_merge_made_while_a_third_writer_saved_elsewhere_is_merged_with_theirs_too(
    world, client_for, draft
):
    client, _ = conflicting_save(world, client_for, draft)
    save(world, world.admin, draft, 2, THEIRS.replace("Hold on to me", "Hold me close"))

    resolve(client, draft, **{"choice-0": "mine"})

    draft.refresh_from_db()
    body = draft.current_revision.body
    assert draft.current_revision.number == 4
    assert "Neon so slow" in body and "Hold me close" in body and "[Intro]" in body


def test_the_editor_refuses_a_body_that_still_holds_conflict_markers(world, client_for, draft):
    body = SONG + "<<<<<<< theirs\nStreet lights glow\n=======\nNeon so slow\n>>>>>>> yours\n"

    response = client_for(world.editor).post(
        reverse("draft_save", args=[draft.pk]), {"base": 1, "body": body}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Line 7 still holds a merge marker" in page
    assert "Neon so slow" in page  # the text is still in the editor
    draft.refresh_from_db()
    assert draft.current_revision.number == 1


def test_the_api_refuses_a_body_with_markers_and_describes_each_overlap_of_a_409(world, draft):
    _, raw = api_key_create(user=world.editor, team=world.team, name="api")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = reverse("api:revisions", args=[draft.pk])
    save(world, world.owner, draft, 1, THEIRS)

    conflict = api.post(url, {"body": MINE}, format="json", HTTP_IF_MATCH='"r1"')
    marked = api.post(
        url, {"body": conflict.json()["merged_with_markers"]}, format="json", HTTP_IF_MATCH='"r2"'
    )

    assert conflict.status_code == 409
    assert conflict.json()["overlaps"] == [
        {
            "base": "City lights are low\n",
            "theirs": "Street lights glow\n",
            "yours": "Neon so slow\n",
        }
    ]
    assert marked.status_code == 400
    assert "merge marker" in str(marked.json())
    draft.refresh_from_db()
    assert draft.current_revision.number == 2


def presence(client, draft, **fields):
    return client.post(reverse("draft_presence", args=[draft.pk]), {"base": 1} | fields)


def test_presence_shows_who_has_the_draft_open_and_where_they_type(world, client_for, draft):
    presence(client_for(world.editor), draft, editing="1", section="Chorus")
    presence(client_for(world.viewer), draft, editing="1", section="Verse")

    page = presence(client_for(world.owner), draft).content.decode()

    assert 'title="olivia (you): reading"' in page
    assert "edith is editing the chorus" in page
    assert 'title="victor: reading"' in page  # a viewer reads, whatever their page says


def test_presence_answers_204_when_nothing_changed_since_the_last_answer(world, client_for, draft):
    client = client_for(world.editor)
    first = presence(client, draft)

    again = presence(client, draft, digest=first["X-Presence-Digest"])
    presence(client_for(world.owner), draft)
    changed = presence(client, draft, digest=first["X-Presence-Digest"])

    assert again.status_code == 204
    assert changed.status_code == 200 and "olivia" in changed.content.decode()


def test_a_teammates_save_is_news_with_a_merge_button_for_unsaved_text(world, client_for, draft):
    client = client_for(world.editor)
    save(world, world.owner, draft, 1, THEIRS)

    dirty = presence(client, draft, dirty="1").content.decode()
    clean = presence(client, draft, dirty="0").content.decode()
    current = presence(client, draft, base=2).content.decode()

    assert "<strong>r2</strong> saved by olivia" in dirty
    assert "2 lines in, 2 out since r1" in dirty
    assert "Merge into my text" in dirty
    assert "Show r2" in clean and "Merge into my text" not in clean
    assert "saved by" not in current


def test_a_teammates_save_merges_into_my_unsaved_text_before_i_save(world, client_for, draft):
    client = client_for(world.editor)
    url = reverse("draft_merge_preview", args=[draft.pk])
    save(world, world.owner, draft, 1, SONG.replace("[Verse]", "[Intro]"))

    merged = client.post(url, {"base": 1, "body": MINE}).json()
    overlapping = client.post(url, {"base": 1, "body": SONG.replace("[Verse]", "[Verse 1]")}).json()

    assert merged == {"base": 2, "body": MINE.replace("[Verse]", "[Intro]"), "overlaps": 0}
    assert overlapping["body"] is None and overlapping["overlaps"] == 1
    draft.refresh_from_db()
    assert draft.current_revision.number == 2  # nothing saved by a preview


def test_only_the_team_sees_presence_and_only_editors_merge(world, client_for, draft):
    merge_url = reverse("draft_merge_preview", args=[draft.pk])

    assert presence(client_for(world.outsider), draft).status_code == 404
    assert client_for(world.outsider).post(merge_url, {"base": 1}).status_code == 404
    assert client_for(world.viewer).post(merge_url, {"base": 1}).status_code == 403
    assert client_for(world.editor).post(merge_url, {"base": 9}).status_code == 400


def test_the_page_after_a_save_says_so_once_so_the_browser_forgets_the_kept_text(
    world, client_for, draft
):
    client = client_for(world.editor)

    saved = client.post(
        reverse("draft_save", args=[draft.pk]), {"base": 1, "body": MINE}, follow=True
    )
    later = client.get(reverse("draft", args=[draft.pk]))

    assert "data-just-saved" in saved.content.decode()
    assert "data-just-saved" not in later.content.decode()
