"""Two people on one draft, in two browsers: each sees the other, hears of the other's save within
seconds, merges it into unsaved text, resolves an overlap in the merge view, and loses no text to
a reload."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Membership, Role, Team, User
from songs.models import LyricDraft, Project
from songs.services.drafts import draft_create
from tests.e2e.conftest import sign_up

pytestmark = pytest.mark.django_db(transaction=True)

SONG = "[Verse]\nRain on the window\nCity lights are low\n\n[Chorus]\nHold on to me\n"


@pytest.fixture
def two_writers(new_page):
    maya, ben = new_page(), new_page()
    sign_up(maya, "maya")
    sign_up(ben, "ben")
    team = Team.objects.get(memberships__user__username="maya")
    Membership.objects.create(team=team, user=User.objects.get(username="ben"), role=Role.EDITOR)
    project = Project.objects.create(team=team, title="Album")
    membership = Membership.objects.get(team=team, user__username="maya")
    draft = draft_create(actor=membership, project=project, title="Rain", body=SONG)
    for page in (maya, ben):
        page.goto(f"/drafts/{draft.pk}/")
    return maya, ben, draft


def editor(page):
    return page.get_by_role("textbox", name=re.compile("^Lyrics"))


def current_body(draft) -> str:
    return LyricDraft.objects.get(pk=draft.pk).current_revision.body


def test_each_writer_sees_the_other_and_where_they_type(two_writers):
    maya, ben, _ = two_writers

    expect(maya.locator('.writer[title^="ben"]')).to_be_visible(timeout=5_000)
    expect(ben.locator('.writer[title^="maya"]')).to_be_visible(timeout=5_000)
    editor(ben).click()
    editor(ben).press("Control+End")  # the last line: the chorus
    editor(ben).press_sequentially("Hold on")

    expect(maya.locator(".doing")).to_have_text("ben is editing the chorus", timeout=5_000)


def test_a_save_by_one_is_news_to_the_other_within_five_seconds_and_merges_into_their_text(
    two_writers,
):
    maya, ben, draft = two_writers
    editor(ben).fill(SONG.replace("Hold on to me", "Hold on to me now"))

    editor(maya).fill(SONG.replace("Rain on the window", "Rain on the glass"))
    maya.get_by_role("button", name="Save as a new revision").click()
    expect(maya.get_by_text("Saved as r2.")).to_be_visible()

    expect(ben.locator(".news")).to_contain_text("r2 saved by maya", timeout=5_000)
    ben.get_by_role("button", name="Merge into my text").click()
    expect(ben.get_by_text("r2 is merged into your text")).to_be_visible()
    expect(editor(ben)).to_have_value(
        SONG.replace("Rain on the window", "Rain on the glass").replace("to me", "to me now")
    )
    ben.get_by_role("button", name="Save as a new revision").click()
    expect(ben.get_by_text("Saved as r3.")).to_be_visible()
    assert current_body(draft) == SONG.replace("window", "glass").replace("to me", "to me now")


def test_an_overlap_is_resolved_in_the_merge_view_into_the_chosen_text(two_writers):
    maya, ben, draft = two_writers
    editor(maya).fill(SONG.replace("City lights are low", "Street lights glow"))
    maya.get_by_role("button", name="Save as a new revision").click()
    expect(maya.get_by_text("Saved as r2.")).to_be_visible()

    editor(ben).fill(SONG.replace("City lights are low", "Neon so slow"))
    ben.get_by_role("button", name="Save as a new revision").click()
    expect(ben.get_by_role("heading", name="Someone saved while you were writing")).to_be_visible()
    ben.get_by_role("radio", name="Edit").check()
    ben.get_by_label("Your text for overlap 1").fill("Neon lights glow")
    expect(ben.locator("[data-merge-result]")).to_have_text(
        SONG.replace("City lights are low", "Neon lights glow")
    )
    ben.get_by_role("button", name="Save the merged text").click()

    expect(ben.get_by_text("Saved as r3.")).to_be_visible()
    assert current_body(draft) == SONG.replace("City lights are low", "Neon lights glow")
    assert "<<<<<<<" not in current_body(draft)


def test_unsaved_text_survives_a_reload_and_is_merged_when_saved(two_writers):
    maya, ben, draft = two_writers
    editor(ben).fill(SONG.replace("Hold on to me", "Hold me close"))
    editor(maya).fill(SONG.replace("[Verse]", "[Intro]"))
    maya.get_by_role("button", name="Save as a new revision").click()
    expect(maya.get_by_text("Saved as r2.")).to_be_visible()

    ben.reload()

    expect(ben.get_by_text(re.compile("Your unsaved text from .* is back"))).to_be_visible()
    expect(editor(ben)).to_have_value(SONG.replace("Hold on to me", "Hold me close"))
    ben.get_by_role("button", name="Save as a new revision").click()
    expect(ben.get_by_text("Saved as r3, merged with a teammate's changes.")).to_be_visible()
    assert current_body(draft) == SONG.replace("[Verse]", "[Intro]").replace("on to me", "me close")
    ben.reload()
    expect(ben.get_by_text(re.compile("is back"))).to_have_count(0)  # forgotten once saved
