"""One small world for every test: a team with an owner, an editor and a viewer, and an outsider;
and a tripwire that keeps every packet on this machine (tests/network.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests import network

# Before anything below imports the application, and so before any test or fixture runs.
network.install()

from django.core.mail.utils import DNS_NAME  # noqa: E402

# Django names an email's Message-ID after this machine, found by a reverse DNS lookup of its
# hostname: a lookup the tripwire refuses. Tests name the machine themselves.
DNS_NAME._fqdn = "refrain.test"

from django.test import Client  # noqa: E402

from accounts.models import Membership, Role, Team, User  # noqa: E402
from accounts.services import user_signup  # noqa: E402

PASSWORD = "correct horse battery staple"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    network.set_current_test(item.nodeid)
    try:
        return (yield)
    finally:
        network.set_current_test(None)


@pytest.fixture(autouse=True)
def nothing_leaves_the_machine(request):
    """Fail the test if it (or code it ran, which may have swallowed the refusal) reached out."""
    yield
    stray = network.take(request.node.nodeid)
    if stray:
        pytest.fail(f"tried to reach off the machine: {stray}", pytrace=False)


def pytest_sessionfinish(session, exitstatus):
    # Outside any test's own check: collection, and module or session fixtures torn down after it.
    stray = network.take_all()
    if stray:
        writer = session.config.get_terminal_writer()
        writer.line(f"\ntried to reach off the machine: {stray}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


class Dialled:
    """What the current test tried to reach off the machine, refused by the tripwire."""

    def __init__(self, test: str):
        self.test = test

    def __call__(self) -> list[network.Attempt]:
        return network.recorded(self.test)

    def take(self) -> list[network.Attempt]:
        """The attempts so far, accepted as expected (for the tripwire's own tests)."""
        return network.take(self.test)


@pytest.fixture
def dialled(request) -> Dialled:
    """`assert dialled() == []`: nothing was dialled or looked up off the machine."""
    return Dialled(request.node.nodeid)


@pytest.fixture
def resolve_as(monkeypatch) -> Callable[[dict[str, str]], network.StubResolver]:
    """Make names "resolve" to the given addresses for fetch_reference, however it is reached
    (an API call, a job), without asking DNS: `resolve_as({"evil.example": "10.0.0.7"})`."""
    from engine.analysis import fetch

    def install(table: dict[str, str]) -> network.StubResolver:
        stub = network.StubResolver(table)
        monkeypatch.setitem(fetch.fetch_reference.__kwdefaults__, "resolver", stub)
        return stub

    return install


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashers cost ~0.3 s a login; tests exercise the flows, not the key derivation.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    team: Team
    owner: User
    admin: User
    editor: User
    viewer: User
    outsider: User

    def membership(self, user: User) -> Membership:
        return Membership.objects.select_related("team", "user").get(team=self.team, user=user)


def make_user(username: str) -> User:
    return user_signup(username=username, email=f"{username}@example.com", password=PASSWORD)


@pytest.fixture
def world(db) -> World:
    owner, admin, editor, viewer, outsider = (
        make_user(name) for name in ("olivia", "adam", "edith", "victor", "oscar")
    )
    team = Team.objects.create(name="The Band")
    for user, role in (
        (owner, Role.OWNER),
        (admin, Role.ADMIN),
        (editor, Role.EDITOR),
        (viewer, Role.VIEWER),
    ):
        Membership.objects.create(team=team, user=user, role=role)
    return World(
        team=team, owner=owner, admin=admin, editor=editor, viewer=viewer, outsider=outsider
    )


@pytest.fixture
def client_for(db):
    """A logged-in browser for a user, working in the given team."""

    def make(user: User, team: Team | None = None) -> Client:
        client = Client()
        client.force_login(user)
        if team is not None:
            session = client.session
            session["team_id"] = team.pk
            session.save()
        return client

    return make


@pytest.fixture
def q_sync(monkeypatch):
    """Tasks run inline when enqueued (django-q2's sync mode), as a worker would run them."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
