"""`access_*`: fetch what a user asked for and check they may, or raise.

A team the user is not in answers 404 (its existence is not revealed); a role too low answers 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Membership, Role, User
from accounts.selectors import membership_get


def access_team(*, user: User, team_id: int, role: str = Role.VIEWER) -> Membership:
    """The user's membership of team `team_id`, which must carry at least `role`."""
    membership = membership_get(user=user, team_id=team_id) if user.is_authenticated else None
    if membership is None:
        raise Http404("No such team.")
    if not membership.has_role(role):
        raise PermissionDenied(f"This needs the {Role(role).label.lower()} role or higher.")
    return membership


def access_current_team(request, role: str = Role.VIEWER) -> Membership:
    """The membership of the team the user works in (the session's), which must carry `role`."""
    if request.membership is None:
        raise Http404("No team.")
    return access_team(user=request.user, team_id=request.membership.team_id, role=role)
