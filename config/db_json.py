"""JSON columns trimmed by the database before they are sent."""

from __future__ import annotations

from django.db.models import F, Func, JSONField


class JSONWithout(Func):
    """A JSON object column without one of its keys, removed by the database (PostgreSQL's
    `jsonb - key`, SQLite's JSON_REMOVE): a large value a page does not show (a lyrics job's
    lyrics) is neither sent nor parsed. On another database, the column as it is."""

    output_field = JSONField()

    def __init__(self, column: str, key: str) -> None:
        super().__init__(F(column))
        self.key = key

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(self.get_source_expressions()[0])

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"({sql} - %s)", (*params, self.key)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"JSON_REMOVE({sql}, %s)", (*params, f'$."{self.key}"')
