"""Browser tests: Debian's Chromium driven by Playwright against a live server and a real worker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("REFRAIN_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
    # browser steps are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                # Any name but localhost is unknown to the browser: no lookup, no request.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class _RequestsInFlight:
    """How many requests the live server's threads are answering (Django's request signals; the
    test client's, in the main thread, are not counted: a streamed answer it never reads would
    never finish)."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()
        request_started.connect(self._started, weak=False)
        request_finished.connect(self._finished, weak=False)

    def _started(self, **_) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self._lock:
                self._count += 1

    def _finished(self, **_) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self._lock:
                self._count -= 1

    def wait_for_none(self, timeout_s: float = 10) -> None:
        deadline = time.monotonic() + timeout_s
        while self._count > 0 and time.monotonic() < deadline:
            time.sleep(0.02)


_in_flight = _RequestsInFlight()


@pytest.fixture
def new_page(browser, live_server):
    """A fresh browser context (its own cookies) per call: two people are two calls."""
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    # A page's last poll (presence, job progress) may still be in a server thread; the database
    # is emptied next, and PostgreSQL's TRUNCATE would deadlock with its transaction.
    _in_flight.wait_for_none()


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


# `manage.py qcluster` behind the tests' network tripwire (its job processes are forked from it).
WORKER = (
    "import sys; from tests import network; network.install(log_path=sys.argv[1]); "
    "import manage; sys.argv = ['manage.py', 'qcluster']; manage.main()"
)


@pytest.fixture
def worker(live_server, transactional_db, tmp_path):
    """A real django-q2 worker process on the test database; it may not reach off the machine."""
    env = os.environ | {
        "DATABASE_URL": _database_url(),
        "REFRAIN_WORKERS": "1",
        "Q_LOG_LEVEL": "WARNING",
    }
    tripped = tmp_path / "worker-tripwire.log"
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(tripped)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    if tripped.exists():
        attempts = tripped.read_text()
        pytest.fail(f"the worker tried to reach off the machine: {attempts}", pytrace=False)


def screenshot(page, name: str) -> None:
    """Keep a small PNG of a main page for the README (`REFRAIN_SCREENSHOTS=1 make test` renews
    them)."""
    if os.environ.get("REFRAIN_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def sign_up(page, username: str, password: str = "a long enough passphrase") -> None:
    page.goto("/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_role("button", name="Sign up").click()
