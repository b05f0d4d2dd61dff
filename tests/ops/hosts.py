"""Worker hosts on one machine: `manage.py qcluster` processes that share nothing but the database
and the object store, as clusters on separate machines would.

Each host has its own var dir (REFRAIN_VAR_DIR), working folder (the process's cwd), temp folder
(TMPDIR) and log, and runs in a process group of its own, so that a test can SIGKILL a whole
host at once, as a machine that loses its power takes every process of its cluster with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
STOP_WITHIN_S = 20

# The host's main process: behind the tests' network tripwire (its workers are forked from it),
# and with instrumentals of about 5 s, the engine's own length target (the Music API has no
# length field; a song from the shortest prompt lasts 90 s).
HOST_MAIN = """
import functools, sys
sys.path.insert(0, sys.argv[1])
from tests import network
network.install(log_path=sys.argv[2])
import engine.providers.local as local
local.generate_music = functools.partial(local.generate_music, target_duration_s=5.0)
import manage
sys.argv = ["manage.py", "qcluster"]
manage.main()
"""


def database_url() -> str:
    """The database this process is on (the test database in a test), for the hosts."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@dataclass
class WorkerHost:
    name: str
    folder: Path
    process: subprocess.Popen

    @property
    def log_path(self) -> Path:
        return self.folder / "qcluster.log"

    @property
    def tripwire_path(self) -> Path:
        return self.folder / "tripwire.log"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def logged(self, message: str) -> list[dict]:
        """The host's JSON log records with this message."""
        records = []
        for line in self.log().splitlines():
            if f'"message": "{message}"' in line:
                records.append(json.loads(line))
        return records

    def kill(self) -> None:
        """SIGKILL every process of the host at once."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        """SIGTERM to the host's process group, as systemd stops a unit; its exit status (a host
        still running after STOP_WITHIN_S is killed, -9)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_WITHIN_S)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.process.returncode

    def refused(self) -> str:
        """What the host tried to reach off the machine (empty when nothing)."""
        return self.tripwire_path.read_text() if self.tripwire_path.exists() else ""


def start_host(name: str, folder: Path, env: dict[str, str]) -> WorkerHost:
    """Start a worker cluster in `folder` with `env` (the shared database and storage)."""
    work, var, tmp = folder / "work", folder / "var", folder / "tmp"
    for path in (work, var, tmp):
        path.mkdir(parents=True, exist_ok=True)
    host_env = env | {
        "REFRAIN_VAR_DIR": str(var),
        "TMPDIR": str(tmp),
        "PYTHONUNBUFFERED": "1",  # its log is whole up to the moment it is killed
    }
    host_env.pop("DJANGO_SETTINGS_MODULE", None)
    with open(folder / "qcluster.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", HOST_MAIN, str(ROOT), str(folder / "tripwire.log")],
            cwd=work, env=host_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    return WorkerHost(name=name, folder=folder, process=process)


@contextlib.contextmanager
def worker_hosts(count: int, folder: Path, env: dict[str, str]) -> Iterator[list[WorkerHost]]:
    """`count` hosts named host-1...; whatever is left of them is killed when the block ends."""
    hosts = [start_host(f"host-{n}", folder / f"host-{n}", env) for n in range(1, count + 1)]
    try:
        yield hosts
    finally:
        for host in hosts:
            host.kill()
