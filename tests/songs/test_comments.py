"""Comments in the text: threads on words of a revision, shown on later revisions, replies,
resolving, @mentions in notices; the draft page and the API."""

import importlib
import json
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.errors import ApplicationError
from accounts.models import Membership
from songs.comment_threads import thread_list_for_revision
from songs.models import CommentMention, LyricComment, Project
from songs.services.comments import (
    lyric_comment_create,
    lyric_comment_resolve,
    mentioned_usernames,
)
from songs.services.drafts import draft_create, lyric_revision_save

pytestmark = pytest.mark.django_db

SONG = "[Verse]\nRain on the window\nCity lights are low\n\n[Chorus]\nHold on to me\nHold on\n"


@pytest.fixture
def draft(world):
    project = Project.objects.create(team=world.team, title="Album")
    return draft_create(
        actor=world.membership(world.owner), project=project, title="Rain", body=SONG
    )


def comment(world, who, revision, body="Window or glass?", **anchor):
    return lyric_comment_create(actor=world.membership(who), revision=revision, body=body, **anchor)


def save(world, draft, body):
    draft.refresh_from_db()
    base = draft.current_revision.number
    return lyric_revision_save(
        actor=world.membership(world.editor), draft=draft, base_number=base, body=body
    ).revision


def two_unrelated_saves(world, draft):
    """r2 adds an intro above, r3 changes the chorus: line 2 of r1 is line 5 of r3."""
    save(world, draft, "[Intro]\nOoh\n\n" + SONG)
    return save(world, draft, "[Intro]\nOoh\n\n" + SONG.replace("Hold on to me", "Hold me"))


# --- services ---------------------------------------------------------------------------------


def test_comments_anchor_to_a_line_take_replies_and_resolve(draft, world):
    revision = draft.current_revision
    root = lyric_comment_create(
        actor=world.membership(world.viewer),
        revision=revision,
        line_number=2,
        body="Window or glass?",
    )
    reply = lyric_comment_create(
        actor=world.membership(world.editor),
        revision=revision,
        line_number=99,
        body="Glass scans better",
        parent=root,
    )

    resolved = lyric_comment_resolve(actor=world.membership(world.editor), comment=reply)

    assert reply.line_number == 2
    assert reply.parent == root
    assert resolved == root
    assert resolved.resolved_by == world.editor


def test_a_comment_must_point_at_a_line_of_the_revision(draft, world):
    with pytest.raises(ApplicationError) as error:
        lyric_comment_create(
            actor=world.membership(world.editor),
            revision=draft.current_revision,
            line_number=50,
            body="?",
        )

    assert error.value.field == "line_number"


def test_a_comment_on_selected_words_keeps_their_line_columns_and_quote(draft, world):
    made = comment(
        world, world.viewer, draft.current_revision, line_number=2, start_col=8, end_col=18
    )

    assert (made.line_number, made.start_col, made.end_col) == (2, 8, 18)
    assert made.quote == "the window"


def test_a_comment_without_a_selection_is_about_the_whole_line(draft, world):
    made = comment(world, world.viewer, draft.current_revision, line_number=3)

    assert (made.start_col, made.end_col, made.quote) == (0, 19, "City lights are low")


def test_a_quote_the_line_does_not_read_is_refused_naming_the_quote(draft, world):
    with pytest.raises(ApplicationError) as error:
        comment(
            world,
            world.viewer,
            draft.current_revision,
            line_number=2,
            start_col=0,
            end_col=4,
            quote="Snow",
        )

    assert error.value.field == "quote"


def test_a_reply_joins_its_thread_whatever_revision_is_shown(draft, world):
    r1 = draft.current_revision
    root = comment(world, world.viewer, r1, line_number=2, start_col=8, end_col=18)
    r3 = two_unrelated_saves(world, draft)

    reply = comment(world, world.editor, r3, body="Glass", parent=root)

    assert reply.parent == root and reply.revision == r1 and reply.quote == "the window"


def test_a_reply_to_a_thread_of_another_draft_is_refused(draft, world):
    other = draft_create(
        actor=world.membership(world.owner), project=draft.project, title="Other", body=SONG
    )
    root = comment(world, world.viewer, other.current_revision, line_number=2)

    with pytest.raises(ApplicationError) as error:
        comment(world, world.editor, draft.current_revision, body="?", parent=root)

    assert error.value.field == "parent"


def test_a_viewer_resolves_only_threads_they_started(draft, world):
    theirs = comment(world, world.editor, draft.current_revision, line_number=2)

    with pytest.raises(ApplicationError) as error:
        lyric_comment_resolve(actor=world.membership(world.viewer), comment=theirs)

    assert error.value.status == 403


@pytest.mark.parametrize(
    "body, names",
    [
        ("@edith what do you think?", {"edith"}),
        ("Ask @edith.", {"edith"}),
        ("@edith, @victor: glass?", {"edith", "victor"}),
        ("mail me at olivia@example.com", set()),
        ("just an @ sign", set()),
    ],
)
def test_mentions_are_the_names_written_after_an_at_sign(body, names):
    assert mentioned_usernames(body) == names


def test_a_mention_of_a_teammate_notifies_them_and_nobody_else(draft, world):
    made = comment(
        world, world.viewer, draft.current_revision, "@edith @oscar @victor glass?", line_number=2
    )

    # oscar is no member of the team, victor wrote it: only edith is told.
    assert [m.user for m in CommentMention.objects.filter(comment=made)] == [world.editor]


def test_a_mention_in_a_reply_notifies_too(draft, world):
    root = comment(world, world.viewer, draft.current_revision, line_number=2)

    reply = comment(world, world.owner, draft.current_revision, "@victor agreed", parent=root)

    assert CommentMention.objects.get(comment=reply).user == world.viewer


def test_comments_made_before_anchors_quote_their_whole_line(draft, world):
    made = comment(world, world.viewer, draft.current_revision, line_number=3, end_col=4)
    LyricComment.objects.filter(pk=made.pk).update(start_col=0, end_col=0, quote="")
    migration = importlib.import_module("songs.migrations.0011_comment_anchors")

    migration.quote_whole_lines(apps, None)

    made.refresh_from_db()
    assert (made.start_col, made.end_col, made.quote) == (0, 19, "City lights are low")


# --- threads on another revision --------------------------------------------------------------


def test_a_thread_made_on_r1_sits_on_the_same_words_of_r3_after_unrelated_edits(draft, world):
    comment(world, world.viewer, draft.current_revision, line_number=2, start_col=8, end_col=18)
    r3 = two_unrelated_saves(world, draft)

    [thread] = thread_list_for_revision(draft=draft, revision=r3)

    anchor = thread.anchor
    assert (anchor.line_number, anchor.start_col, anchor.end_col) == (5, 8, 18)
    assert r3.body.splitlines()[4][anchor.start_col : anchor.end_col] == "the window"


def test_a_thread_whose_words_are_gone_is_orphaned_since_that_revision(draft, world):
    comment(world, world.viewer, draft.current_revision, line_number=2, start_col=8, end_col=18)
    save(world, draft, SONG.replace("the window", "the glass"))  # r2
    save(world, draft, "[Intro]\n" + SONG.replace("the window", "the glass"))  # r3
    r4 = save(world, draft, "[Intro]\n" + SONG.replace("the window", "the glass") + "End\n")

    [thread] = thread_list_for_revision(draft=draft, revision=r4)

    assert thread.orphaned and thread.gone_in == 2


def test_a_thread_on_words_written_later_is_not_in_an_earlier_revision(draft, world, client_for):
    r2 = save(world, draft, SONG + "Sea and salt\n")
    comment(world, world.viewer, r2, line_number=8)

    page = client_for(world.viewer, world.team).get(reverse("draft", args=[draft.pk]), {"r": 1})

    assert "The words this was about are not in r1." in page.content.decode()


def test_threads_are_filtered_open_or_resolved(draft, world):
    r1 = draft.current_revision
    comment(world, world.viewer, r1, "open one", line_number=2)
    done = comment(world, world.viewer, r1, "done one", line_number=3)
    lyric_comment_resolve(actor=world.membership(world.editor), comment=done)

    def bodies(status):
        threads = thread_list_for_revision(draft=draft, revision=r1, status=status)
        return [t.root.body for t in threads]

    assert bodies("open") == ["open one"]
    assert bodies("resolved") == ["done one"]
    assert bodies("all") == ["open one", "done one"]


# --- the draft page ---------------------------------------------------------------------------


def test_the_read_only_text_marks_the_words_a_thread_is_about_on_a_later_revision(
    draft, world, client_for
):
    made = comment(
        world, world.editor, draft.current_revision, line_number=2, start_col=8, end_col=18
    )
    two_unrelated_saves(world, draft)

    page = client_for(world.viewer, world.team).get(reverse("draft", args=[draft.pk]))

    html = page.content.decode()
    line_5 = re.search(r'<li data-line="5".*?<span class="lyric-text">(.*?)</span>', html)
    assert line_5.group(1) == f'Rain on <mark data-thread="{made.pk}">the window</mark>'
    assert f'id="comment-{made.pk}"' in html and "on line 5" in html


def test_the_editor_page_gives_the_gutter_its_marks_as_json(draft, world, client_for):
    made = comment(world, world.viewer, draft.current_revision, "Glass? It scans", line_number=2)
    resolved = comment(world, world.viewer, draft.current_revision, "Done", line_number=3)
    lyric_comment_resolve(actor=world.membership(world.editor), comment=resolved)
    two_unrelated_saves(world, draft)

    page = client_for(world.editor, world.team).get(reverse("draft", args=[draft.pk]))

    found = re.search(
        r'<script id="comment-marks" type="application/json">(.*?)</script>',
        page.content.decode(),
    )
    assert json.loads(found.group(1)) == [
        {"line": 5, "thread": made.pk, "author": "victor", "excerpt": "Glass? It scans"}
    ]


def test_the_page_lists_open_threads_unless_asked_for_resolved_or_all(draft, world, client_for):
    comment(world, world.viewer, draft.current_revision, "still open", line_number=2)
    done = comment(world, world.viewer, draft.current_revision, "all done", line_number=3)
    lyric_comment_resolve(actor=world.membership(world.editor), comment=done)
    client = client_for(world.viewer, world.team)
    url = reverse("draft", args=[draft.pk])

    def shown(query):
        html = client.get(url, query).content.decode()
        return "<p>still open</p>" in html, "<p>all done</p>" in html  # the threads' bodies

    assert shown({}) == (True, False)
    assert shown({"comments": "resolved"}) == (False, True)
    assert shown({"comments": "all"}) == (True, True)


def test_an_orphaned_thread_is_listed_as_such_with_its_quote(draft, world, client_for):
    comment(world, world.viewer, draft.current_revision, line_number=2, start_col=8, end_col=18)
    save(world, draft, SONG + "More\n")
    save(world, draft, SONG.replace("the window", "the glass") + "More\n")

    html = client_for(world.viewer, world.team).get(reverse("draft", args=[draft.pk]))

    page = html.content.decode()
    assert "The words this was about are gone since r3." in page
    assert "“the window”" in page
    assert "<mark" not in page


def test_commenting_from_the_page_on_selected_words_opens_the_thread(draft, world, client_for):
    client = client_for(world.viewer, world.team)

    response = client.post(
        reverse("comment_create", args=[draft.pk, 1]),
        {"line_number": 2, "start_col": 8, "end_col": 18, "quote": "the window", "body": "Glass?"},
    )

    made = draft.current_revision.comments.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?r=1#comment-{made.pk}")
    assert made.quote == "the window"


def test_without_a_selection_the_line_picker_comments_on_the_whole_line(draft, world, client_for):
    client_for(world.viewer, world.team).post(
        reverse("comment_create", args=[draft.pk, 1]), {"line_number": 3, "body": "Low?"}
    )

    assert draft.current_revision.comments.get().quote == "City lights are low"


def test_words_the_line_does_not_read_are_refused_on_the_page_with_400(draft, world, client_for):
    response = client_for(world.viewer, world.team).post(
        reverse("comment_create", args=[draft.pk, 1]),
        {"line_number": 2, "start_col": 0, "end_col": 4, "quote": "Snow", "body": "?"},
    )

    assert response.status_code == 400
    assert "Line 2 does not read “Snow” there" in response.content.decode()
    assert not draft.current_revision.comments.exists()


def test_a_reply_from_a_later_revision_joins_the_thread(draft, world, client_for):
    root = comment(world, world.viewer, draft.current_revision, line_number=2)
    r3 = two_unrelated_saves(world, draft)

    response = client_for(world.editor, world.team).post(
        reverse("comment_create", args=[draft.pk, r3.number]),
        {"parent": root.pk, "line_number": 5, "body": "Glass"},
    )

    assert response["Location"].endswith(f"?r=3#comment-{root.pk}")
    assert root.replies.get().body == "Glass"


def test_an_outsider_can_neither_comment_nor_resolve(draft, world, client_for):
    root = comment(world, world.viewer, draft.current_revision, line_number=2)
    client = client_for(world.outsider)

    created = client.post(
        reverse("comment_create", args=[draft.pk, 1]), {"line_number": 2, "body": "hi"}
    )
    resolved = client.post(reverse("comment_resolve", args=[draft.pk, root.pk]))

    assert (created.status_code, resolved.status_code) == (404, 404)


def test_a_viewer_is_offered_to_resolve_only_the_threads_they_started(draft, world, client_for):
    theirs = comment(world, world.editor, draft.current_revision, line_number=2)
    mine = comment(world, world.viewer, draft.current_revision, line_number=3)

    page = client_for(world.viewer, world.team).get(reverse("draft", args=[draft.pk]))

    html = page.content.decode()
    assert reverse("comment_resolve", args=[draft.pk, mine.pk]) in html
    assert reverse("comment_resolve", args=[draft.pk, theirs.pk]) not in html


def test_resolving_from_a_revision_shown_comes_back_to_it(draft, world, client_for):
    root = comment(world, world.viewer, draft.current_revision, line_number=2)
    two_unrelated_saves(world, draft)

    response = client_for(world.editor, world.team).post(
        reverse("comment_resolve", args=[draft.pk, root.pk]), {"resolved": "1", "r": "2"}
    )

    root.refresh_from_db()
    assert root.resolved_at is not None
    assert response["Location"].endswith(f"?r=2#comment-{root.pk}")


# --- mentions in the notices ------------------------------------------------------------------


def test_a_mention_shows_in_the_teammates_notices_until_they_have_seen_them(
    draft, world, client_for
):
    Membership.objects.filter(user=world.editor).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    before = timezone.now() - timedelta(seconds=30)
    root = comment(world, world.viewer, draft.current_revision, "@edith glass?", line_number=2)
    edith = client_for(world.editor, world.team)

    poll = edith.get(reverse("notices"), {"since": before.isoformat()}).content.decode()
    header = edith.get(reverse("dashboard")).content.decode()
    generations = edith.get(reverse("jobs")).content.decode()  # seeing the list is seeing them
    after = edith.get(reverse("dashboard")).content.decode()

    thread_url = reverse("draft", args=[draft.pk]) + f"?comments=all#comment-{root.pk}"
    assert "victor mentioned you" in poll and thread_url.replace("&", "&amp;") in poll
    assert 'aria-label="1 unseen result"' in header
    assert "Mentioned you" in generations and "@edith glass?" in generations
    assert 'aria-label="1 unseen result"' not in after


def test_a_mention_is_no_notice_for_whoever_wrote_it_or_another_team(draft, world, client_for):
    before = timezone.now() - timedelta(seconds=30)
    comment(world, world.viewer, draft.current_revision, "@victor @oscar", line_number=2)

    for user in (world.viewer, world.outsider):
        poll = client_for(user).get(reverse("notices"), {"since": before.isoformat()})
        assert "mentioned you" not in poll.content.decode()


# --- the API ----------------------------------------------------------------------------------


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_lists_a_revisions_comments_with_their_anchors_there(draft, world):
    root = comment(
        world, world.viewer, draft.current_revision, line_number=2, start_col=8, end_col=18
    )
    comment(world, world.editor, draft.current_revision, "Glass", parent=root)
    comment(world, world.viewer, draft.current_revision, "Low?", line_number=3, end_col=4)
    r3 = two_unrelated_saves(world, draft)
    save(world, draft, r3.body.replace("City", "Town"))  # r4

    rows = api_as(world.viewer).get(reverse("api:comments", args=[draft.pk, 3])).json()
    on_r4 = api_as(world.viewer).get(reverse("api:comments", args=[draft.pk, 4])).json()

    assert [(r["body"], r["revision"], r["line_number"], r["quote"]) for r in rows] == [
        ("Window or glass?", 1, 5, "the window"),
        ("Glass", 1, 5, "the window"),
        ("Low?", 1, 6, "City"),
    ]
    assert [(r["orphaned"], r["line_number"], r["start_col"]) for r in on_r4] == [
        (False, 5, 8),
        (False, 5, 8),
        (True, None, None),
    ]


def test_the_api_lists_the_drafts_threads_on_its_current_text_by_status(draft, world):
    comment(world, world.viewer, draft.current_revision, "open", line_number=2)
    done = comment(world, world.viewer, draft.current_revision, "done", line_number=3)
    lyric_comment_resolve(actor=world.membership(world.editor), comment=done)
    two_unrelated_saves(world, draft)
    url = reverse("api:draft_comments", args=[draft.pk])
    client = api_as(world.viewer)

    def listed(query):
        return [(r["body"], r["line_number"]) for r in client.get(url, query).json()]

    assert listed({}) == [("open", 5)]
    assert listed({"status": "resolved"}) == [("done", 6)]
    assert listed({"status": "all"}) == [("open", 5), ("done", 6)]
    assert client.get(url, {"status": "closed"}).json()["field"] == "status"


def test_a_viewer_comments_on_words_over_the_api(draft, world):
    response = api_as(world.viewer).post(
        reverse("api:comments", args=[draft.pk, 1]),
        {"line_number": 2, "start_col": 8, "end_col": 18, "quote": "the window", "body": "Glass?"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json() | {"id": 0, "created_at": None} == {
        "id": 0,
        "revision": 1,
        "line_number": 2,
        "start_col": 8,
        "end_col": 18,
        "quote": "the window",
        "orphaned": False,
        "parent_id": None,
        "body": "Glass?",
        "author": "victor",
        "created_at": None,
        "resolved_at": None,
    }


@pytest.mark.parametrize(
    "anchor, field",
    [
        ({"line_number": 40}, "line_number"),
        ({"line_number": 2, "start_col": 3, "end_col": 99}, "end_col"),
        ({"line_number": 2, "start_col": 0, "end_col": 4, "quote": "Snow"}, "quote"),
        ({"line_number": 2, "start_col": -1}, "start_col"),
    ],
)
def test_an_anchor_off_the_text_is_refused_over_the_api_naming_the_field(
    draft, world, anchor, field
):
    response = api_as(world.viewer).post(
        reverse("api:comments", args=[draft.pk, 1]), anchor | {"body": "?"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["field"] == field


def test_an_outsider_gets_404_from_the_comment_api(draft, world):
    root = comment(world, world.viewer, draft.current_revision, line_number=2)
    client = api_as(world.outsider)

    assert client.get(reverse("api:draft_comments", args=[draft.pk])).status_code == 404
    assert client.get(reverse("api:comments", args=[draft.pk, 1])).status_code == 404
    posted = client.post(reverse("api:comments", args=[draft.pk, 1]), {"body": "hi"}, format="json")
    resolved = client.post(reverse("api:comment_resolve", args=[draft.pk, root.pk]))
    assert (posted.status_code, resolved.status_code) == (404, 404)


def test_a_reply_and_a_resolve_over_the_api_answer_with_the_thread_on_the_later_text(draft, world):
    root = comment(
        world, world.viewer, draft.current_revision, line_number=2, start_col=8, end_col=18
    )
    two_unrelated_saves(world, draft)
    client = api_as(world.editor)

    reply = client.post(
        reverse("api:comments", args=[draft.pk, 3]),
        {"parent": root.pk, "body": "Glass"},
        format="json",
    ).json()
    resolved = client.post(reverse("api:comment_resolve", args=[draft.pk, root.pk])).json()

    assert (reply["parent_id"], reply["revision"], reply["line_number"]) == (root.pk, 1, 5)
    assert (resolved["id"], resolved["line_number"], resolved["start_col"]) == (root.pk, 5, 8)
    assert resolved["resolved_at"] is not None
