"""Checks of the names people give things (teams, projects, drafts, keys), the same everywhere."""

from __future__ import annotations

from accounts.errors import ApplicationError


def clean_name(value: str, *, what: str, field: str = "title", max_chars: int = 200) -> str:
    """`value` without surrounding spaces; refused, naming `field`, when empty or too long."""
    text = value.strip()
    if not text:
        raise ApplicationError(f"Give the {what} a {field}.", field=field)
    if len(text) > max_chars:
        raise ApplicationError(f"A {what} {field} has at most {max_chars} characters.", field=field)
    return text
