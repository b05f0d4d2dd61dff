"""A throwaway Debian `redis-server` on a free loopback port, for the queue's Redis broker.

`redis_server(folder)` starts one that keeps nothing on disk (no snapshot, no append-only file),
waits until it answers, and stops it on the way out. `make test` installs the package
(`test-deps`); the server the package may start as a service is never used.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

START_WITHIN_S = 10


@dataclass(frozen=True)
class RedisServer:
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def env(self) -> dict[str, str]:
        """The settings that put a process (a worker host, a web server) on this server."""
        return {"REFRAIN_QUEUE": "redis", "REFRAIN_REDIS_URL": self.url}

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _binary() -> str:
    found = shutil.which("redis-server") or shutil.which("redis-server", path="/usr/sbin:/sbin")
    if found is None:
        pytest.fail("redis-server not found: `make test` installs Debian's redis-server")
    return found


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[RedisServer]:
    """A redis-server on 127.0.0.1:<free port>, working in `folder`, stopped when the block ends."""
    server = RedisServer(port=free_port())
    folder.mkdir(parents=True, exist_ok=True)
    command = [_binary(), "--port", str(server.port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(folder)]  # fmt: skip
    with open(folder / "redis.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        client = server.client()
        deadline = time.monotonic() + START_WITHIN_S
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        "redis-server did not start:\n" + (folder / "redis.log").read_text()
                    ) from None
                time.sleep(0.05)
        client.close()
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
