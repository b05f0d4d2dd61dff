"""Users, teams, memberships with roles, invitations and API keys."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """A person who signs in. Custom from the first migration so it can grow."""

    email = models.EmailField("email address")

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]


class Plan(models.Model):
    """Limits of a team: API requests per minute per key, concurrent jobs, monthly credits."""

    name = models.CharField(max_length=50, unique=True)
    requests_per_minute = models.PositiveIntegerField(default=60)
    max_running_jobs = models.PositiveIntegerField(default=3)
    monthly_credits = models.PositiveIntegerField(default=1000)

    def __str__(self) -> str:
        return self.name


DEFAULT_PLAN = "studio"


class Team(models.Model):
    """Who owns projects, songs and API usage. Every user has a personal team."""

    name = models.CharField(max_length=100)
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="teams"
    )
    personal_for = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="personal_team",
        help_text="Set on the team created for a user at sign-up.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_personal(self) -> bool:
        return self.personal_for_id is not None


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"


ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2, Role.OWNER: 3}


class Membership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)
    # Notices: results finished after this are unseen; the team's too when asked for.
    notices_seen_at = models.DateTimeField(null=True, blank=True)
    notify_team_results = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="accounts_membership_unique")
        ]
        ordering = ["team_id", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} as {self.role}"

    def has_role(self, at_least: str) -> bool:
        """True when this member's role is `at_least` or higher (viewer < editor < admin < owner)."""
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(at_least)]

    @property
    def can_edit(self) -> bool:
        return self.has_role(Role.EDITOR)

    @property
    def can_manage(self) -> bool:
        return self.has_role(Role.ADMIN)


class Invitation(models.Model):
    """An invitation of an existing user into a team; the invitee accepts or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "invitee"],
                condition=models.Q(status="pending"),
                name="accounts_invitation_one_pending",
            )
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.invitee} to {self.team} as {self.role} ({self.status})"


class ApiKey(models.Model):
    """A key for the APIs. The secret is shown once; only its SHA-256 is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    hashed_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The hidden token of the form that made the key: sending the form again makes no second key.
    creation_token = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "creation_token"],
                condition=models.Q(creation_token__isnull=False),
                name="accounts_api_key_creation_token_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class UsageEntry(models.Model):
    """The ledger: one line per generation call, what it cost and how it ended."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="usage")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    api_key = models.ForeignKey(
        ApiKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="usage"
    )
    kind = models.CharField(max_length=20)  # lyrics | music | cover_preprocess | cover
    via = models.CharField(max_length=10, default="page")  # page | api | music_api
    credits = models.IntegerField(default=0)
    status_code = models.IntegerField(null=True, blank=True)  # Music API code; None while running
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["api_key", "created_at"]),
            models.Index(fields=["team", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.team} ({self.credits} credits)"


class LoginAttempt(models.Model):
    """One try to sign in, kept for the brake on password guessing (a short window of them)."""

    account = models.CharField(
        max_length=200
    )  # "user:<id>" for a known account, else the name tried
    address = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField(null=True)  # None while the password is being checked
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["account", "created_at"]),
            models.Index(fields=["address", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.account} from {self.address} ({self.succeeded})"
