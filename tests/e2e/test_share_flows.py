"""Sharing a version in a real browser: an editor makes the link, a stranger with no account
opens it and hears the song."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_editor_shares_a_version_and_a_stranger_hears_it_without_an_account(
    new_page, world, place
):
    place["v1"].peaks = [0.2, 0.6, 0.9, 0.4] * 50
    place["v1"].save()
    editor = new_page()
    log_in(editor, world.editor.username)
    editor.goto(f"/versions/{place['v1'].pk}/")
    editor.get_by_label("Expires").select_option(label="In 7 days")
    editor.get_by_label("Listeners may download it").check()
    editor.get_by_role("button", name="Make a share link").click()
    expect(editor.get_by_text("Anyone with the link can listen now")).to_be_visible()
    link = editor.get_by_label("Public link").input_value()
    assert re.fullmatch(r"http://localhost:\d+/s/[\w.-]+/", link), link
    expect(editor.get_by_label("Embed code")).to_have_value(re.compile(r"^<iframe src=\"http"))

    stranger = new_page(width=390, height=844)
    stranger.goto(link)

    expect(stranger).to_have_title("Rain · Refrain")
    expect(stranger.get_by_role("heading", name="Rain", exact=True)).to_be_visible()
    expect(stranger.get_by_role("heading", name="Lyrics")).to_be_visible()
    expect(stranger.locator("pre.lyrics")).to_have_text("[Verse]\nRain")
    audio = stranger.locator("audio")
    expect(audio).to_have_attribute("src", re.compile(r"^/s/.+/audio$"))
    # The player has the whole song: its length is known once its metadata loaded.
    stranger.wait_for_function("() => document.querySelector('audio').duration > 0.9")
    # The studio's waveform, drawn by its script and seeking the player, is there too.
    expect(stranger.locator("canvas.waveform")).to_have_attribute("data-ready", "1")
    expect(stranger.get_by_role("link", name="Download FLAC")).to_be_visible()
    assert stranger.evaluate("document.documentElement.scrollWidth") <= 390
    assert "Album" not in stranger.content()
    expect(stranger.get_by_role("link", name=re.compile("Log out"))).to_have_count(0)
