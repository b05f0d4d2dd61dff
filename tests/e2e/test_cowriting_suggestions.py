"""Suggestion mode in real browsers: a viewer proposes a new line, an editor in another browser
accepts it, the text changes and the viewer is told."""

import re

import pytest
from playwright.sync_api import expect

from songs.models import Project
from songs.services.drafts import draft_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SONG = "[Verse]\nRain on the window\nCity lights are low\n\n[Chorus]\nHold on to me\nHold on\n"


def log_in(page, username: str, *, team_id: int) -> None:
    """Signed in and working in `team` (a new account starts in a team of its own)."""
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name=f"Log out {username}")).to_be_attached()
    page.get_by_label("Team").select_option(str(team_id))
    expect(page.get_by_label("Team").locator("option[selected]")).to_have_attribute(
        "value", str(team_id)
    )


@pytest.fixture
def draft(world):
    project = Project.objects.create(team=world.team, title="Album", created_by=world.owner)
    return draft_create(
        actor=world.membership(world.owner), project=project, title="Rain", body=SONG
    )


def test_a_viewer_proposes_a_line_and_an_editor_accepts_it_in_another_browser(
    new_page, world, draft
):
    viewer = new_page()
    log_in(viewer, world.viewer.username, team_id=world.team.pk)
    viewer.goto(f"/drafts/{draft.pk}/")
    card = viewer.locator("#suggestions")
    card.get_by_label("Line to change (r1)").select_option("3")
    text = card.get_by_label("New text")
    expect(text).to_have_value("City lights are low")  # starts from the line as it reads
    text.fill("City lights burn slow")
    card.get_by_label("Why (optional)").fill("stronger verb")
    card.get_by_role("button", name="Suggest").click()
    expect(viewer.get_by_text("Suggestion sent")).to_be_visible()
    expect(card.locator("del")).to_have_text("City lights are low")
    expect(card.locator("ins")).to_have_text("City lights burn slow")
    expect(card.get_by_role("button", name="Accept")).to_have_count(0)

    editor = new_page()
    log_in(editor, world.editor.username, team_id=world.team.pk)
    editor.goto(f"/drafts/{draft.pk}/")
    suggestion = editor.locator("#suggestions article.suggestion")
    expect(suggestion).to_contain_text("victor on line 3")
    expect(suggestion).to_contain_text("stronger verb")
    suggestion.get_by_role("button", name="Accept").click()

    expect(editor.get_by_text("Suggestion accepted: the text is now r2.")).to_be_visible()
    body = editor.locator("textarea#id_body")
    expect(body).to_have_value(SONG.replace("City lights are low", "City lights burn slow"))
    newest = editor.locator(".history li").first  # r2, written by the viewer
    expect(newest).to_contain_text(re.compile(r"r2\s+victor\s+Written by hand"))
    expect(newest).to_contain_text("Suggestion by victor, accepted by edith")
    # The viewer, still on the page, hears of it at the notices' next poll (every 10 s).
    expect(viewer.locator(".toast")).to_contain_text(
        "Suggestion accepted: line 3 of Rain, by edith", timeout=15_000
    )
    viewer.reload()
    expect(viewer.locator('.lyric-lines li[data-line="3"] .lyric-text')).to_have_text(
        "City lights burn slow"
    )
    expect(viewer.locator("#suggestions")).to_contain_text("No open suggestions.")


def test_a_click_on_a_line_of_the_read_only_text_picks_it_for_a_suggestion(new_page, world, draft):
    viewer = new_page()
    log_in(viewer, world.viewer.username, team_id=world.team.pk)
    viewer.goto(f"/drafts/{draft.pk}/")
    viewer.locator('.lyric-lines li[data-line="6"] .lyric-text').click()

    card = viewer.locator("#suggestions")
    expect(card.get_by_label("Line to change (r1)")).to_have_value("6")
    expect(card.get_by_label("New text")).to_have_value("Hold on to me")
    expect(card.get_by_label("New text")).to_be_focused()
