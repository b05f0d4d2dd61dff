"""Reads about users, teams, memberships and keys."""

from __future__ import annotations

from django.db.models import Case, QuerySet, Value, When

from accounts.models import ApiKey, Invitation, Membership, Team, UsageEntry, User

# A user signed in with an API key acts for the key's team only: set on that request's user by
# `accounts.authentication`, read by every selector below, so no view can reach past the key.
KEY_TEAM_ATTRIBUTE = "api_key_team_id"


def _memberships_of(user: User) -> QuerySet[Membership]:
    memberships = Membership.objects.filter(user=user)
    key_team_id = getattr(user, KEY_TEAM_ATTRIBUTE, None)
    return memberships if key_team_id is None else memberships.filter(team_id=key_team_id)


def team_ids_for_user(*, user: User) -> QuerySet | list[int]:
    """Ids of the teams whose work the user may see (for filtering lists)."""
    key_team_id = getattr(user, KEY_TEAM_ATTRIBUTE, None)
    if key_team_id is not None:
        # Held to an API key's team, whose membership the key's check has just confirmed
        # (accounts.services.api_key_verify): no subquery to ask again.
        return [key_team_id]
    return _memberships_of(user).values("team_id")


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    """The user's memberships, personal team first, then by team name."""
    return (
        _memberships_of(user)
        .select_related("team")
        .annotate(
            is_own_personal=Case(When(team__personal_for=user, then=Value(0)), default=Value(1))
        )
        .order_by("is_own_personal", "team__name", "team_id")
    )


def membership_get(*, user: User, team_id: int) -> Membership | None:
    return _memberships_of(user).select_related("team").filter(team_id=team_id).first()


def membership_default_for_user(*, user: User) -> Membership | None:
    """The team a user works in when none is chosen: the personal team, else the first."""
    return membership_list_for_user(user=user).first()


def team_member_list(*, team: Team) -> QuerySet[Membership]:
    return Membership.objects.filter(team=team).select_related("user").order_by("user__username")


def invitation_list_pending_for_team(*, team: Team) -> QuerySet[Invitation]:
    return Invitation.objects.filter(team=team, status=Invitation.Status.PENDING).select_related(
        "invitee"
    )


def invitation_list_pending_for_user(*, user: User) -> QuerySet[Invitation]:
    return Invitation.objects.filter(invitee=user, status=Invitation.Status.PENDING).select_related(
        "team", "invited_by"
    )


def api_key_list_for_user(*, user: User) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(user=user).select_related("team")


def user_find_by_username_or_email(*, who: str) -> User | None:
    who = who.strip()
    if not who:
        return None
    if "@" in who:
        return User.objects.filter(email__iexact=who, is_active=True).first()
    return User.objects.filter(username__iexact=who, is_active=True).first()


def usage_list_for_team(*, team: Team) -> QuerySet[UsageEntry]:
    """The team's ledger, newest first."""
    return UsageEntry.objects.filter(team=team).select_related("user", "api_key")
