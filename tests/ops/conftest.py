"""A migrated SQLite database in a temporary var dir, for the processes the ops tests start."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WARMED_UP = '"worker warmed up"'


@pytest.fixture(scope="module")
def ops_env(tmp_path_factory) -> dict[str, str]:
    """The environment of a laptop install in a fresh var dir (never the test database)."""
    var_dir = tmp_path_factory.mktemp("var")
    env = os.environ | {
        "REFRAIN_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'refrain.sqlite3'}",
        "REFRAIN_WARM_UP_WORKERS": "1",
        "REFRAIN_WORKERS": "2",
        "LOG_LEVEL": "INFO",
    }
    # The numba cache stays the project's warm one (NUMBA_CACHE_DIR is set by now), not var_dir's.
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for command in (["migrate", "--noinput"], ["createcachetable"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=120)  # fmt: skip
    return env


def wait_for_text(log_path: Path, text: str, *, count: int = 1, timeout_s: float = 120) -> None:
    """Wait until a process's log holds `text` `count` times."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if log_path.read_text(errors="replace").count(text) >= count:
            return
        time.sleep(0.2)
    raise AssertionError(
        f"{text!r} x{count} not logged in {timeout_s} s:\n" + log_path.read_text()[-3000:]
    )
