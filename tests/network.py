"""No test can send a packet off this machine: a tripwire on sockets and name lookups.

`install()` (run by tests/conftest.py before any test or fixture) wraps the socket calls through
which Python code reaches the network. A connect or send to an internet address that is not
loopback, or a lookup of a name that is neither an IP literal nor localhost, is refused before
any system call: it is recorded (what, which test) and raises an OSError subclass, so the code
under test sees a refused connection or an unknown host, as it would behind a firewall. Code
may swallow that error (a job runner catches everything), so the record is what a test and the
suite check. Lookups are wrapped in `_socket` itself, under `socket.getaddrinfo`, so even a
reference taken before the install (a default argument such as fetch_reference's `resolver`)
goes through the tripwire. Forked children inherit it; the e2e tests' worker process installs
it itself and Chromium gets a resolver that knows localhost only (tests/e2e/conftest.py).
"""

from __future__ import annotations

import _socket
import contextlib
import ipaddress
import socket
import threading
from dataclasses import dataclass

LOCALHOST_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
INTERNET_FAMILIES = (socket.AF_INET, socket.AF_INET6)


@dataclass(frozen=True)
class Attempt:
    """One refused try to reach off the machine: `call` (connect, getaddrinfo...), its target."""

    call: str
    target: str
    test: str | None


class OffMachineConnection(ConnectionRefusedError):
    """A connect or send to an address that is not loopback, refused by the test tripwire."""


class OffMachineLookup(socket.gaierror):
    """A lookup of a name that is neither an IP literal nor localhost, refused by the tripwire."""


_lock = threading.Lock()
_attempts: list[Attempt] = []
_current_test: str | None = None
_originals: dict[tuple[object, str], object] = {}
_log_path: str | None = None


def set_current_test(nodeid: str | None) -> None:
    """Name the test that the attempts from now on belong to (None between tests)."""
    global _current_test
    _current_test = nodeid


def take(test: str | None) -> list[Attempt]:
    """The attempts recorded for `test`, forgotten once taken."""
    with _lock:
        mine = [a for a in _attempts if a.test == test]
        _attempts[:] = [a for a in _attempts if a.test != test]
    return mine


def recorded(test: str | None) -> list[Attempt]:
    """The attempts recorded for `test` so far, kept."""
    with _lock:
        return [a for a in _attempts if a.test == test]


def take_all() -> list[Attempt]:
    with _lock:
        every = list(_attempts)
        _attempts.clear()
    return every


def _refuse(call: str, target: object, error: type[OSError]) -> OSError:
    attempt = Attempt(call, str(target), _current_test)
    with _lock:
        _attempts.append(attempt)
        if _log_path:  # a child process (the e2e tests' worker) tells its parent this way
            with open(_log_path, "a", encoding="utf-8") as log:
                log.write(f"{call} {target}\n")
    message = f"test tripwire: {call} {target} would leave the machine"
    if issubclass(error, socket.gaierror):
        return error(socket.EAI_NONAME, message)
    return error(message)


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _host_text(host: object) -> str:
    return host.decode("ascii", "replace") if isinstance(host, bytes | bytearray) else str(host)


def is_localhost_name(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host in LOCALHOST_NAMES or host.endswith(".localhost")


def is_loopback(host: str) -> bool:
    """True for an address or name that stays on this machine: 127.0.0.0/8, ::1, localhost."""
    ip = _ip(host)
    return ip.is_loopback if ip is not None else is_localhost_name(host)


# --- connect and send ---------------------------------------------------------------------------


def _check_address(sock: socket.socket, call: str, address: object) -> None:
    if sock.family not in INTERNET_FAMILIES:
        return  # AF_UNIX and the like never leave the machine
    host = _host_text(address[0]) if isinstance(address, tuple) and address else repr(address)
    if not is_loopback(host):
        port = address[1] if isinstance(address, tuple) and len(address) > 1 else "?"
        raise _refuse(call, f"{host}:{port}", OffMachineConnection)


def _connect(self: socket.socket, address: object) -> None:
    _check_address(self, "connect", address)
    return _originals[(socket.socket, "connect")](self, address)


def _connect_ex(self: socket.socket, address: object) -> int:
    _check_address(self, "connect", address)
    return _originals[(socket.socket, "connect_ex")](self, address)


def _sendto(self: socket.socket, data: bytes, *flags_and_address: object) -> int:
    if flags_and_address:
        _check_address(self, "sendto", flags_and_address[-1])
    return _originals[(socket.socket, "sendto")](self, data, *flags_and_address)


def _sendmsg(
    self: socket.socket, buffers, ancdata=(), flags: int = 0, address: object = None
) -> int:
    if address is not None:
        _check_address(self, "sendmsg", address)
        return _originals[(socket.socket, "sendmsg")](self, buffers, ancdata, flags, address)
    return _originals[(socket.socket, "sendmsg")](self, buffers, ancdata, flags)


# --- name lookups (done in C by the resolver, so they are checked before it is asked) -----------


def _getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002 - the stdlib's names
    real = _originals[(_socket, "getaddrinfo")]
    if host is None:
        return real(host, port, family, type, proto, flags)  # the passive / loopback address
    name = _host_text(host)
    if _ip(name) is not None:
        return real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
    if is_localhost_name(name):
        # Answered here, as /etc/hosts would, without asking the system resolver.
        literals = {socket.AF_INET: ["127.0.0.1"], socket.AF_INET6: ["::1"]}.get(
            family, ["127.0.0.1", "::1"]
        )
        answers = []
        for literal in literals:
            with contextlib.suppress(socket.gaierror):  # e.g. no IPv6 on this machine
                answers += real(literal, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        if answers:
            return answers
    raise _refuse("getaddrinfo", name, OffMachineLookup)


def _gethostbyname(host):
    name = _host_text(host)
    if _ip(name) is not None or is_localhost_name(name):
        return _originals[(_socket, "gethostbyname")]("127.0.0.1" if _ip(name) is None else name)
    raise _refuse("gethostbyname", name, OffMachineLookup)


def _gethostbyname_ex(host):
    name = _host_text(host)
    if _ip(name) is not None:
        return _originals[(_socket, "gethostbyname_ex")](name)
    if is_localhost_name(name):
        return name, [], ["127.0.0.1"]
    raise _refuse("gethostbyname_ex", name, OffMachineLookup)


def _gethostbyaddr(host):
    name = _host_text(host)
    if is_loopback(name):
        return _originals[(_socket, "gethostbyaddr")](host)  # /etc/hosts answers for loopback
    raise _refuse("gethostbyaddr", name, OffMachineLookup)


def _getnameinfo(sockaddr, flags):
    host = _host_text(sockaddr[0]) if sockaddr else ""
    if flags & socket.NI_NUMERICHOST or is_loopback(host):
        return _originals[(_socket, "getnameinfo")](sockaddr, flags)
    raise _refuse("getnameinfo", host, OffMachineLookup)


_SOCKET_METHODS = {
    "connect": _connect,
    "connect_ex": _connect_ex,
    "sendto": _sendto,
    "sendmsg": _sendmsg,
}
_LOOKUPS = {
    "getaddrinfo": _getaddrinfo,
    "gethostbyname": _gethostbyname,
    "gethostbyname_ex": _gethostbyname_ex,
    "gethostbyaddr": _gethostbyaddr,
    "getnameinfo": _getnameinfo,
}


def install(*, log_path: str | None = None) -> None:
    """Put the tripwire on `socket.socket` and on the name lookups; once per process. With
    `log_path`, each refusal is also written there (for a process that no test runs in)."""
    global _log_path
    _log_path = log_path
    if _originals:
        return
    for name, wrapper in _SOCKET_METHODS.items():
        _originals[(socket.socket, name)] = getattr(socket.socket, name)
        setattr(socket.socket, name, wrapper)
    for name, wrapper in _LOOKUPS.items():
        _originals[(_socket, name)] = getattr(_socket, name)
        setattr(_socket, name, wrapper)
        if name != "getaddrinfo":  # socket.getaddrinfo is Python code calling _socket's
            setattr(socket, name, wrapper)


class StubResolver:
    """A getaddrinfo stand-in for hostile names: name -> one address, IP literals as themselves,
    any other name unknown; it keeps the names it was asked for in `calls`."""

    def __init__(self, table: dict[str, str]):
        self.table = table
        self.calls: list[str] = []

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002
        self.calls.append(host)
        address = self.table.get(host, host if _ip(host) is not None else None)
        if address is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]
