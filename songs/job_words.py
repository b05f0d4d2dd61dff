"""A failed generation, said in words a musician reads: which part of the song was at fault and
what to do, without codes, field paths or trace ids (the job page keeps those in a details fold)."""

from __future__ import annotations

from engine.errors import (
    CONN_LIMIT,
    INSUFFICIENT_BALANCE,
    INVALID_PARAMS,
    NOT_AUTHORIZED,
    RATE_LIMIT,
    REQUEST_TIMEOUT,
    STATUS_MESSAGES,
    field_and_reason,
)

# The request's fields, as the studio's pages name them.
FIELD_NAMES = {
    "lyrics": "The lyrics",
    "body": "The lyrics",
    "prompt": "The style prompt",
    "title": "The title",
    "audio_url": "The reference recording",
    "audio_base64": "The reference recording",
    "cover_feature_id": "The cover analysis",
    "audio_setting": "The file settings",
    "seed": "The seed",
    "model": "The model",
    "mode": "The lyrics mode",
}

BY_CODE = {
    RATE_LIMIT: "The studio is busy right now. Try again in a minute.",
    CONN_LIMIT: "Your team already has as many generations running as its plan allows. "
    "Try again when one finishes.",
    INSUFFICIENT_BALANCE: "Your team has used this month's generations. "
    "The usage page says when they renew.",
    NOT_AUTHORIZED: "You are not allowed to make this in this team.",
    REQUEST_TIMEOUT: "The generation took too long and was stopped. Try again.",
}
SOMETHING_WENT_WRONG = (
    "Something went wrong on the studio's side. Try again; if it keeps failing, "
    "the details below help whoever runs this studio."
)


def failure_in_words(*, code: int | None, message: str, kind: str = "") -> str:
    """What went wrong, for the person who asked: the input at fault and why, or what to do."""
    if code == INVALID_PARAMS:
        # A job keeps the Music API's status_msg: "invalid params, lyrics: line 2 has ...".
        message = message.removeprefix(f"{STATUS_MESSAGES[INVALID_PARAMS]}, ")
        field, reason = field_and_reason(message)
        field = (field or "").split(".")[0].split("[")[0]
        # The lyrics generator's prompt is the theme (or the edit's instruction), not a style.
        name = "The theme" if kind == "lyrics" and field == "prompt" else FIELD_NAMES.get(field)
        if name and reason:
            return f"{name}: {reason.rstrip('.')}."
        return f"{message.rstrip('.')}." if message else "Something in the request was not right."
    if code in BY_CODE:
        return BY_CODE[code]
    if message == "cancelled":
        return "Cancelled."
    return SOMETHING_WENT_WRONG
