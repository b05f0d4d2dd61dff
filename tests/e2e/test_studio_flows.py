"""What a user does by clicking, in a real browser (flows 1, 2, 6, 7 of the studio)."""

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_up

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_user_signs_up_creates_a_project_and_writes_a_draft(new_page):
    page = new_page()
    sign_up(page, "mina")

    expect(page.get_by_role("heading", name="Start here")).to_be_visible()
    screenshot(page, "dashboard")
    page.get_by_label("Title").fill("Harbour Lights")
    page.get_by_label("Default style prompt").fill("folk waltz, female vocals")
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_role("heading", name="Harbour Lights")).to_be_visible()  # it opens

    page.get_by_text("New draft").click()
    page.get_by_label("Draft title").fill("First light")
    page.get_by_label("Lyrics (optional)").fill(
        "[Verse]\nLanterns on the water\nSwaying in the tide\n"
    )
    page.get_by_role("button", name="Create draft").click()

    expect(page.get_by_role("heading", name=re.compile("First light"))).to_be_visible()
    editor = page.get_by_role("textbox", name=re.compile("^Lyrics"))
    editor.fill(
        "[Verse]\nLanterns on the water\nSwaying with the tide\n\n[Chorus]\nHold the harbour light\n"
    )
    expect(page.locator("#aids li").nth(5)).to_have_text(
        "5"
    )  # the new chorus line, counted as typed
    page.get_by_label("What changed (optional)").fill("a chorus")
    page.get_by_role("button", name="Save as a new revision").click()
    expect(page.get_by_text("Saved as r2.")).to_be_visible()
    screenshot(page, "lyric-editor")

    page.get_by_label("Compare").select_option("1")
    page.get_by_label("with").select_option("2")
    page.get_by_role("button", name="Diff").click()
    expect(page.locator("tr.diff-add").first).to_contain_text("Swaying with the tide")
    expect(page.locator("tr.diff-remove")).to_contain_text("Swaying in the tide")
    page.go_back()

    page.get_by_role("link", name="r1", exact=True).click()
    page.get_by_role("button", name="Restore r1").click()
    expect(page.get_by_text("r1 restored as r3.")).to_be_visible()

    page.get_by_label("Comment").fill("Tide or water? Both are wet.")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator("#comments")).to_contain_text("Tide or water?")


def test_a_teammate_is_invited_and_a_viewer_cannot_edit(new_page, live_server):
    owner = new_page()
    sign_up(owner, "olga")
    owner.get_by_label("Title").fill("Shared Album")
    owner.get_by_role("button", name="Create project").click()
    expect(owner.get_by_role("heading", name="Shared Album")).to_be_visible()  # it opens
    viewer = new_page()
    sign_up(viewer, "vic")

    owner.goto("/teams/")
    owner.get_by_role("link", name="Members").first.click()
    owner.get_by_label("Username or email").fill("vic@example.com")
    owner.get_by_label("Role").select_option("viewer")
    owner.get_by_role("button", name="Invite").click()
    expect(owner.get_by_text("Invited vic as viewer.")).to_be_visible()
    screenshot(owner, "team-members")

    viewer.goto("/invitations/")
    viewer.get_by_role("button", name="Accept").click()
    expect(viewer.get_by_role("heading", name="olga's team")).to_be_visible()
    viewer.get_by_role("link", name="Shared Album").click()
    expect(viewer).to_have_url(re.compile(r"/projects/\d+/$"))
    expect(viewer.get_by_text("New draft")).to_have_count(0)
    expect(viewer.get_by_text("Generate a new song")).to_have_count(0)

    project_url = viewer.url
    refused = viewer.request.post(project_url + "drafts/new/", form={"title": "sneaky"})
    assert refused.status == 403


def test_an_api_key_is_shown_once_and_works_with_curl(new_page, live_server):
    page = new_page()
    sign_up(page, "ada")
    page.get_by_role("link", name="API keys").click()
    page.get_by_label("Key name").fill("laptop")
    page.get_by_role("button", name="Create key").click()

    key = page.get_by_label("New API key").input_value()
    curl_line = page.locator("#curl-line").inner_text()
    screenshot(page, "api-keys")
    assert key in curl_line
    me = httpx.get(
        f"{live_server.url}/api/v1/me/", headers={"Authorization": f"Bearer {key}"}, timeout=10
    )
    assert me.json()["username"] == "ada"
    page.reload()
    expect(page.get_by_label("New API key")).to_have_count(0)


def test_pages_fit_a_phone(new_page):
    page = new_page(width=390, height=844)
    sign_up(page, "phil")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "dashboard-phone")
