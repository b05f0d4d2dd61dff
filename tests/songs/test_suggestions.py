"""Suggestion mode: a member proposes a new text for a line; the draft's editors accept it (a
revision by the proposer, merged with what changed since) or reject it; its author withdraws it.
Services, the draft page, the notices and the API."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.errors import ApplicationError, Conflict
from accounts.models import Membership
from accounts.services import api_key_create
from songs.models import LyricDraft, LyricSuggestion, Project
from songs.services.drafts import draft_create, lyric_revision_save
from songs.services.suggestions import (
    SuggestionConflict,
    suggestion_accept,
    suggestion_create,
    suggestion_reject,
    suggestion_withdraw,
)
from songs.suggestions import suggestion_list_open

pytestmark = pytest.mark.django_db

SONG = "[Verse]\nRain on the window\nCity lights are low\n\n[Chorus]\nHold on to me\nHold on\n"


@pytest.fixture
def draft(world):
    project = Project.objects.create(team=world.team, title="Album")
    return draft_create(
        actor=world.membership(world.owner), project=project, title="Rain", body=SONG
    )


def suggest(world, user, draft, line_number, text, *, number=None, note=""):
    revision = draft.revisions.get(number=number) if number else draft.current_revision
    return suggestion_create(
        actor=world.membership(user),
        revision=revision,
        line_number=line_number,
        text=text,
        note=note,
    )


def save(world, user, draft, base, body):
    return lyric_revision_save(
        actor=world.membership(user), draft=draft, base_number=base, body=body
    ).revision


def current_body(draft) -> str:
    return LyricDraft.objects.get(pk=draft.pk).current_revision.body


# --- services -------------------------------------------------------------------------------


def test_a_viewers_suggestion_accepted_by_an_editor_is_a_revision_by_the_viewer(draft, world):
    suggestion = suggest(world, world.viewer, draft, 3, "City lights burn slow", note="stronger")

    accepted = suggestion_accept(actor=world.membership(world.editor), suggestion=suggestion)

    revision = accepted.result_revision
    assert revision.body == SONG.replace("City lights are low", "City lights burn slow")
    assert revision.number == 2 and revision.author == world.viewer
    assert revision.source == "human"
    assert revision.message == "Suggestion by victor, accepted by edith"
    assert accepted.status == "accepted" and accepted.decided_by == world.editor
    assert accepted.decided_at is not None
    assert current_body(draft) == revision.body


def test_accepting_keeps_a_teammates_edit_saved_since_on_another_line(draft, world):
    suggestion = suggest(world, world.viewer, draft, 2, "Rain on the glass")
    save(world, world.owner, draft, 1, SONG.replace("Hold on\n", "Hold on, hold on\n"))

    accepted = suggestion_accept(actor=world.membership(world.editor), suggestion=suggestion)

    expected = SONG.replace("Rain on the window", "Rain on the glass").replace(
        "Hold on\n", "Hold on, hold on\n"
    )
    assert accepted.result_revision.body == expected  # every other line kept as it is now
    assert accepted.result_revision.number == 3
    assert accepted.result_revision.parent.number == 2


def test_a_suggestion_whose_line_changed_since_conflicts_and_stays_open(draft, world):
    suggestion = suggest(world, world.viewer, draft, 3, "City lights burn slow")
    save(world, world.owner, draft, 1, SONG.replace("City lights are low", "Street lights glow"))

    with pytest.raises(SuggestionConflict) as refused:
        suggestion_accept(actor=world.membership(world.editor), suggestion=suggestion)

    assert refused.value.status == 409
    assert "Line 3 of r1 was changed since (r2 by olivia)" in refused.value.message
    suggestion.refresh_from_db()
    assert suggestion.status == "open" and suggestion.result_revision is None
    assert draft.revisions.count() == 2
    assert "Street lights glow" in current_body(draft)


def test_an_empty_proposal_removes_the_line(draft, world):
    suggestion = suggest(world, world.editor, draft, 7, "")

    accepted = suggestion_accept(actor=world.membership(world.owner), suggestion=suggestion)

    assert accepted.result_revision.body == SONG.replace("Hold on\n", "")


def test_a_suggestion_on_an_older_revision_is_merged_into_the_current_text(draft, world):
    save(world, world.owner, draft, 1, SONG.replace("Hold on\n", "Hold on, hold on\n"))
    suggestion = suggest(world, world.viewer, draft, 2, "Rain on the glass", number=1)

    accepted = suggestion_accept(actor=world.membership(world.owner), suggestion=suggestion)

    assert "Rain on the glass" in accepted.result_revision.body
    assert "Hold on, hold on" in accepted.result_revision.body


@pytest.mark.parametrize(
    "line_number, text, note, field, words",
    [
        (0, "new", "", "line_number", "Line 0 is not in r1."),
        (8, "new", "", "line_number", "Line 8 is not in r1."),
        (2, "Rain on the window", "", "text", "That is what the line says already."),
        (2, "  Rain on the window ", "", "text", "That is what the line says already."),
        (2, "one line\nand another", "", "text", "write it on one line"),
        (2, "<<<<<<< theirs", "", "text", "may not start with a merge marker"),
        (2, "x" * 501, "", "text", "A line has at most 500 characters."),
        (2, "new", "n" * 301, "note", "A note has at most 300 characters."),
    ],
)
def test_a_suggestion_must_change_a_line_of_its_revision(
    draft, world, line_number, text, note, field, words
):
    with pytest.raises(ApplicationError) as refused:
        suggest(world, world.viewer, draft, line_number, text, note=note)

    assert refused.value.field == field and refused.value.status == 400
    assert words in refused.value.message
    assert not LyricSuggestion.objects.exists()


def test_a_proposal_that_differs_only_in_spaces_changes_nothing(world):
    project = Project.objects.create(team=world.team, title="Album")
    body = "Rain on the window  \n"
    draft = draft_create(actor=world.membership(world.owner), project=project, title="R", body=body)

    with pytest.raises(ApplicationError) as refused:
        suggest(world, world.viewer, draft, 1, "Rain on the window")

    assert refused.value.field == "text"


def test_a_suggestion_may_not_make_the_lyrics_too_long(world):
    project = Project.objects.create(team=world.team, title="Album")
    body = "la " * 6600 + "\nshort\n"  # 19 807 characters
    draft = draft_create(actor=world.membership(world.owner), project=project, title="L", body=body)

    with pytest.raises(ApplicationError) as refused:
        suggest(world, world.viewer, draft, 2, "x" * 400)

    assert refused.value.field == "text" and "at most 20000 characters" in refused.value.message


def test_viewers_may_not_accept_or_reject(draft, world):
    suggestion = suggest(world, world.viewer, draft, 2, "Rain on the glass")

    for decide in (suggestion_accept, suggestion_reject):
        with pytest.raises(ApplicationError) as refused:
            decide(actor=world.membership(world.viewer), suggestion=suggestion)
        assert refused.value.status == 403

    suggestion.refresh_from_db()
    assert suggestion.status == "open" and draft.revisions.count() == 1


def test_a_rejected_suggestion_changes_nothing_and_cannot_be_accepted_after(draft, world):
    suggestion = suggest(world, world.viewer, draft, 2, "Rain on the glass")

    rejected = suggestion_reject(actor=world.membership(world.editor), suggestion=suggestion)

    assert rejected.status == "rejected" and rejected.decided_by == world.editor
    with pytest.raises(Conflict) as refused:
        suggestion_accept(actor=world.membership(world.owner), suggestion=suggestion)
    assert refused.value.message == "This suggestion was already rejected."
    assert draft.revisions.count() == 1


def test_accepting_twice_says_it_was_accepted_even_once_the_line_changed(draft, world):
    suggestion = suggest(world, world.viewer, draft, 2, "Rain on the glass")
    suggestion_accept(actor=world.membership(world.editor), suggestion=suggestion)
    save(world, world.owner, draft, 2, SONG.replace("Rain on the window", "Rain on the roof"))

    with pytest.raises(Conflict) as refused:
        suggestion_accept(actor=world.membership(world.owner), suggestion=suggestion)

    assert refused.value.message == "This suggestion was already accepted."


def test_only_its_author_withdraws_a_suggestion(draft, world):
    suggestion = suggest(world, world.viewer, draft, 2, "Rain on the glass")

    with pytest.raises(ApplicationError) as refused:
        suggestion_withdraw(actor=world.membership(world.owner), suggestion=suggestion)
    assert refused.value.status == 403

    withdrawn = suggestion_withdraw(actor=world.membership(world.viewer), suggestion=suggestion)
    assert withdrawn.status == "withdrawn"
    with pytest.raises(Conflict):
        suggestion_withdraw(actor=world.membership(world.viewer), suggestion=suggestion)


@pytest.mark.django_db(transaction=True)
def test_two_editors_accepting_at_once_apply_the_suggestion_once(world):
    project = Project.objects.create(team=world.team, title="Album")
    draft = draft_create(
        actor=world.membership(world.owner), project=project, title="Rain", body=SONG
    )
    suggestion = suggest(world, world.viewer, draft, 2, "Rain on the glass")
    barrier = threading.Barrier(2)
    accepted, refused = [], []

    def accept(user):
        try:
            barrier.wait()
            fresh = LyricSuggestion.objects.get(pk=suggestion.pk)
            accepted.append(suggestion_accept(actor=world.membership(user), suggestion=fresh))
        except Conflict as error:
            refused.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (world.owner, world.editor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert len(accepted) == 1 and len(refused) == 1
    assert refused[0].message == "This suggestion was already accepted."
    assert draft.revisions.count() == 2
    assert current_body(draft) == SONG.replace("Rain on the window", "Rain on the glass")


def test_the_card_finds_each_open_line_in_the_current_text(draft, world):
    moved = suggest(world, world.viewer, draft, 6, "Hold me close")
    changed = suggest(world, world.viewer, draft, 3, "City lights burn slow")
    suggestion_reject(
        actor=world.membership(world.editor),
        suggestion=suggest(world, world.viewer, draft, 2, "Rain on the glass"),
    )
    body = SONG.replace("[Verse]\n", "[Intro]\nOoh\n\n[Verse]\n")
    body = body.replace("City lights are low", "Street lights glow")
    save(world, world.owner, draft, 1, body)
    draft.refresh_from_db()

    listed = suggestion_list_open(draft=draft, current=draft.current_revision)

    assert [(item.suggestion, item.line_now) for item in listed] == [(moved, 9), (changed, None)]


# --- pages ----------------------------------------------------------------------------------


def test_a_viewer_proposes_from_the_draft_page_and_sees_it_in_the_card(draft, world, client_for):
    viewer = client_for(world.viewer, world.team)
    page = viewer.get(reverse("draft", args=[draft.pk])).content.decode()
    assert f'action="{reverse("suggestion_create", args=[draft.pk])}"' in page
    assert 'data-text="City lights are low"' in page  # the shown revision's lines to pick from

    response = viewer.post(
        reverse("suggestion_create", args=[draft.pk]),
        {"revision": 1, "line_number": 3, "text": "City lights burn slow", "note": "stronger"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("draft", args=[draft.pk]) + "#suggestions"
    page = viewer.get(reverse("draft", args=[draft.pk])).content.decode()
    assert "<del>City lights are low</del>" in page
    assert "<ins>City lights burn slow</ins>" in page
    assert "on line 3" in page and "stronger" in page
    assert ">Withdraw</button>" in page and ">Accept</button>" not in page


def test_an_editor_accepts_from_the_page_and_the_text_changes(draft, world, client_for):
    suggestion = suggest(world, world.viewer, draft, 3, "City lights burn slow")
    editor = client_for(world.editor, world.team)
    page = editor.get(reverse("draft", args=[draft.pk])).content.decode()
    assert ">Accept</button>" in page and ">Reject</button>" in page
    assert "<summary>Suggest a change</summary>" in page

    response = editor.post(reverse("suggestion_accept", args=[draft.pk, suggestion.pk]))

    assert response.status_code == 302
    page = editor.get(reverse("draft", args=[draft.pk])).content.decode()
    assert "Suggestion accepted: the text is now r2." in page
    assert "City lights burn slow" in page and "No open suggestions." in page
    assert current_body(draft) == SONG.replace("City lights are low", "City lights burn slow")


def test_a_conflicting_accept_on_the_page_says_why_and_keeps_it_open(draft, world, client_for):
    suggestion = suggest(world, world.viewer, draft, 3, "City lights burn slow")
    save(world, world.owner, draft, 1, SONG.replace("City lights are low", "Street lights glow"))
    editor = client_for(world.editor, world.team)

    editor.post(reverse("suggestion_accept", args=[draft.pk, suggestion.pk]))

    page = editor.get(reverse("draft", args=[draft.pk])).content.decode()
    assert "was changed since (r2 by olivia)" in page
    assert "changed since</span>" in page and "<del>City lights are low</del>" in page


def test_the_proposal_page_opens_on_the_line_asked_for(draft, world, client_for):
    save(world, world.owner, draft, 1, SONG.replace("Hold on\n", "Hold on, hold on\n"))

    page = client_for(world.viewer, world.team).get(
        reverse("suggestion_create", args=[draft.pk]), {"r": 1, "line": 7}
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert '<option value="7" data-text="Hold on" selected>' in html  # on r1, as asked
    assert 'name="revision" value="1"' in html


def test_a_bad_line_from_the_page_is_refused_with_400_beside_the_field(draft, world, client_for):
    viewer = client_for(world.viewer, world.team)

    response = viewer.post(
        reverse("suggestion_create", args=[draft.pk]),
        {"revision": 1, "line_number": 42, "text": "new"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert '<p class="field-error" role="alert">Line 42 is not in r1.</p>' in page
    assert not LyricSuggestion.objects.exists()


def test_reject_and_withdraw_from_the_page(draft, world, client_for):
    rejected = suggest(world, world.viewer, draft, 2, "Rain on the glass")
    withdrawn = suggest(world, world.viewer, draft, 3, "City lights burn slow")

    client_for(world.editor, world.team).post(
        reverse("suggestion_reject", args=[draft.pk, rejected.pk])
    )
    client_for(world.viewer, world.team).post(
        reverse("suggestion_withdraw", args=[draft.pk, withdrawn.pk])
    )

    assert LyricSuggestion.objects.get(pk=rejected.pk).status == "rejected"
    assert LyricSuggestion.objects.get(pk=withdrawn.pk).status == "withdrawn"


def test_a_viewer_accepting_from_the_page_is_refused_with_403(draft, world, client_for):
    suggestion = suggest(world, world.viewer, draft, 2, "Rain on the glass")

    response = client_for(world.viewer, world.team).post(
        reverse("suggestion_accept", args=[draft.pk, suggestion.pk])
    )

    assert response.status_code == 403
    assert LyricSuggestion.objects.get(pk=suggestion.pk).status == "open"


def test_an_outsider_gets_404_from_the_suggestion_pages(draft, world, client_for):
    suggestion = suggest(world, world.viewer, draft, 2, "Rain on the glass")
    outsider = client_for(world.outsider)

    for name in ("suggestion_accept", "suggestion_reject", "suggestion_withdraw"):
        assert outsider.post(reverse(name, args=[draft.pk, suggestion.pk])).status_code == 404
    new = reverse("suggestion_create", args=[draft.pk])
    assert outsider.get(new).status_code == 404
    assert outsider.post(new, {"revision": 1, "line_number": 2, "text": "x"}).status_code == 404
    assert LyricSuggestion.objects.get(pk=suggestion.pk).status == "open"


# --- notices --------------------------------------------------------------------------------


def poll(client, since):
    return client.get(reverse("notices"), {"since": since.isoformat()}).content.decode()


def test_the_author_is_told_when_an_editor_decides_on_their_suggestion(draft, world, client_for):
    Membership.objects.filter(user=world.viewer).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    viewer = client_for(world.viewer, world.team)
    before = timezone.now() - timedelta(seconds=30)
    accepted = suggest(world, world.viewer, draft, 2, "Rain on the glass")
    rejected = suggest(world, world.viewer, draft, 3, "City lights burn slow")
    withdrawn = suggest(world, world.viewer, draft, 7, "Hold on tight")
    suggestion_accept(actor=world.membership(world.editor), suggestion=accepted)
    suggestion_reject(actor=world.membership(world.owner), suggestion=rejected)
    suggestion_withdraw(actor=world.membership(world.viewer), suggestion=withdrawn)

    body = poll(viewer, before)

    assert body.count('class="toast') == 2
    assert "Suggestion accepted:</strong>\n      line 2 of Rain, by edith" in body
    assert "Suggestion rejected:</strong>\n      line 3 of Rain, by olivia" in body
    assert reverse("draft", args=[draft.pk]) + "?r=2" in body  # opens the revision it became
    assert 'aria-label="2 unseen results"' in body
    own = suggest(world, world.editor, draft, 6, "Hold me close")
    suggestion_accept(actor=world.membership(world.editor), suggestion=own)
    assert 'class="toast' not in poll(client_for(world.editor, world.team), before)

    viewer.post(reverse("notices_seen"))
    assert 'class="toast' not in poll(viewer, before)


# --- API ------------------------------------------------------------------------------------


@pytest.fixture
def api_for(world):
    def make(user):
        _, raw = api_key_create(user=user, team=world.team, name="api")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return make


def test_a_viewer_proposes_over_the_api_and_an_editor_accepts(draft, world, api_for):
    save(world, world.owner, draft, 1, SONG.replace("Hold on\n", "Hold on, hold on\n"))
    viewer, editor = api_for(world.viewer), api_for(world.editor)
    url = reverse("api:suggestions", args=[draft.pk])

    made = viewer.post(
        url, {"revision": 1, "line_number": 2, "text": "Rain on the glass"}, format="json"
    )
    assert made.status_code == 201
    suggestion = made.json()
    assert suggestion["original_text"] == "Rain on the window"
    assert suggestion["author"] == "victor" and suggestion["status"] == "open"
    accept = reverse("api:suggestion_accept", args=[draft.pk, suggestion["id"]])
    assert viewer.post(accept).status_code == 403

    accepted = editor.post(accept)

    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted" and accepted.json()["result_revision"] == 3
    revision = editor.get(reverse("api:revision", args=[draft.pk, 3])).json()
    assert revision["author"] == "victor"
    assert revision["body"] == SONG.replace("Rain on the window", "Rain on the glass").replace(
        "Hold on\n", "Hold on, hold on\n"
    )
    listed = viewer.get(url, {"status": "accepted"}).json()
    assert [s["id"] for s in listed] == [suggestion["id"]]
    assert viewer.get(url, {"status": "open"}).json() == []


def test_a_suggestion_without_a_revision_is_on_the_current_one(draft, world, api_for):
    save(world, world.owner, draft, 1, "Only line\n")

    made = api_for(world.viewer).post(
        reverse("api:suggestions", args=[draft.pk]),
        {"line_number": 1, "text": "The only line"},
        format="json",
    )

    assert made.status_code == 201 and made.json()["revision"] == 2


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"line_number": 99, "text": "new"}, "line_number"),
        ({"line_number": 0, "text": "new"}, "line_number"),
        ({"line_number": 2, "text": "Rain on the window"}, "text"),
        ({"line_number": 2}, "text"),
        ({"line_number": 2, "text": "new", "colour": "red"}, "colour"),
    ],
)
def test_a_bad_suggestion_over_the_api_is_a_400_naming_the_field(
    draft, world, api_for, payload, field
):
    response = api_for(world.viewer).post(
        reverse("api:suggestions", args=[draft.pk]), payload, format="json"
    )

    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not LyricSuggestion.objects.exists()


def test_a_conflicting_accept_over_the_api_is_a_409_and_stays_open(draft, world, api_for):
    suggestion = suggest(world, world.viewer, draft, 3, "City lights burn slow")
    save(world, world.owner, draft, 1, SONG.replace("City lights are low", "Street lights glow"))

    response = api_for(world.editor).post(
        reverse("api:suggestion_accept", args=[draft.pk, suggestion.pk])
    )

    assert response.status_code == 409
    body = response.json()
    assert "Line 3 of r1 was changed since" in body["detail"]
    assert body["suggestion"]["status"] == "open"
    assert body["current"]["number"] == 2 and "Street lights glow" in body["current"]["body"]
    assert LyricSuggestion.objects.get(pk=suggestion.pk).status == "open"


def test_reject_and_withdraw_over_the_api(draft, world, api_for):
    rejected = suggest(world, world.viewer, draft, 2, "Rain on the glass")
    withdrawn = suggest(world, world.viewer, draft, 3, "City lights burn slow")
    viewer, editor = api_for(world.viewer), api_for(world.editor)

    assert (
        viewer.post(reverse("api:suggestion_reject", args=[draft.pk, rejected.pk])).status_code
        == 403
    )
    reply = editor.post(reverse("api:suggestion_reject", args=[draft.pk, rejected.pk]))
    assert reply.status_code == 200 and reply.json()["decided_by"] == "edith"
    assert (
        editor.post(reverse("api:suggestion_withdraw", args=[draft.pk, withdrawn.pk])).status_code
        == 403
    )
    reply = viewer.post(reverse("api:suggestion_withdraw", args=[draft.pk, withdrawn.pk]))
    assert reply.status_code == 200 and reply.json()["status"] == "withdrawn"
    again = viewer.post(reverse("api:suggestion_withdraw", args=[draft.pk, withdrawn.pk]))
    assert again.status_code == 409


def test_an_outsider_gets_404_over_the_api(draft, world):
    suggestion = suggest(world, world.viewer, draft, 2, "Rain on the glass")
    outsider = APIClient()
    outsider.force_authenticate(world.outsider)
    url = reverse("api:suggestions", args=[draft.pk])

    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"line_number": 2, "text": "x"}, format="json").status_code == 404
    for name in ("api:suggestion_accept", "api:suggestion_reject", "api:suggestion_withdraw"):
        assert outsider.post(reverse(name, args=[draft.pk, suggestion.pk])).status_code == 404
    assert LyricSuggestion.objects.get(pk=suggestion.pk).status == "open"
