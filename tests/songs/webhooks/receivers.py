"""A webhook receiver the tests run on 127.0.0.1: it answers each POST as scripted (a status, or
a hang past the sender's timeout) and checks every signature as an integration would, with its
own few lines of Standard Webhooks verification (not the sender's code)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANG = "hang"
TOLERANCE_S = 5 * 60


def verify(*, secret: str, headers: dict[str, str], body: bytes) -> bool:
    """True when one of the `webhook-signature` values signs this id, timestamp and body, and
    the timestamp is recent (the receiver's side of the spec)."""
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > TOLERANCE_S:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    offered = [part.split(",", 1) for part in headers["webhook-signature"].split()]
    return any(
        version == "v1" and hmac.compare_digest(value, expected) for version, value in offered
    )


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """`answers`: what each POST in turn gets (an int status or HANG); then `then` for the rest."""

    def __init__(self, answers: list[int | str] | None = None, then: int = 200):
        self.answers = list(answers or [])
        self.then = then
        self.received: list[Received] = []
        self.release = threading.Event()  # ends every hang at teardown
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server hook name
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver.received.append(Received(self.path, headers, body))
                answer = receiver.answers.pop(0) if receiver.answers else receiver.then
                if answer == HANG:
                    receiver.release.wait(10)
                    return
                reply = b'{"ok": true}' if 200 <= answer < 300 else b"receiver says no"
                self.send_response(answer)
                if 300 <= answer < 400:
                    self.send_header("Location", "http://127.0.0.1:1/elsewhere")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, host: str = "hooks.test", path: str = "/refrain") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
