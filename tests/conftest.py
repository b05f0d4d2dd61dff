"""One small world for every test: a team with an owner, an editor and a viewer, and an outsider."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from accounts.models import Membership, Role, Team, User
from accounts.services import user_signup

PASSWORD = "correct horse battery staple"


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
    for user, role in ((owner, Role.OWNER), (admin, Role.ADMIN), (editor, Role.EDITOR), (viewer, Role.VIEWER)):
        Membership.objects.create(team=team, user=user, role=role)
    return World(team=team, owner=owner, admin=admin, editor=editor, viewer=viewer, outsider=outsider)


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
