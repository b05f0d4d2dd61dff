"""The one error type of the engine, carrying the Music API status code it maps to."""

from __future__ import annotations

import re

INVALID_PARAMS = 2013
UNKNOWN_ERROR = 1000
REQUEST_TIMEOUT = 1001
RATE_LIMIT = 1002
NOT_AUTHORIZED = 1004
INSUFFICIENT_BALANCE = 1008
INTERNAL_ERROR = 1024
SYSTEM_ERROR = 1033
CONN_LIMIT = 1041

STATUS_MESSAGES: dict[int, str] = {
    0: "success",
    UNKNOWN_ERROR: "unknown error",
    REQUEST_TIMEOUT: "request timeout",
    RATE_LIMIT: "rate limit",
    NOT_AUTHORIZED: "not authorized",
    INSUFFICIENT_BALANCE: "insufficient balance",
    INTERNAL_ERROR: "internal error",
    SYSTEM_ERROR: "system error",
    CONN_LIMIT: "conn limit",
    INVALID_PARAMS: "invalid params",
}

TRANSIENT_CODES = frozenset(
    {UNKNOWN_ERROR, REQUEST_TIMEOUT, RATE_LIMIT, INTERNAL_ERROR, SYSTEM_ERROR, CONN_LIMIT}
)


class EngineError(Exception):
    """A failure with its Music API code, the input at fault (`field`) when there is one, and
    whether retrying cannot help (`permanent`). The one error type: raised where a rule breaks,
    rendered where the answer leaves (a `base_resp`, an API error body, a form error)."""

    def __init__(
        self,
        message: str,
        *,
        code: int = INVALID_PARAMS,
        permanent: bool | None = None,
        field: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.permanent = code not in TRANSIENT_CODES if permanent is None else permanent

    @property
    def status_msg(self) -> str:
        """The `base_resp.status_msg` a Music API client reads: the code's phrase and the reason."""
        phrase = STATUS_MESSAGES.get(self.code, "error")
        return self.message if self.message.startswith(phrase) else f"{phrase}, {self.message}"


# A 2013 message starts with the input at fault: "audio_setting.format: must be one of ...".
_FIELD_PREFIX = re.compile(r"^([A-Za-z_][\w.\[\]-]*): ")


def field_and_reason(message: str) -> tuple[str | None, str]:
    """The input a 2013 message names and what it says of it: "lyrics: too long" is ("lyrics",
    "too long"); a message naming no field is (None, message)."""
    match = _FIELD_PREFIX.match(message)
    return (match.group(1), message[match.end() :]) if match else (None, message)


def invalid_params(message: str, *, field: str | None = None) -> EngineError:
    """A 2013 error. Its message starts with the offending field (the contract's convention,
    kept by every caller), which becomes the error's `field` unless one is given."""
    if field is None:
        field, _ = field_and_reason(message)
    return EngineError(message, code=INVALID_PARAMS, permanent=True, field=field)
