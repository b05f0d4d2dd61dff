"""Signing in by username or by email address (invitations already find people by either)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from accounts.models import User


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            user = User.objects.filter(email__iexact=username.strip()).first()
            username = user.username if user else username
        return super().authenticate(request, username=username, password=password, **kwargs)
