"""The studio people come back to, in a real browser: the Songs page, a player bar that keeps
playing across pages with the lyrics in time, notices when work is done, and a phone's width."""

import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership, User
from songs.models import GenerationJob, Project, Song, SongVersion
from tests.e2e.conftest import screenshot, sign_up
from tests.songs.fakes import sine_wav

pytestmark = pytest.mark.django_db(transaction=True)

LRC = "".join(
    f"[00:{2 * i:02d}.00]<00:{2 * i:02d}.00>line <00:{2 * i + 1:02d}.00>{word}<00:{2 * i + 2:02d}.00>\n"
    for i, word in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight"])
)


def songs_of(username: str, titles: list[str]) -> list[Song]:
    """Songs of twenty seconds each in the user's own team, with synced lyrics."""
    user = User.objects.get(username=username)
    team = Membership.objects.get(user=user).team
    project = Project.objects.create(team=team, title="Demos", created_by=user)
    made = []
    for title in titles:
        song = Song.objects.create(project=project, title=title, created_by=user)
        version = SongVersion(
            song=song, number=1, prompt="warm folk", lyrics="[Verse]\nline one", lrc=LRC,
            format="wav", duration_ms=20000, sample_rate=24000, bitrate=768000, channels=2,
            size=0, created_by=user, peaks=[0.5] * 100,
        )  # fmt: skip
        version.audio.save(f"{title}.wav", ContentFile(sine_wav(20.0)), save=False)
        version.save()
        song.current_version, song.versions_made = version, 1
        song.save()
        made.append(song)
    return made


def playing(page) -> dict:
    return page.evaluate(
        "({paused: refrainPlayer.audio.paused, at: refrainPlayer.audio.currentTime,"
        " title: refrainPlayer.track && refrainPlayer.track.title})"
    )


def test_a_song_plays_from_the_library_and_keeps_playing_across_pages(new_page):
    page = new_page()
    sign_up(page, "lina")
    songs_of("lina", ["Harbour", "Drive"])

    page.get_by_role("link", name="Songs", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Songs in"))).to_be_visible()
    page.get_by_label("Search titles, lyrics and styles").fill("harb")
    expect(page.locator("#library-results tbody tr")).to_have_count(1)
    page.get_by_label("Search titles, lyrics and styles").fill("")
    expect(page.locator("#library-results tbody tr")).to_have_count(2)

    page.get_by_role("button", name="Play Drive").click()
    bar = page.get_by_role("region", name="Player")
    expect(bar).to_be_visible()
    expect(bar.get_by_role("link")).to_have_text(re.compile("Drive"))
    page.wait_for_function("refrainPlayer.audio.currentTime > 2.2")
    expect(bar.locator(".pb-lyrics")).to_contain_text("line")
    expect(bar.locator(".pb-lyrics .sung").first).to_be_visible()  # the word being sung
    screenshot(page, "library")

    page.get_by_role("link", name="Dashboard").click()
    expect(page).to_have_url(re.compile("/dashboard/$"))
    before = playing(page)
    page.wait_for_timeout(800)
    after = playing(page)
    assert not after["paused"] and after["at"] > before["at"] and after["title"] == "Drive"
    page.go_back()
    expect(page).to_have_url(re.compile(r"/songs/(\?.*)?$"))
    expect(bar).to_be_visible()
    assert not playing(page)["paused"]

    bar.get_by_role("button", name="Next in queue").click()
    expect(bar.get_by_role("link")).to_have_text(re.compile("Harbour"))
    bar.get_by_role("slider", name="Seek").focus()
    page.keyboard.press("End")
    assert playing(page)["at"] > 15


def test_a_finished_generation_is_noticed_on_whatever_page_is_open(new_page):
    page = new_page()
    sign_up(page, "noa")
    [song] = songs_of("noa", ["Lantern"])
    page.goto("/songs/")
    user = User.objects.get(username="noa")
    GenerationJob.objects.create(
        team=song.project.team, kind="music", status="succeeded", created_by=user, song=song,
        finished_at=timezone.now(), result={"version_id": song.current_version_id},
    )  # fmt: skip

    toast = page.get_by_role("alert").filter(has_text="Lantern")
    expect(toast).to_be_visible(timeout=15_000)
    expect(page.get_by_role("link", name=re.compile("Generations 1"))).to_be_visible()
    toast.get_by_role("button", name="▶ Play").click()
    expect(page.get_by_role("region", name="Player")).to_be_visible()
    toast.get_by_role("link", name="Open").click()
    expect(page).to_have_url(re.compile(r"/versions/\d+/$"))


def test_every_page_fits_a_phone_with_a_compact_header(new_page):
    page = new_page(width=390, height=844)
    sign_up(page, "phil")
    [song] = songs_of("phil", ["Tiny Screen"])
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] < 0.12 * 844  # one row: brand and the menu button

    for path in ["/dashboard/", "/songs/", f"/songs/{song.pk}/", f"/versions/{song.current_version_id}/",
                 "/covers/", "/jobs/", "/usage/", "/settings/api-keys/", "/teams/"]:  # fmt: skip
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")

        assert width <= 390, f"{path} is {width} px wide"
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("link", name="Songs", exact=True)).to_be_visible()
    screenshot(page, "song-phone")

    page.goto("/songs/")
    page.get_by_role("button", name="Play Tiny Screen").click()
    seek = page.get_by_role("region", name="Player").get_by_role("slider", name="Seek")
    expect(seek).to_be_visible()
    assert seek.bounding_box()["width"] > 300  # a seek bar a thumb can use
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def luminance(css_colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_dark_mode_follows_the_system_setting(new_page):
    page = new_page()
    page.emulate_media(color_scheme="dark")
    sign_up(page, "dora")
    songs_of("dora", ["Midnight"])
    page.goto("/songs/")

    colours = page.evaluate(
        "(() => { const s = getComputedStyle(document.body), c = getComputedStyle(document.querySelector('.card'));"
        " return {page: s.backgroundColor, ink: s.color, card: c.backgroundColor}; })()"
    )

    assert luminance(colours["page"]) < 0.15 and luminance(colours["card"]) < 0.2
    assert luminance(colours["ink"]) > 0.8  # light text on the dark page
    screenshot(page, "library-dark")
