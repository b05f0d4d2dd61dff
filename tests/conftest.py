"""One small world for every test: a team with an owner, an editor and a viewer, and an outsider;
and a tripwire that keeps every packet on this machine (tests/network.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests import network
from tests.redis_server import RedisServer, redis_server

# Before anything below imports the application, and so before any test or fixture runs.
network.install()

from django.core.mail.utils import DNS_NAME  # noqa: E402

# Django names an email's Message-ID after this machine, found by a reverse DNS lookup of its
# hostname: a lookup the tripwire refuses. Tests name the machine themselves.
DNS_NAME._fqdn = "refrain.test"

from django.core.files.base import ContentFile  # noqa: E402
from django.test import Client  # noqa: E402
from django_q.conf import Conf  # noqa: E402

from accounts.models import Membership, Role, Team, User  # noqa: E402
from accounts.services import user_signup  # noqa: E402
from engine.analysis import fetch  # noqa: E402
from songs.models import Project, Song, SongVersion  # noqa: E402
from songs.services.comments import lyric_comment_create  # noqa: E402
from songs.services.drafts import draft_create  # noqa: E402
from songs.webhooks import targets  # noqa: E402
from tests.songs.fakes import ScriptedProvider, sine_wav  # noqa: E402

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
    """Make names "resolve" to the given addresses for fetch_reference and webhook deliveries,
    however they are reached (an API call, a job), without asking DNS:
    `resolve_as({"evil.example": "10.0.0.7"})`."""

    def install(table: dict[str, str]) -> network.StubResolver:
        stub = network.StubResolver(table)
        monkeypatch.setitem(fetch.fetch_reference.__kwdefaults__, "resolver", stub)
        monkeypatch.setitem(targets.webhook_target.__kwdefaults__, "resolver", stub)
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
    monkeypatch.setattr(Conf, "SYNC", True)


@pytest.fixture
def redis_broker(monkeypatch, tmp_path) -> RedisServer:
    """The queue on a redis-server of this test's own (REFRAIN_QUEUE=redis), in this process."""
    with redis_server(tmp_path / "redis") as server:
        monkeypatch.setattr(Conf, "ORM", None)
        monkeypatch.setattr(Conf, "REDIS", server.url)
        yield server


@pytest.fixture
def provider(monkeypatch):
    """The provider the job workers run on, scripted: real WAV bytes, failures on demand."""
    scripted = ScriptedProvider()
    monkeypatch.setattr("songs.jobs.run.provider_named", lambda name: scripted)
    return scripted


@pytest.fixture
def place(world, settings, tmp_path):
    """A project with a draft (a revision with a comment) and a song with two versions."""
    settings.MEDIA_ROOT = tmp_path
    owner = world.membership(world.owner)
    project = Project.objects.create(team=world.team, title="Album", created_by=world.owner)
    draft = draft_create(
        actor=owner, project=project, title="Rain", body="[Verse]\nRain on the window\n"
    )
    comment = lyric_comment_create(
        actor=owner, revision=draft.current_revision, line_number=2, body="good"
    )
    song = Song.objects.create(project=project, title="Rain", created_by=world.owner)
    versions = []
    for number in (1, 2):
        version = SongVersion(
            song=song,
            number=number,
            prompt=f"blues {number}",
            lyrics="[Verse]\nRain",
            format="wav",
            duration_ms=1000,
            sample_rate=24000,
            bitrate=768000,
            channels=2,
            size=0,
            created_by=world.owner,
            settings={"model": "music-2.6", "prompt": f"blues {number}"},
        )
        audio = sine_wav()
        version.size = len(audio)
        version.audio.save(f"v{number}.wav", ContentFile(audio), save=False)
        version.save()
        versions.append(version)
    song.current_version, song.versions_made = versions[1], 2
    song.save()
    return {
        "project": project,
        "draft": draft,
        "comment": comment,
        "song": song,
        "v1": versions[0],
        "v2": versions[1],
    }


@pytest.fixture(scope="session")
def s3():
    """moto's S3 server on loopback, for the whole run (tests/s3.py)."""
    from tests.s3 import s3_server  # noqa: PLC0415 (moto's server costs 0.5 s to import: only when used)

    with s3_server() as server:
        yield server


@pytest.fixture
def s3_bucket(s3, settings) -> str:
    """The default storage switched to a fresh bucket on the loopback S3 server; its name."""
    bucket = s3.create_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": s3.storage_setting(bucket)}
    return bucket
