"""Generations in a real browser with a real worker: lyrics, a song with live progress, versions,
and a cover (flows 2-5 of the studio)."""

import io
import re

import numpy as np
import pytest
import soundfile
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_up

pytestmark = pytest.mark.django_db(transaction=True)

LYRICS = "[Verse]\nWalking down the city street tonight\nEvery window shining with a light\n\n[Chorus]\nHold on, hold on to me\n"


def start_project_with_draft(page, lyrics: str = LYRICS) -> None:
    page.get_by_label("Title").fill("Night Walk")
    page.get_by_label("Default style prompt").fill("upbeat pop, 112 bpm, in G major")
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_role("heading", name="Night Walk")).to_be_visible()  # it opens
    page.get_by_text("New draft").click()
    page.get_by_label("Draft title").fill("City")
    page.get_by_label("Lyrics (optional)").fill(lyrics)
    page.get_by_role("button", name="Create draft").click()


def wait_until_done(page) -> None:
    expect(page.locator(".job-status").first).to_have_text(re.compile("Done"), timeout=90_000)
    expect(page.get_by_role("progressbar").first).to_have_attribute("aria-valuenow", "100")


def wait_until_opened(page, path: str) -> None:
    """A job page opens its result by itself when the job is done."""
    expect(page).to_have_url(re.compile(path), timeout=90_000)


def test_the_generator_writes_lyrics_into_a_new_revision(new_page, worker):
    page = new_page()
    sign_up(page, "lyra")
    start_project_with_draft(page, lyrics="")

    page.get_by_label("Theme").fill("a soulful blues song about a rainy night")
    page.get_by_role("button", name="Write full song").click()
    wait_until_opened(page, r"/drafts/\d+/\?r=2")  # the new revision, without a click
    expect(page.get_by_label("Theme")).to_have_value("a soulful blues song about a rainy night")

    expect(page.locator("pre.lyrics, textarea.lyrics-input").first).to_contain_text("[Chorus]")
    expect(page.locator(".history")).to_contain_text("Written by the lyrics generator")


def test_a_song_is_generated_played_regenerated_compared_and_restored(new_page, worker):
    page = new_page()
    sign_up(page, "sol")
    start_project_with_draft(page)

    page.get_by_text(re.compile("Generate a song from r1")).click()
    page.get_by_role("button", name="Generate song").click()
    expect(page.get_by_role("heading", name="Song generation")).to_be_visible()
    screenshot(page, "job-progress")
    wait_until_opened(page, r"/versions/\d+/$")

    audio = page.locator("audio").first
    expect(audio).to_have_attribute("src", re.compile(r"/versions/\d+/audio"))
    duration = page.evaluate("""async () => { const a = document.querySelector('audio');
        if (a.readyState < 1) await new Promise(r => a.addEventListener('loadedmetadata', r, {once: true}));
        return a.duration; }""")
    assert duration > 5
    canvas = page.locator("canvas.waveform")
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.evaluate("document.querySelector('audio').currentTime") == pytest.approx(
        duration / 2, rel=0.1
    )
    screenshot(page, "version")

    page.locator(".crumbs a").last.click()  # back to the song
    expect(page).to_have_url(re.compile(r"/songs/\d+/$"))
    page.get_by_label("Style prompt").fill("dark rock, 140 bpm, in E minor")
    page.get_by_role("button", name="Generate a new version").click()
    wait_until_done(page)
    page.reload()
    expect(page.get_by_role("link", name="v2")).to_be_visible()
    page.get_by_role("button", name="Compare the two chosen").click()
    expect(page.locator("audio")).to_have_count(2)
    expect(page.locator("tr.changed").first).to_be_visible()
    screenshot(page, "compare")
    page.go_back()
    page.get_by_role("button", name="Make current").click()
    expect(page.get_by_text(re.compile(r"v1 is current again \(recorded as v3\)"))).to_be_visible()


def reference_recording() -> bytes:
    sample_rate_hz, seconds = 22050, 10.0
    t = np.arange(int(seconds * sample_rate_hz)) / sample_rate_hz
    audio = np.zeros_like(t)
    for beat in range(int(seconds * 2)):
        start, pitch = beat * 0.5, (392.0, 493.88, 587.33, 493.88)[beat % 4]
        audio += (
            0.3
            * np.where(t >= start, np.exp(-(t - start) * 5), 0)
            * np.sin(2 * np.pi * pitch * (t - start))
        )
    buffer = io.BytesIO()
    soundfile.write(buffer, audio, sample_rate_hz, format="WAV")
    return buffer.getvalue()


def test_a_recording_is_analysed_edited_and_covered(new_page, worker, tmp_path):
    page = new_page()
    sign_up(page, "cora")
    page.get_by_label("Title").fill("Covers")
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_role("heading", name="Covers", exact=True)).to_be_visible()  # it opens
    recording = tmp_path / "melody.wav"
    recording.write_bytes(reference_recording())

    page.get_by_role("link", name="Covers").first.click()
    page.get_by_label("Upload a recording").set_input_files(str(recording))
    page.get_by_role("button", name="Analyse").click()
    wait_until_opened(page, r"/covers/[0-9a-f]{32}/$")
    expect(page.locator(".segment").first).to_be_visible()
    screenshot(page, "cover-analysis")

    page.get_by_label("Lyrics to sing").fill(
        "[Verse]\nLittle light across the water\nShine until the morning comes"
    )
    page.get_by_label("New style").fill("a gentle folk song with acoustic guitar")
    page.get_by_role("button", name="Generate the cover").click()
    wait_until_opened(page, r"/versions/\d+/$")
    expect(page.get_by_text("Cover", exact=True).first).to_be_visible()
    expect(page.locator("audio")).to_have_attribute("src", re.compile(r"/versions/\d+/audio"))
