"""Idempotent demo data: the user `demo`, its personal team and a sample project."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Membership, User
from accounts.services import user_signup
from songs.models import Project
from songs.services.projects import project_create

DEMO_USERNAME = "demo"
DEMO_EMAIL = "demo@refrain.local"
SAMPLE_PROJECT = "Rainy Night Blues"


class Command(BaseCommand):
    help = "Create the demo account, its team and a sample project unless they exist."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        password = os.environ.get("REFRAIN_DEMO_PASSWORD", "refrain-demo-2026")
        user = User.objects.filter(username=DEMO_USERNAME).first()
        created = user is None
        if created:
            user = user_signup(username=DEMO_USERNAME, email=DEMO_EMAIL, password=password)
        membership = Membership.objects.select_related("team", "user").get(
            team__personal_for=user, user=user
        )
        if not Project.objects.filter(team=membership.team, title=SAMPLE_PROJECT).exists():
            project_create(
                actor=membership,
                title=SAMPLE_PROJECT,
                description="A sample project: a slow blues about a city in the rain.",
                default_style="soulful blues, slow shuffle, male vocals, electric guitar, in E minor",
            )
        state = "created" if created else "exists already"
        self.stdout.write(
            f"Demo account {state}: username {DEMO_USERNAME}, password {password}"
            + ("" if created else " (unless you changed it)")
        )
