import pytest
from django.urls import reverse

from songs.models import Project

pytestmark = pytest.mark.django_db


def test_an_editor_creates_a_project_in_the_current_team(world, client_for):
    client = client_for(world.editor, world.team)

    response = client.post(
        reverse("project_create"), {"title": "Harbour Lights", "default_style": "folk, waltz"}
    )

    assert response.status_code == 302
    project = Project.objects.get(title="Harbour Lights")
    assert project.team == world.team
    assert project.created_by == world.editor
    assert "Harbour Lights" in client.get(reverse("dashboard")).content.decode()


def test_a_viewer_is_refused_and_sees_no_form(world, client_for):
    client = client_for(world.viewer, world.team)

    assert "New project" not in client.get(reverse("dashboard")).content.decode()
    assert client.post(reverse("project_create"), {"title": "Nope"}).status_code == 403
    assert not Project.objects.exists()


def test_a_project_needs_a_title(world, client_for):
    response = client_for(world.editor, world.team).post(reverse("project_create"), {"title": "  "})

    assert response.status_code == 400
    assert not Project.objects.exists()


def test_projects_of_another_team_are_not_shown(world, client_for):
    client_for(world.editor, world.team).post(reverse("project_create"), {"title": "Secret Song"})

    assert (
        "Secret Song" not in client_for(world.outsider).get(reverse("dashboard")).content.decode()
    )
