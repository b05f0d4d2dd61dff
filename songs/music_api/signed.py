"""Signed, expiring links to a version's audio for `output_format: url` (no session needed):
Refrain's own, or, with REFRAIN_PRESIGNED_LINKS, the bucket's presigned URL (the client then
downloads from the object store, not through a web process)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse

from config.storage import LINK_MAX_AGE_S
from songs.files import content_type_for

_SALT = "refrain.music_api.audio"


def audio_token(*, version_id: int) -> str:
    """The signed part of a version's 24 h link."""
    return signing.TimestampSigner(salt=_SALT).sign_object({"v": version_id}, compress=True)


def audio_link(request: HttpRequest, *, version) -> str:
    if settings.REFRAIN_PRESIGNED_LINKS:
        return version.audio.storage.url(
            version.audio.name,
            parameters={
                "ResponseContentType": content_type_for(version.audio.name),
                "ResponseContentDisposition": f'inline; filename="{download_name(version)}"',
            },
            expire=LINK_MAX_AGE_S,
        )
    return request.build_absolute_uri(
        reverse("music_api:audio", args=[audio_token(version_id=version.pk)])
    )


def download_name(version) -> str:
    return f"refrain-{version.song_id}-v{version.number}.{version.format}"


def version_id_from_token(token: str) -> int | None:
    """The version a link names, or None when the link is forged or older than 24 h."""
    try:
        payload = signing.TimestampSigner(salt=_SALT).unsign_object(token, max_age=LINK_MAX_AGE_S)
    except signing.BadSignature:
        return None
    return payload.get("v") if isinstance(payload, dict) else None
