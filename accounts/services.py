"""Writes: sign-up, teams, memberships, invitations, API keys."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.errors import ApplicationError, Conflict
from accounts.models import ApiKey, Invitation, Membership, Role, Team, User
from accounts.selectors import user_find_by_username_or_email
from accounts.validation import clean_name
from config.prepared import PreparedQuery

API_KEY_PREFIX = "rf"
_LAST_USED_RESOLUTION = timedelta(minutes=1)


# --- users and teams -----------------------------------------------------------------------


@transaction.atomic
def user_signup(*, username: str, email: str, password: str) -> User:
    """Create a user with a personal team they own."""
    username, email = username.strip(), email.strip()
    if not username:
        raise ApplicationError("Choose a username.", field="username")
    try:
        User.username_validator(username)
    except ValidationError as error:
        raise ApplicationError(error.messages[0], field="username") from error
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError("That username is taken.", field="username")
    try:
        validate_email(email)
    except ValidationError as error:
        raise ApplicationError("Enter a valid email address.", field="email") from error
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError("An account with that email exists already.", field="email")
    user = User(username=username, email=email)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.save()
    team = Team.objects.create(name=f"{username}'s team", personal_for=user)
    Membership.objects.create(team=team, user=user, role=Role.OWNER)
    return user


@transaction.atomic
def team_create(*, user: User, name: str) -> Team:
    """A new shared team owned by `user`."""
    team = Team.objects.create(name=clean_name(name, what="team", field="name", max_chars=100))
    Membership.objects.create(team=team, user=user, role=Role.OWNER)
    return team


# --- memberships ---------------------------------------------------------------------------


def _require_manager(actor: Membership) -> None:
    if not actor.can_manage:
        raise ApplicationError("Only owners and admins manage members.", status=403)


def _lock_owners(team: Team) -> int:
    """Count the team's owners while holding row locks, so two demotions cannot both pass."""
    return len(list(Membership.objects.select_for_update().filter(team=team, role=Role.OWNER)))


@transaction.atomic
def membership_set_role(*, actor: Membership, membership: Membership, role: str) -> Membership:
    """Change a member's role within the rules: managers only; owners alone touch owners."""
    _require_manager(actor)
    if role not in Role.values:
        raise ApplicationError("Unknown role.", field="role")
    if membership.team_id != actor.team_id:
        raise ApplicationError("That person is not in this team.", status=404)
    touches_owner = role == Role.OWNER or membership.role == Role.OWNER
    if touches_owner and actor.role != Role.OWNER:
        raise ApplicationError("Only owners can grant or change the owner role.", status=403)
    if membership.role == Role.OWNER and role != Role.OWNER and _lock_owners(actor.team) <= 1:
        raise Conflict(
            "A team keeps at least one owner: make someone else owner first.", field="role"
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, actor: Membership, membership: Membership) -> None:
    """Remove a member (managers) or leave (anyone); the last owner can do neither."""
    if membership.team_id != actor.team_id:
        raise ApplicationError("That person is not in this team.", status=404)
    leaving = membership.pk == actor.pk
    if not leaving:
        _require_manager(actor)
        if membership.role == Role.OWNER and actor.role != Role.OWNER:
            raise ApplicationError("Only owners can remove an owner.", status=403)
    if membership.role == Role.OWNER and _lock_owners(actor.team) <= 1:
        raise Conflict("The last owner cannot leave: make someone else owner first.")
    if membership.team.personal_for_id == membership.user_id:
        raise ApplicationError("A personal team always keeps the person it was made for.")
    ApiKey.objects.filter(
        user_id=membership.user_id, team_id=membership.team_id, revoked_at=None
    ).update(revoked_at=timezone.now())
    membership.delete()


# --- invitations ---------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, actor: Membership, who: str, role: str) -> Invitation:
    """Invite an existing user, found by username or email, into the actor's team."""
    _require_manager(actor)
    if role not in Role.values:
        raise ApplicationError("Unknown role.", field="role")
    if role == Role.OWNER and actor.role != Role.OWNER:
        raise ApplicationError("Only owners can invite owners.", field="role", status=403)
    invitee = user_find_by_username_or_email(who=who)
    if invitee is None:
        raise ApplicationError("No Refrain user has that username or email.", field="who")
    if Membership.objects.filter(team=actor.team, user=invitee).exists():
        raise ApplicationError(f"{invitee.username} is already in this team.", field="who")
    try:
        with transaction.atomic():
            return Invitation.objects.create(
                team=actor.team, invitee=invitee, role=role, invited_by=actor.user
            )
    except IntegrityError as error:
        raise ApplicationError(
            f"{invitee.username} has a pending invitation already.", field="who"
        ) from error


def _answer(invitation: Invitation, status: str) -> Invitation:
    updated = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=status, answered_at=timezone.now()
    )
    if not updated:
        raise Conflict("This invitation was answered already.")
    invitation.refresh_from_db()
    return invitation


@transaction.atomic
def invitation_accept(*, user: User, invitation: Invitation) -> Membership:
    if invitation.invitee_id != user.pk:
        raise ApplicationError("No such invitation.", status=404)
    _answer(invitation, Invitation.Status.ACCEPTED)
    membership, _ = Membership.objects.get_or_create(
        team=invitation.team, user=user, defaults={"role": invitation.role}
    )
    return membership


@transaction.atomic
def invitation_decline(*, user: User, invitation: Invitation) -> Invitation:
    if invitation.invitee_id != user.pk:
        raise ApplicationError("No such invitation.", status=404)
    return _answer(invitation, Invitation.Status.DECLINED)


@transaction.atomic
def invitation_cancel(*, actor: Membership, invitation: Invitation) -> Invitation:
    _require_manager(actor)
    if invitation.team_id != actor.team_id:
        raise ApplicationError("No such invitation.", status=404)
    return _answer(invitation, Invitation.Status.CANCELLED)


# --- API keys ------------------------------------------------------------------------------


def _hash_secret(raw_key: str) -> str:
    # The key carries 256 random bits, so a plain SHA-256 is enough: no brute force can invert it.
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def api_key_create(
    *, user: User, team: Team, name: str, creation_token: str | None = None
) -> tuple[ApiKey, str]:
    """A new key for `user` acting in `team`. Returns the row and the secret, shown once.

    A `creation_token` already used by this user makes no second key (a form sent twice)."""
    name = clean_name(name.strip() or "API key", what="key", field="name", max_chars=100)
    if not Membership.objects.filter(user=user, team=team).exists():
        raise ApplicationError("You are not in that team.", field="team", status=403)
    if creation_token and ApiKey.objects.filter(user=user, creation_token=creation_token).exists():
        raise Conflict(
            "This key was made already and its secret was shown once: if you did not copy it, "
            "revoke it and make another."
        )
    while True:
        prefix = secrets.token_hex(4)
        if not ApiKey.objects.filter(prefix=prefix).exists():
            break
    raw_key = f"{API_KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        user=user,
        team=team,
        name=name,
        prefix=prefix,
        hashed_key=_hash_secret(raw_key),
        creation_token=creation_token or None,
    )
    return key, raw_key


def api_key_revoke(*, user: User, api_key: ApiKey) -> ApiKey:
    if api_key.user_id != user.pk:
        raise ApplicationError("No such key.", status=404)
    ApiKey.objects.filter(pk=api_key.pk, revoked_at=None).update(revoked_at=timezone.now())
    api_key.refresh_from_db()
    return api_key


def _key_by_prefix(*, prefix: str):
    still_member = Membership.objects.filter(
        user_id=OuterRef("user_id"), team_id=OuterRef("team_id")
    )
    return (
        ApiKey.objects.select_related("user")
        .annotate(still_member=Exists(still_member))
        .filter(prefix=prefix)
        .order_by()
    )


# One query on every API call, as plain as it can be and compiled once: the key (by its unique
# prefix, no ordering), its user, and whether the user is still in the key's team.
_KEY_BY_PREFIX = PreparedQuery(_key_by_prefix, prefix=str)


def api_key_verify(*, raw_key: str) -> ApiKey | None:
    """The active key matching `raw_key`, with `last_used_at` brought up to date; else None."""
    parts = raw_key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != API_KEY_PREFIX:
        return None
    found = _KEY_BY_PREFIX.all(prefix=parts[1])
    if not found:
        return None
    key = found[0]
    if not hmac.compare_digest(key.hashed_key, _hash_secret(raw_key.strip())):
        return None
    if key.revoked_at is not None or not key.user.is_active or not key.still_member:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > _LAST_USED_RESOLUTION:
        # Written at most once a minute per key: a busy integration must not write on every call.
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
