"""The tests' network tripwire: nothing leaves the machine, loopback still works."""

from __future__ import annotations

import _socket
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests import network

ROOT = Path(__file__).resolve().parents[1]
# Never reachable: TEST-NET-1 (RFC 5737) and a private address, as an attacker would pick.
OFF_MACHINE = ["192.0.2.1", "10.0.0.7", "2001:db8::1"]


@pytest.fixture
def system_calls(monkeypatch):
    """The real connect and resolver, spied on: what the tripwire let through to them."""
    passed: list[tuple[str, object]] = []

    def spy(key, call):
        real = network._originals[key]

        def spied(*args):
            passed.append((call, args[1] if call == "connect" else args[0]))
            return real(*args)

        monkeypatch.setitem(network._originals, key, spied)

    spy((socket.socket, "connect"), "connect")
    spy((_socket, "getaddrinfo"), "getaddrinfo")
    return passed


@pytest.mark.parametrize("address", OFF_MACHINE)
def test_a_connect_off_the_machine_is_refused_at_once_and_recorded(address, dialled, system_calls):
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(5.0)
        started = time.monotonic()
        with pytest.raises(ConnectionRefusedError, match="test tripwire"):
            sock.connect((address, 80))
        took_s = time.monotonic() - started

    assert took_s < 0.05
    assert system_calls == []
    test = dialled.take()
    assert [(a.call, a.target) for a in test] == [("connect", f"{address}:80")]
    assert test[0].test.endswith(f"[{address}]")


def test_connect_ex_create_connection_and_udp_are_refused_too(dialled, system_calls):
    with socket.socket() as sock, pytest.raises(OSError, match="test tripwire"):
        sock.connect_ex(("10.0.0.7", 443))
    with pytest.raises(OSError, match="test tripwire"):
        socket.create_connection(("192.0.2.1", 80), timeout=5.0)
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
        pytest.raises(OSError, match="test tripwire"),
    ):
        udp.sendto(b"x", ("192.0.2.1", 53))

    assert system_calls == [("getaddrinfo", "192.0.2.1")]  # a literal, read without DNS; no connect
    assert [a.target for a in dialled.take()] == ["10.0.0.7:443", "192.0.2.1:80", "192.0.2.1:53"]


def test_a_name_off_the_machine_is_not_looked_up(dialled, system_calls):
    started = time.monotonic()
    with pytest.raises(socket.gaierror, match="test tripwire"):
        socket.getaddrinfo("example.com", 80)
    with pytest.raises(OSError, match="test tripwire"):
        socket.create_connection(("example.com", 80), timeout=5.0)
    with pytest.raises(OSError, match="test tripwire"):
        socket.gethostbyname("example.com")
    with socket.socket() as sock, pytest.raises(OSError, match="test tripwire"):
        sock.connect(("example.com", 80))  # the name would be resolved in C, under connect

    assert time.monotonic() - started < 0.05
    assert system_calls == []
    assert [(a.call, a.target) for a in dialled.take()] == [
        ("getaddrinfo", "example.com"), ("getaddrinfo", "example.com"),
        ("gethostbyname", "example.com"), ("connect", "example.com:80"),
    ]  # fmt: skip


def test_ip_literals_and_localhost_resolve_without_the_system_resolver(dialled):
    assert {a[4][0] for a in socket.getaddrinfo("10.0.0.7", 80, type=socket.SOCK_STREAM)} == {
        "10.0.0.7"
    }
    assert socket.getaddrinfo("localhost", 80, socket.AF_INET)[0][4] == ("127.0.0.1", 80)
    assert socket.gethostbyname("localhost") == "127.0.0.1"
    assert dialled() == []


def test_loopback_connections_work(dialled):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def echo():
        connection, _ = server.accept()
        with connection:
            connection.sendall(connection.recv(16).upper())

    thread = threading.Thread(target=echo, daemon=True)
    thread.start()
    with socket.create_connection(("localhost", port), timeout=5.0) as client:
        client.sendall(b"hello")
        assert client.recv(16) == b"HELLO"
    thread.join(5.0)
    server.close()
    with (
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix,
        pytest.raises(FileNotFoundError),
    ):
        unix.connect("/nonexistent/refrain.sock")  # AF_UNIX is not the tripwire's business

    assert dialled() == []


SWALLOWED = """
import socket

import pytest


def swallowed(address):
    try:
        socket.create_connection((address, 80), timeout=5.0)
    except OSError:
        pass  # as a job runner would


@pytest.fixture(scope="module")
def dials_when_torn_down():
    yield
    swallowed("192.0.2.2")


def test_code_that_swallows_the_refusal():
    swallowed("192.0.2.1")


def test_a_module_fixture_that_dials_after_the_test(dials_when_torn_down):
    pass
"""


def run_pytest(tmp_path: Path, test: str) -> subprocess.CompletedProcess:
    """Run one test of SWALLOWED in a fresh pytest, with this suite's conftest."""
    (tmp_path / "conftest.py").write_text("from tests.conftest import *  # noqa: F403\n")
    (tmp_path / "test_swallowed.py").write_text(SWALLOWED)
    command = [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml")]
    command += ["-p", "no:cacheprovider", "-q", f"{tmp_path / 'test_swallowed.py'}::{test}"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_a_test_whose_code_swallowed_a_refusal_fails(tmp_path):
    run = run_pytest(tmp_path, "test_code_that_swallows_the_refusal")

    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 passed, 1 error" in run.stdout  # the test's body passed, its teardown check did not
    assert (
        "tried to reach off the machine: [Attempt(call='connect', target='192.0.2.1:80'"
        in run.stdout
    )


def test_a_refusal_after_the_tests_own_check_fails_the_session(tmp_path):
    run = run_pytest(tmp_path, "test_a_module_fixture_that_dials_after_the_test")

    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 passed" in run.stdout
    assert (
        "tried to reach off the machine: [Attempt(call='connect', target='192.0.2.2:80'"
        in run.stdout
    )
