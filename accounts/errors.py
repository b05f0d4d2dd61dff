"""The application's error: the engine's one error type with the HTTP status a page or the
resource API answers. Services raise it; `config.errors` and the API's exception handler render
it, the Music API renders its code."""

from __future__ import annotations

from engine.errors import (
    CONN_LIMIT,
    INSUFFICIENT_BALANCE,
    INVALID_PARAMS,
    NOT_AUTHORIZED,
    RATE_LIMIT,
    EngineError,
)

# The Music API code a refusal stands for when it names none: who asks is not a bad parameter.
_CODE_FOR_STATUS = {401: NOT_AUTHORIZED, 403: NOT_AUTHORIZED}


class ApplicationError(EngineError):
    """A rule of the business was broken. `field` names the input at fault, if any."""

    def __init__(
        self, message: str, *, field: str | None = None, status: int = 400, code: int | None = None
    ):
        code = code or _CODE_FOR_STATUS.get(status, INVALID_PARAMS)
        super().__init__(message, code=code, permanent=True, field=field)
        self.status = status


# The HTTP status of an engine's refusal (an ApplicationError says its own).
_STATUS_FOR_CODE = {
    NOT_AUTHORIZED: 403,
    RATE_LIMIT: 429,
    CONN_LIMIT: 429,
    INSUFFICIENT_BALANCE: 402,
}


def http_status(error: EngineError) -> int:
    """The HTTP status a page or the resource API answers `error` with."""
    if isinstance(error, ApplicationError):
        return error.status
    if error.code == INVALID_PARAMS:
        return 400
    return _STATUS_FOR_CODE.get(error.code, 502)


class LimitExceeded(ApplicationError):
    """A plan limit: rate (1002), credits (1008) or running jobs (1041)."""

    def __init__(self, message: str, *, code: int):
        status = 402 if code == INSUFFICIENT_BALANCE else 429
        super().__init__(message, status=status, code=code)


class Conflict(ApplicationError):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, field=field, status=409)
