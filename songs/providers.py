"""The provider a job runs on, from settings."""

from __future__ import annotations

from django.conf import settings

from engine.providers import Provider, get_provider


def provider_named(name: str) -> Provider:
    return get_provider(
        name, remote_url=settings.REFRAIN_REMOTE_URL, remote_key=settings.REFRAIN_REMOTE_KEY
    )
