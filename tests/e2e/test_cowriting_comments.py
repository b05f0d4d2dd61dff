"""Comments in the text, in a real browser: words selected in r1 stay marked in r3 after two
unrelated saves, and a mention reaches the teammate's notices."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_up

pytestmark = pytest.mark.django_db(transaction=True)

SONG = "[Verse]\nRain on the window\nCity lights are low\n\n[Chorus]\nHold on to me\n"


def start_a_draft_with_a_viewer(owner, viewer):
    sign_up(owner, "maya")
    owner.get_by_label("Title").fill("Harbour")
    owner.get_by_role("button", name="Create project").click()
    expect(owner.get_by_role("heading", name="Harbour")).to_be_visible()
    project_url = owner.url
    sign_up(viewer, "theo")
    owner.goto("/teams/")
    owner.get_by_role("link", name="Members").first.click()
    owner.get_by_label("Username or email").fill("theo@example.com")
    owner.get_by_label("Role").select_option("viewer")
    owner.get_by_role("button", name="Invite").click()
    expect(owner.get_by_text("Invited theo as viewer.")).to_be_visible()
    viewer.goto("/invitations/")
    viewer.get_by_role("button", name="Accept").click()
    expect(viewer.get_by_role("heading", name="maya's team")).to_be_visible()

    owner.goto(project_url)
    owner.get_by_text("New draft").click()
    owner.get_by_label("Draft title").fill("Window")
    owner.get_by_label("Lyrics (optional)").fill(SONG)
    owner.get_by_role("button", name="Create draft").click()
    expect(owner.get_by_role("heading", name=re.compile("Window"))).to_be_visible()


def save(page, body, number):
    page.locator("#id_body").fill(body)
    page.get_by_role("button", name="Save as a new revision").click()
    expect(page.get_by_text(f"Saved as r{number}.")).to_be_visible()


def test_words_commented_in_r1_stay_marked_in_r3_and_the_mention_reaches_the_teammate(new_page):
    owner, viewer = new_page(), new_page()
    start_a_draft_with_a_viewer(owner, viewer)
    draft_url = owner.url
    viewer.goto("/dashboard/")  # the viewer's notices poll from here on

    start = SONG.index("the window")
    owner.locator("#id_body").evaluate(
        "(area, [s, e]) => { area.focus(); area.setSelectionRange(s, e); }", [start, start + 10]
    )
    owner.get_by_role("button", name="Comment on the selection").click()
    expect(owner.locator("[data-comment-quote]")).to_have_text("On line 2: “the window”")
    expect(owner.get_by_label("Comment", exact=True)).to_be_focused()
    owner.get_by_label("Comment", exact=True).fill("@theo window or glass?")
    owner.get_by_role("button", name="Comment", exact=True).click()
    expect(owner.locator("#comments article")).to_contain_text("on line 2")

    save(owner, "[Intro]\nOoh\n\n" + SONG, 2)  # lines inserted above
    save(owner, "[Intro]\nOoh\n\n" + SONG.replace("Hold on to me", "Hold me close"), 3)

    marks = json.loads(owner.locator("#comment-marks").text_content())
    thread = marks[0]["thread"]
    assert marks == [
        {"line": 5, "thread": thread, "author": "maya", "excerpt": "@theo window or glass?"}
    ]
    expect(owner.locator(f"#comment-{thread}")).to_contain_text("on line 5")
    assert owner.locator("#id_body").input_value().split("\n")[4] == "Rain on the window"

    # The viewer was told (a notice, and the header's count), and reads r3 with the words marked.
    toast = viewer.locator(".toast-mention")
    expect(toast).to_contain_text("maya mentioned you", timeout=15_000)
    expect(viewer.locator("#notice-count .badge")).to_have_text("1")
    toast.get_by_role("link", name="Open").click()
    expect(viewer.locator(f"#comment-{thread}")).to_be_visible()
    expect(viewer.locator('li[data-line="5"] mark')).to_have_text("the window")

    # A viewer comments on words of the read-only text too.
    viewer.locator('li[data-line="6"] .lyric-text').evaluate(
        """(span) => {
            const range = document.createRange();
            range.setStart(span.firstChild, 0);
            range.setEnd(span.firstChild, 11);
            document.getSelection().removeAllRanges();
            document.getSelection().addRange(range);
        }"""
    )
    viewer.get_by_role("button", name="Comment on the selection").click()
    expect(viewer.locator("[data-comment-quote]")).to_have_text("On line 6: “City lights”")
    viewer.get_by_label("Comment", exact=True).fill("Brighter?")
    viewer.get_by_role("button", name="Comment", exact=True).click()
    expect(viewer.locator('li[data-line="6"] mark')).to_have_text("City lights")

    viewer.goto("/jobs/")  # seeing the notices
    expect(viewer.get_by_text("Mentioned you")).to_be_visible()
    viewer.goto(draft_url)
    expect(viewer.locator("#notice-count .badge")).to_have_count(0)
