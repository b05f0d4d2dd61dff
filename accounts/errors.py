"""The one application error type that services raise; views and API handlers translate it."""

from __future__ import annotations


class ApplicationError(Exception):
    """A rule of the business was broken. `field` names the input at fault, if any."""

    def __init__(self, message: str, *, field: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


class Conflict(ApplicationError):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, field=field, status=409)
