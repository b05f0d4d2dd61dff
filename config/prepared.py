"""Querysets compiled to SQL once per process and then run with other values.

Django builds and compiles a queryset afresh on every call; for the queries every API request
makes (its key's check, a list's page) that costs several times the database's own answer. A
`PreparedQuery` builds its queryset once with placeholder values, compiles it, and remembers
where each placeholder went among the SQL's parameters; each run then sends the same SQL with
the caller's values and turns the rows into model instances as Django's own iterator would
(select_related rows and annotations included).

Only values a query passes to the database unchanged can be placeholders (equality and `in`
lookups on integer and text columns); building refuses a text placeholder the SQL did not take
as is, so a query that transforms one (`icontains`) is left to the ORM. A placeholder the query
does not use is ignored. `PreparedShapes` keeps one prepared query per shape (which filters a
list is given), and `PreparedRows` lets Django's paginator page through one.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import operator
import secrets
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import psycopg
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.query import RelatedPopulator, get_related_populators
from django.db.models.signals import post_init, pre_init
from psycopg.types.datetime import TimestamptzLoader

_serial = itertools.count(1)


def _placeholder(kind: type) -> int | str:
    """A value no caller would pass: a large negative integer, or text with a random token."""
    if kind is int:
        return -(10**15) - next(_serial)
    if kind is str:
        return f"\x1fplaceholder-{next(_serial)}-{secrets.token_hex(8)}"
    raise TypeError(f"a placeholder is an int or a str, not {kind.__name__}")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple  # each a placeholder's name (a _Name) or a constant the query fixed
    compiler: object
    converters: dict
    build_row: Callable[[tuple], Model]


@dataclass(frozen=True)
class _Name:
    name: str


class PreparedQuery:
    """`build(**values) -> QuerySet`, compiled on first use (per database) with placeholders
    of the types in `kinds`; `.all(**values)` runs it. `limit` (a page's length) and `offset`
    are sent as parameters, so that every page shares one compiled query."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type) -> None:
        self._build = build
        self._kinds = kinds
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def all(self, *, using: str = "default", limit: int | None = None, offset: int = 0,
            **values) -> list[Model]:  # fmt: skip
        if values.keys() != self._kinds.keys():
            raise TypeError(f"expected values for {sorted(self._kinds)}, got {sorted(values)}")
        compiled = self._compiled.get(using) or self._compile(using)
        params = [values[p.name] if isinstance(p, _Name) else p for p in compiled.params]
        sql = compiled.sql
        if limit is not None:
            sql, params = f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset]
        elif offset:
            raise ValueError("an offset needs a limit")
        with _cursor(connections[using]) as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if compiled.compiler.has_extra_select:  # ordering columns beyond the model's
            rows = [row[: compiled.compiler.col_count] for row in rows]
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        return [compiled.build_row(row) for row in rows]

    def _compile(self, using: str) -> _Compiled:
        with self._lock:
            if using in self._compiled:
                return self._compiled[using]
            placeholders = {name: _placeholder(kind) for name, kind in self._kinds.items()}
            queryset = self._build(**placeholders)
            if queryset.query.is_sliced or queryset._known_related_objects:
                raise ValueError("a prepared query is neither sliced nor a related manager's")
            compiler = queryset.query.get_compiler(using=using)
            sql, raw_params = compiler.as_sql()
            names = {value: name for name, value in placeholders.items()}
            params = tuple(_Name(names[p]) if _hashable(p) and p in names else p
                           for p in raw_params)  # fmt: skip
            texts = [value for value in placeholders.values() if isinstance(value, str)]
            for param in params:  # a placeholder inside another value: "%…%" for a LIKE
                if isinstance(param, str) and any(text in param for text in texts):
                    raise ValueError(f"the query transformed a placeholder: {param!r}")
            self._compiled[using] = compiled = _Compiled(
                sql=sql,
                params=params,
                compiler=compiler,
                converters=compiler.get_converters(
                    [column[0] for column in compiler.select[: compiler.col_count]]
                ),
                build_row=_row_builder(compiler, connections[using].alias),
            )
            return compiled


def _cursor(connection):
    """A cursor whose statements PostgreSQL may keep parsed and planned.

    Django's psycopg cursors bind parameters on the client, so the server parses and plans
    every query it is sent (half a millisecond for a list's join). A prepared query's SQL never
    changes: on PostgreSQL it goes through psycopg's server-side binding cursor, which prepares
    a statement once it has run `prepare_threshold` times on a connection (settings: DATABASES
    OPTIONS; None, for a pooler that cannot keep them, turns this off)."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = psycopg.Cursor(connection.connection)
    if connection.timezone == datetime.UTC:
        # psycopg's own loader, which psycopg's binary package runs in C: Django's, a Python
        # subclass that sets the connection's zone, reads a timestamp in ~7 µs, this one in ~1
        # (a page of jobs has 48). On a connection in UTC both give the same aware datetime.
        cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
    return connection._prepare_cursor(cursor)  # Django's wrapper: errors, query logging


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _row_builder(compiler, db: str) -> Callable[[tuple], Model]:
    """Django's ModelIterable for one row, its column layout worked out once (by Django's own
    RelatedPopulator for the select_related rows) and its instances made without a walk over
    every field (`_instance_maker`)."""
    select, klass_info = compiler.select, compiler.klass_info
    annotations = tuple(compiler.annotation_col_map.items())
    model = klass_info["model"]
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    make = _instance_maker(model, db, [column[0].target.attname for column in select[start:end]])
    populators = [_populator(p) for p in get_related_populators(klass_info, select, db)]

    def build(row: tuple) -> Model:
        obj = make(row[start:end])
        for populate in populators:
            populate(row, obj)
        for attribute, position in annotations:
            setattr(obj, attribute, row[position])
        return obj

    return build


def _populator(related: RelatedPopulator) -> Callable[[tuple, Model], None]:
    """`related.populate`, its instances made by `_instance_maker`."""
    make = _instance_maker(related.model_cls, related.db, related.init_list)
    columns = related.reorder_for_init or operator.itemgetter(
        slice(related.cols_start, related.cols_end)
    )
    nested = [_populator(p) for p in related.related_populators]
    pk_index, local_setter, remote_setter = (
        related.pk_idx,
        related.local_setter,
        related.remote_setter,
    )

    def populate(row: tuple, from_obj: Model) -> None:
        values = columns(row)
        obj = None if values[pk_index] is None else make(values)
        if obj is not None:
            for populate_nested in nested:
                populate_nested(row, obj)
        local_setter(from_obj, obj)
        if obj is not None:
            remote_setter(obj, from_obj)

    return populate


def _instance_maker(model: type[Model], db: str, names: list[str]) -> Callable[[tuple], Model]:
    """`model.from_db(db, names, values)`, made as `Model.__init__` would leave it: the loaded
    columns in the instance's __dict__ (the others deferred), a state saying it came from `db`.
    __init__ itself sets every field through its descriptor, a third of a page's cost. A model
    that changes how it is made (its own from_db or __init__, init signals) keeps Django's way."""
    if (
        model.from_db.__func__ is not Model.from_db.__func__
        or model.__init__ is not Model.__init__
        or pre_init.has_listeners(model)
        or post_init.has_listeners(model)
    ):
        return lambda values: model.from_db(db, names, values)
    names = tuple(names)

    def make(values: tuple) -> Model:
        obj = model.__new__(model)
        state = ModelState()
        state.adding, state.db = False, db
        obj.__dict__.update(zip(names, values, strict=True), _state=state)
        return obj

    return make


class PreparedShapes:
    """One PreparedQuery per shape of a query: `build(shape, **values) -> QuerySet`, where the
    shape (hashable: a sort, a choice) and which values are given decide the SQL, and the
    values fill it. The shapes are few and fixed by the code (filter names, choices), never by
    a value."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type) -> None:
        self._build = build
        self._kinds = kinds
        self._queries: dict[Hashable, PreparedQuery] = {}

    def rows(self, shape: Hashable, count: Callable[[], int], **values) -> PreparedRows:
        key = (shape, frozenset(values))  # a filter left out is a condition left out
        query = self._queries.get(key)
        if query is None:
            kinds = {name: self._kinds[name] for name in values}
            query = self._queries.setdefault(
                key, PreparedQuery(functools.partial(self._build, shape), **kinds)
            )
        return PreparedRows(query, values, count)


class PreparedRows:
    """What Django's paginator pages through: a prepared query's rows, read a slice at a time,
    and the total from `count` (asked only for a full page)."""

    ordered = True  # the query's own order_by (the paginator warns about unordered lists)

    def __init__(self, query: PreparedQuery, values: dict, count: Callable[[], int]) -> None:
        self._query = query
        self._values = values
        self._count = count

    def __getitem__(self, index: slice) -> list[Model]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("prepared rows are read a slice at a time")
        start = index.start or 0
        if index.stop is None:
            return self._query.all(**self._values)[start:]
        return self._query.all(limit=max(0, index.stop - start), offset=start, **self._values)

    def count(self) -> int:
        return self._count()
