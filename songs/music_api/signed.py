"""Signed, expiring links to a version's audio for `output_format: url` (no session needed)."""

from __future__ import annotations

from django.core import signing
from django.http import HttpRequest
from django.urls import reverse

LINK_MAX_AGE_S = 24 * 3600
_SALT = "refrain.music_api.audio"


def audio_token(*, version_id: int) -> str:
    """The signed part of a version's 24 h link."""
    return signing.TimestampSigner(salt=_SALT).sign_object({"v": version_id}, compress=True)


def audio_link(request: HttpRequest, *, version_id: int) -> str:
    return request.build_absolute_uri(
        reverse("music_api:audio", args=[audio_token(version_id=version_id)])
    )


def version_id_from_token(token: str) -> int | None:
    """The version a link names, or None when the link is forged or older than 24 h."""
    try:
        payload = signing.TimestampSigner(salt=_SALT).unsign_object(token, max_age=LINK_MAX_AGE_S)
    except signing.BadSignature:
        return None
    return payload.get("v") if isinstance(payload, dict) else None
