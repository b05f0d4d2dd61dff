import pytest
from django.core.management import call_command

from accounts.models import Membership, User
from songs.models import Project

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_demo_user_team_and_project_once(capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    demo = User.objects.get(username="demo")
    assert demo.check_password("refrain-demo-2026")
    assert Membership.objects.filter(user=demo).count() == 1
    assert Project.objects.filter(team__personal_for=demo).count() == 1
    output = capsys.readouterr().out
    assert "username demo, password refrain-demo-2026" in output
