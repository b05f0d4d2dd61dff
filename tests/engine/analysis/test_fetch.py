"""Fetching `audio_url` safely: public http(s) only, checked on every hop, capped, no rebinding.

Hostile names "resolve" through a stub resolver, so no packet leaves the machine; real fetches
go only to a server these tests start on 127.0.0.1, reached through an allow-listed name. Each
refusal is checked by its reason and by the tripwire (tests/network.py): had the check let a
hostile address through, the test would fail on the dial, and nothing would have been sent.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from engine.analysis.fetch import fetch_reference
from engine.errors import INVALID_PARAMS, EngineError
from tests.network import StubResolver

AUDIO = b"RIFF" + bytes(range(256)) * 64


class Handler(BaseHTTPRequestHandler):
    """Routes: /audio, /big (over the cap), /chunked (no length, over the cap), /missing,
    /to/<path> (redirect to <path>), /away?<url> (redirect to an absolute url)."""

    hosts_seen: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server hook name
        Handler.hosts_seen.append(self.headers.get("Host", ""))
        if self.path == "/audio":
            self._send(200, AUDIO)
        elif self.path == "/big":
            self._send(200, bytes(5000))
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(10):
                    self.wfile.write(b"3e8\r\n" + bytes(1000) + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client hung up at its cap, as it should
        elif self.path.startswith("/to/"):
            self._redirect("/" + self.path[len("/to/") :])
        elif self.path.startswith("/away?"):
            self._redirect(self.path[len("/away?") :])
        else:
            self._send(404, b"no")

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def refused(url: str, resolver: StubResolver | None, **kwargs) -> EngineError:
    """The error fetching `url` gives; `resolver` None leaves fetch_reference's own."""
    if resolver is not None:
        kwargs["resolver"] = resolver
    with pytest.raises(EngineError) as caught:
        fetch_reference(url, timeout_s=5.0, **kwargs)
    assert caught.value.code == INVALID_PARAMS
    assert caught.value.message.startswith("audio_url: ")
    return caught.value


def local(**extra: str) -> StubResolver:
    return StubResolver({"audio.test": "127.0.0.1", **extra})


def test_it_fetches_from_an_allow_listed_host_and_sends_the_real_host_name(server):
    Handler.hosts_seen.clear()

    data = fetch_reference(
        f"http://audio.test:{server}/audio", allow_hosts=frozenset({"audio.test"}), resolver=local()
    )

    assert data == AUDIO
    assert Handler.hosts_seen == [f"audio.test:{server}"]


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
     "224.0.0.1", "240.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1"],
)  # fmt: skip
def test_it_refuses_hosts_that_resolve_to_private_or_reserved_addresses(address, dialled):
    error = refused("http://evil.example/song.mp3", StubResolver({"evil.example": address}))

    assert error.message == "audio_url: the host evil.example is a private or reserved address"
    assert dialled() == []


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/a.mp3", "gopher://x/", "//example.com/a"]
)
def test_it_accepts_only_http_and_https(url, dialled):
    resolver = StubResolver({})

    error = refused(url, resolver)

    assert error.message.startswith("audio_url: only http and https URLs, got ")
    assert resolver.calls == []
    assert dialled() == []


def test_a_redirect_to_a_private_address_is_refused(server, dialled):
    resolver = local(**{"metadata.example": "169.254.169.254"})
    Handler.hosts_seen.clear()

    error = refused(
        f"http://audio.test:{server}/away?http://metadata.example/latest/",
        resolver,
        allow_hosts=frozenset({"audio.test"}),
    )

    assert error.message == "audio_url: the host metadata.example is a private or reserved address"
    assert resolver.calls == ["audio.test", "metadata.example"]
    assert Handler.hosts_seen == [f"audio.test:{server}"]  # only the first hop was fetched
    assert dialled() == []


def test_redirects_are_followed_three_times_and_no_more(server):
    allow = frozenset({"audio.test"})
    three = f"http://audio.test:{server}/to/to/to/audio"

    assert fetch_reference(three, allow_hosts=allow, resolver=local()) == AUDIO
    error = refused(f"http://audio.test:{server}/to/to/to/to/audio", local(), allow_hosts=allow)
    assert "more than 3 redirects" in error.message


def test_each_hop_resolves_the_name_once_so_a_second_answer_cannot_rebind_it(server):
    resolver = local()

    fetch_reference(
        f"http://audio.test:{server}/audio",
        allow_hosts=frozenset({"audio.test"}),
        resolver=resolver,
    )

    assert resolver.calls == ["audio.test"]


def test_a_declared_size_over_the_cap_is_refused(server):
    error = refused(
        f"http://audio.test:{server}/big",
        local(),
        allow_hosts=frozenset({"audio.test"}),
        max_bytes=4096,
    )

    assert "over 4096 bytes" in error.message


def test_a_stream_growing_over_the_cap_is_cut_off(server):
    error = refused(
        f"http://audio.test:{server}/chunked",
        local(),
        allow_hosts=frozenset({"audio.test"}),
        max_bytes=4096,
    )

    assert "over 4096 bytes" in error.message


def test_an_error_status_is_reported(server):
    error = refused(
        f"http://audio.test:{server}/missing", local(), allow_hosts=frozenset({"audio.test"})
    )

    assert "HTTP 404" in error.message


def test_an_unknown_host_is_reported(dialled):
    error = refused("https://nowhere.example/a.mp3", StubResolver({}))

    assert error.message == "audio_url: the host nowhere.example cannot be resolved"
    assert dialled() == []


def test_the_default_resolver_does_not_look_hostile_names_up_in_tests(dialled):
    # fetch_reference's own resolver (socket.getaddrinfo) meets the tripwire: no DNS query is sent.
    error = refused("https://nowhere.example/a.mp3", None)

    assert error.message == "audio_url: the host nowhere.example cannot be resolved"
    assert [(a.call, a.target) for a in dialled.take()] == [("getaddrinfo", "nowhere.example")]
