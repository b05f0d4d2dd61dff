"""A prepared query answers as the ORM's own queryset would, compiled once, for any values."""

from __future__ import annotations

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership
from config.prepared import PreparedQuery, PreparedShapes
from songs.models import Project

pytestmark = pytest.mark.django_db


def _projects(*, team: int, title: str):
    owner_in_team = Membership.objects.filter(user=OuterRef("created_by"), team=OuterRef("team"))
    return (
        Project.objects.filter(team_id=team, title=title)
        .select_related("team", "created_by")
        .annotate(owner_in_team=Exists(owner_in_team))
        .order_by("pk")
    )


def test_a_prepared_query_builds_the_same_rows_with_their_related_rows_and_annotations(world):
    for title in ("Demo", "Demo", "Other"):
        Project.objects.create(team=world.team, title=title, created_by=world.owner)
    Project.objects.create(team=world.team, title="Demo", created_by=world.outsider)
    prepared = PreparedQuery(_projects, team=int, title=str)

    for title in ("Demo", "Other", "Nothing"):
        got = prepared.all(team=world.team.pk, title=title)
        expected = list(_projects(team=world.team.pk, title=title))
        assert [p.pk for p in got] == [p.pk for p in expected]
        assert [(p.team.name, p.created_by.username, p.owner_in_team) for p in got] == [
            (p.team.name, p.created_by.username, p.owner_in_team) for p in expected
        ]
        assert [p.created_at for p in got] == [p.created_at for p in expected]  # converted
    assert [p.owner_in_team for p in prepared.all(team=world.team.pk, title="Demo")] == [
        True, True, False,
    ]  # fmt: skip


def test_it_is_compiled_once_and_pages_with_limit_and_offset(world, monkeypatch):
    for _ in range(5):
        Project.objects.create(team=world.team, title="Demo", created_by=world.owner)
    built = []
    prepared = PreparedQuery(lambda **values: built.append(values) or _projects(**values),
                             team=int, title=str)  # fmt: skip
    everything = [p.pk for p in _projects(team=world.team.pk, title="Demo")]

    with CaptureQueriesContext(connection) as queries:
        pages = [prepared.all(team=world.team.pk, title="Demo", limit=2, offset=o)
                 for o in (0, 2, 4, 6)]  # fmt: skip

    assert [[p.pk for p in page] for page in pages] == [everything[:2], everything[2:4],
                                                        everything[4:], []]  # fmt: skip
    assert len(built) == 1 and len(queries) == 4


def test_a_value_the_query_transforms_cannot_be_a_placeholder(world):
    prepared = PreparedQuery(lambda *, text: Project.objects.filter(title__icontains=text),
                             text=str)  # fmt: skip

    with pytest.raises(ValueError, match="transformed"):
        prepared.all(text="demo")


def test_it_asks_for_exactly_its_values(world):
    prepared = PreparedQuery(_projects, team=int, title=str)

    with pytest.raises(TypeError):
        prepared.all(team=world.team.pk)


def test_shapes_page_through_django_s_paginator_and_count_only_when_asked(world):
    for n in range(5):
        Project.objects.create(team=world.team, title=f"P{n}", created_by=world.owner)
    counted = []
    shapes = PreparedShapes(
        lambda shape, *, team: Project.objects.filter(team_id=team).order_by(*shape),
        team=int,
    )

    rows = shapes.rows(("-title",), count=lambda: counted.append(1) or 5, team=world.team.pk)
    page = Paginator(rows, 2).page(2)

    assert [p.title for p in page] == ["P2", "P1"]
    assert page.paginator.count == 5 and counted == [1]
    oldest_first = shapes.rows(("title",), count=lambda: 5, team=world.team.pk)
    assert [p.title for p in oldest_first[0:2]] == ["P0", "P1"]


def test_its_rows_are_instances_as_the_orm_makes_them_saved_and_deferred_alike(world):
    project = Project.objects.create(team=world.team, title="Demo", created_by=world.owner)

    def build(*, team):
        return (Project.objects.filter(team_id=team).select_related("created_by")
                .only("title", "team_id", "created_by__username"))  # fmt: skip

    (got,), (expected,) = (
        PreparedQuery(build, team=int).all(team=world.team.pk),
        build(team=world.team.pk),
    )

    assert got == project and not got._state.adding and got._state.db == "default"
    assert _loaded(got) == _loaded(expected) and _loaded(got.created_by) == _loaded(
        expected.created_by
    )
    assert got.get_deferred_fields() == expected.get_deferred_fields() != set()
    with CaptureQueriesContext(connection) as queries:
        assert got.created_at == project.created_at  # a deferred column, read when asked
        got.title = "Renamed"
        got.save(update_fields=["title"])
    assert len(queries) == 2 and Project.objects.get(pk=project.pk).title == "Renamed"
    assert Project.objects.count() == 1  # saved as the row it came from, not a new one


def _loaded(instance) -> dict:
    return {name: value for name, value in vars(instance).items() if name != "_state"}


def test_a_model_that_listens_to_its_own_making_is_made_by_django(world):
    from django.db.models.signals import post_init  # noqa: PLC0415

    Project.objects.create(team=world.team, title="Demo", created_by=world.owner)
    made = []

    def listener(sender, instance, **kwargs):
        made.append(instance)

    post_init.connect(listener, sender=Project)
    try:
        got = PreparedQuery(lambda *, team: Project.objects.filter(team_id=team), team=int).all(
            team=world.team.pk
        )
    finally:
        post_init.disconnect(listener, sender=Project)

    assert made == got


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_on_postgresql_its_statement_is_prepared_on_the_server_after_a_few_runs(world):
    prepared = PreparedQuery(_projects, team=int, title=str)

    for _ in range(6):
        prepared.all(team=world.team.pk, title="Demo")

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('FROM "songs_project"' in statement for statement in statements)


def test_its_moments_are_the_orms_in_value_and_zone(world):
    Project.objects.create(team=world.team, title="Demo", created_by=world.owner)
    prepared = PreparedQuery(_projects, team=int, title=str)

    for _ in range(6):  # prepared on the server, on PostgreSQL, from the sixth run
        (got,) = prepared.all(team=world.team.pk, title="Demo")
        (expected,) = _projects(team=world.team.pk, title="Demo")
        assert (got.created_at, got.updated_at) == (expected.created_at, expected.updated_at)
        assert got.created_at.tzinfo is expected.created_at.tzinfo is datetime.UTC
