"""`manage.py createapikey USERNAME [--name N] [--team ID]`: prints only the new key on its last
line."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.errors import ApplicationError
from accounts.models import Team, User
from accounts.selectors import membership_default_for_user, membership_get
from accounts.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key for a user (in their personal team unless --team is given)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--team", type=int, help="team id (default: the user's personal team)")

    def handle(self, *args, username: str, name: str, team: int | None, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        membership = (
            membership_get(user=user, team_id=team)
            if team
            else membership_default_for_user(user=user)
        )
        if membership is None:
            raise CommandError(
                f"{username} is not in team {team}" if team else f"{username} has no team"
            )
        try:
            _, raw_key = api_key_create(
                user=user, team=Team.objects.get(pk=membership.team_id), name=name
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(raw_key)
