"""The one application error type that services raise; views and API handlers translate it."""

from __future__ import annotations


class ApplicationError(Exception):
    """A rule of the business was broken. `field` names the input at fault, if any."""

    def __init__(
        self, message: str, *, field: str | None = None, status: int = 400, code: int | None = None
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status
        self.code = code  # the Music API status code this maps to, when there is one


class LimitExceeded(ApplicationError):
    """A plan limit: rate (1002), credits (1008) or running jobs (1041)."""

    def __init__(self, message: str, *, code: int):
        super().__init__(message, status=429 if code in (1002, 1041) else 402, code=code)


class Conflict(ApplicationError):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, field=field, status=409)
