"""`Authorization: Bearer <key>` for the APIs."""

from __future__ import annotations

from rest_framework import authentication, exceptions

from accounts.models import ApiKey, User
from accounts.selectors import KEY_TEAM_ATTRIBUTE
from accounts.services import api_key_verify


def bearer_token(header: str) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None for other schemes."""
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def user_for_api_key(raw_key: str) -> tuple[User, ApiKey] | None:
    """The key's user, held to the key's team for this request, and the key."""
    key = api_key_verify(raw_key=raw_key)
    if key is None:
        return None
    setattr(key.user, KEY_TEAM_ATTRIBUTE, key.team_id)
    return key.user, key


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """DRF authentication by API key; `request.auth` is the ApiKey (its team is the key's team)."""

    def authenticate(self, request):
        token = bearer_token(request.headers.get("Authorization", ""))
        if token is None:
            return None
        found = user_for_api_key(token)
        if found is None:
            raise exceptions.AuthenticationFailed("Invalid, revoked or unknown API key.")
        return found

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
