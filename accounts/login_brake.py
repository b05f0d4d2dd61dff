"""The brake on password guessing: a few failed sign-ins per account and per address, then a wait.

Each try is written down before its password is checked and counted after, so a burst of
simultaneous guesses cannot all slip under the limit. A refused try leaves no mark: the wait ends
when the oldest failure leaves the window, however often an attacker knocks meanwhile (the
account's owner can also end it by resetting the password)."""

from __future__ import annotations

import math
from datetime import timedelta

from django.db.models import Min, Q
from django.utils import timezone

from accounts.models import LoginAttempt, User

WINDOW = timedelta(minutes=15)
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20


class LoginThrottled(Exception):
    def __init__(self, *, what: str, retry_after_s: int):
        minutes = max(1, math.ceil(retry_after_s / 60))
        super().__init__(
            f"Too many failed sign-ins {what}. Try again in {minutes} minute{'s' if minutes != 1 else ''}, "
            "or reset your password."
        )
        self.retry_after_s = retry_after_s


def account_key(identifier: str) -> str:
    """One name per account, whether it is tried by username or by email."""
    identifier = identifier.strip()
    field = "email__iexact" if "@" in identifier else "username__iexact"
    user_id = User.objects.filter(**{field: identifier}).values_list("pk", flat=True).first()
    return f"user:{user_id}" if user_id else f"name:{identifier.lower()[:190]}"


def _failures(since, **where) -> tuple[int, object]:
    rows = LoginAttempt.objects.filter(created_at__gte=since, **where).filter(~Q(succeeded=True))
    found = rows.aggregate(first=Min("created_at"))
    return rows.count(), found["first"]


def login_attempt_begin(*, identifier: str, address: str | None) -> LoginAttempt:
    """Write down a try, or raise LoginThrottled when the account or the address is over its limit."""
    now = timezone.now()
    account = account_key(identifier)
    LoginAttempt.objects.filter(
        Q(account=account) | Q(address=address), created_at__lt=now - WINDOW
    ).delete()
    attempt = LoginAttempt.objects.create(account=account, address=address)
    checks = [("for this account", {"account": account}, ACCOUNT_FAILURES)]
    if address:
        checks.append(("from your address", {"address": address}, ADDRESS_FAILURES))
    for what, where, limit in checks:
        # This try is counted too (it is pending): at most `limit` tries get their password checked.
        count, first = _failures(now - WINDOW, **where)
        if count > limit:
            attempt.delete()
            retry_after = (
                (first + WINDOW - now).total_seconds() if first else WINDOW.total_seconds()
            )
            raise LoginThrottled(what=what, retry_after_s=int(retry_after))
    return attempt


def login_attempt_end(*, attempt: LoginAttempt, succeeded: bool) -> None:
    """Record how a try ended; a success forgets the account's earlier failures."""
    LoginAttempt.objects.filter(pk=attempt.pk).update(succeeded=succeeded)
    if succeeded:
        LoginAttempt.objects.filter(account=attempt.account).exclude(pk=attempt.pk).delete()


def login_failures_forget(*, user: User) -> None:
    """Lift the brake on an account, e.g. once its owner has set a new password."""
    LoginAttempt.objects.filter(account=f"user:{user.pk}").delete()
