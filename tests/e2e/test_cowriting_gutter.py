"""The lyric gutter in a real browser: beside its line however the lines wrap, on a phone and on
a desk, in the editor and in the read-only text; saving from the keyboard; moving a section."""

import re

import pytest
from playwright.sync_api import expect

from songs.models import LyricDraft, Project
from songs.services.comments import lyric_comment_create
from songs.services.drafts import draft_create
from tests.e2e.test_share_flows import log_in

pytestmark = pytest.mark.django_db(transaction=True)

LONG = (
    "My shadow walks along beside me down the avenue of broken dreams and "
    "every window hums the song we used to sing"
)
SONG = (
    "[Verse 1]\n"
    "I walk alone at night\n"
    f"{LONG}\n"
    "I hold on to the light\n"
    "And dance around my death\n"
    "\n"
    "[Chorus]\n"
    "Rain on me\n"
    f"Set me free, {LONG.lower()}\n"
    "\n"
    "[Verse 2]\n"
    "Down the empty street\n"
    "The lanterns sway\n"
)
WIDTHS = [390, 1280]

# Where each line of the textarea starts, measured without the gutter's mirror: a twin textarea
# of the same width holds the lines before it and one more, and its scrollHeight says how tall
# they are. Returns [{line, gutter_top, line_top}] in viewport pixels, and whether any line wraps.
EDITOR_POSITIONS = """
() => {
  const area = document.querySelector("#lyrics-form textarea[name=body]");
  const style = getComputedStyle(area);
  const padTop = parseFloat(style.paddingTop), padBottom = parseFloat(style.paddingBottom);
  const lineHeight = parseFloat(style.lineHeight);
  const twin = document.createElement("textarea");
  twin.className = area.className;
  Object.assign(twin.style, {
    position: "absolute", visibility: "hidden", height: "0px", resize: "none",
    width: `${area.offsetWidth}px`,
    overflowY: area.scrollHeight > area.clientHeight ? "scroll" : "hidden",
  });
  area.parentElement.appendChild(twin);
  const lines = area.value.split("\\n");
  const contentTop = (n) => {
    twin.value = lines.slice(0, n - 1).concat(["x"]).join("\\n");
    return twin.scrollHeight - padTop - padBottom - lineHeight;
  };
  const rect = area.getBoundingClientRect();
  const entries = [...document.querySelectorAll("#aids .line-aids > li")];
  const rows = entries.map((entry, i) => ({
    line: i + 1,
    gutter_top: entry.getBoundingClientRect().top,
    line_top: rect.top + area.clientTop + padTop + contentTop(i + 1) - area.scrollTop,
  }));
  let wraps = false;
  for (let n = 1; n < lines.length; n++) {
    if (contentTop(n + 1) - contentTop(n) > lineHeight * 1.5) wraps = true;
  }
  twin.remove();
  return { rows, wraps, count: lines.length };
}
"""

READ_ONLY_POSITIONS = """
() => [...document.querySelectorAll(".lyric-lines > li")].map((li) => ({
  line: Number(li.dataset.line),
  gutter_top: li.querySelector(".gutter").getBoundingClientRect().top,
  line_top: li.querySelector(".lyric-text").getBoundingClientRect().top,
  rows: Math.round(li.querySelector(".lyric-text").getBoundingClientRect().height / 24),
}))
"""


@pytest.fixture
def draft(world):
    project = Project.objects.create(team=world.team, title="Album", created_by=world.owner)
    return draft_create(
        actor=world.membership(world.owner), project=project, title="Night", body=SONG
    )


def misaligned(rows: list[dict]) -> list[dict]:
    return [row for row in rows if abs(row["gutter_top"] - row["line_top"]) > 2]


def open_editor(new_page, world, draft, width):
    page = new_page(width=width, height=900)
    log_in(page, world.editor.username)
    page.goto(f"/drafts/{draft.pk}/")
    expect(page.locator("#aids.measured")).to_be_visible()
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_the_editors_gutter_stays_beside_wrapped_lines(new_page, world, draft, width):
    page = open_editor(new_page, world, draft, width)

    measured = page.evaluate(EDITOR_POSITIONS)
    assert measured["wraps"], "the long lines should wrap at this width"
    assert len(measured["rows"]) == len(SONG.splitlines())
    assert misaligned(measured["rows"]) == []

    # A long line typed at the top pushes everything down; the gutter follows once counted.
    editor = page.locator("#id_body")
    editor.press("Control+Home")
    editor.press_sequentially(f"{LONG}\n", delay=0)
    expect(page.locator("#aids .line-aids > li")).to_have_count(len(SONG.splitlines()) + 1)
    page.wait_for_timeout(100)
    assert misaligned(page.evaluate(EDITOR_POSITIONS)["rows"]) == []

    # A song longer than the box: a scrollbar narrows the lines, and scrolled, the gutter moves
    # with the text.
    editor.fill(SONG * 3)
    expect(page.locator("#aids .line-aids > li")).to_have_count(len((SONG * 3).splitlines()))
    scrolled = page.evaluate(
        "(() => { const area = document.querySelector('#id_body'); area.scrollTop = 200;"
        " return area.scrollHeight > area.clientHeight && area.scrollTop === 200; })()"
    )
    assert scrolled
    page.wait_for_timeout(100)
    assert misaligned(page.evaluate(EDITOR_POSITIONS)["rows"]) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_read_only_gutter_stays_beside_wrapped_lines(new_page, world, draft, width):
    page = new_page(width=width, height=900)
    log_in(page, world.viewer.username)
    page.goto(f"/drafts/{draft.pk}/")

    rows = page.evaluate(READ_ONLY_POSITIONS)

    assert [row["line"] for row in rows] == list(range(1, len(SONG.splitlines()) + 1))
    assert max(row["rows"] for row in rows) >= 2, "the long lines should wrap at this width"
    assert misaligned(rows) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_meter_warning_is_shown_in_words(new_page, world, draft):
    page = open_editor(new_page, world, draft, 1280)

    expect(page.locator("#meter-notes")).to_contain_text("is too long:")
    expect(page.locator("#aids .warn-line .warn").first).to_have_text("long")


def test_comment_marks_sit_in_the_gutter_of_their_line(new_page, world, draft):
    thread = lyric_comment_create(
        actor=world.membership(world.owner),
        revision=draft.current_revision,
        line_number=3,
        body="My shadow walks",
    )
    page = new_page(width=390, height=900)
    log_in(page, world.editor.username)
    page.goto(f"/drafts/{draft.pk}/")

    mark = page.locator("#aids .line-aids > li").nth(2).locator("a.comment-mark")
    expect(mark).to_have_attribute("href", f"#comment-{thread.pk}")
    expect(mark).to_have_attribute("title", f"{world.owner.username}: My shadow walks")
    assert misaligned(page.evaluate(EDITOR_POSITIONS)["rows"]) == []


def test_ctrl_s_saves_a_revision_and_the_skip_link_leads_to_the_editor(new_page, world, draft):
    page = open_editor(new_page, world, draft, 1280)

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the lyrics editor")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_body")).to_be_focused()
    page.locator("#id_body").press("End")
    page.locator("#id_body").press_sequentially(" tonight", delay=0)
    page.keyboard.press("Control+s")

    expect(page.get_by_text("Saved as r2.")).to_be_visible()
    draft = LyricDraft.objects.get(pk=draft.pk)
    assert draft.current_revision.body.startswith("[Verse 1] tonight\n")


def test_a_section_moved_with_the_buttons_is_saved_in_its_new_place(new_page, world, draft):
    page = open_editor(new_page, world, draft, 390)

    page.get_by_role("button", name="Move Chorus up").click()
    expect(page.locator("#id_body")).to_have_value(re.compile(r"^\[Chorus\]\nRain on me\n"))
    expect(page.locator("#section-aids li strong").first).to_have_text("Chorus")
    expect(page.get_by_role("button", name="Move Chorus down")).to_be_focused()
    assert misaligned(page.evaluate(EDITOR_POSITIONS)["rows"]) == []
    page.keyboard.press("Control+Enter")

    expect(page.get_by_text("Saved as r2.")).to_be_visible()
    body = LyricDraft.objects.get(pk=draft.pk).current_revision.body
    assert [line for line in body.splitlines() if line.startswith("[")] == [
        "[Chorus]",
        "[Verse 1]",
        "[Verse 2]",
    ]
    assert sorted(body.splitlines()) == sorted(SONG.splitlines())


def test_a_section_dragged_onto_another_takes_its_place(new_page, world, draft):
    page = open_editor(new_page, world, draft, 1280)
    sections = page.locator("#section-aids .section-list > li")

    sections.nth(2).drag_to(sections.nth(0))

    expect(page.locator("#id_body")).to_have_value(re.compile(r"^\[Verse 2\]\nDown the empty"))
    expect(sections.locator("strong")).to_have_text(["Verse 2", "Verse 1", "Chorus"])
    assert LyricDraft.objects.get(pk=draft.pk).current_revision.number == 1  # unsaved
