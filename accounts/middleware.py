"""Sets `request.membership`: the signed-in user's membership of the team they work in."""

from __future__ import annotations

from accounts.selectors import membership_default_for_user, membership_get

SESSION_TEAM_KEY = "team_id"


def current_membership(request):
    """The membership of the team chosen in the session, or the user's default team."""
    user = request.user
    if not user.is_authenticated:
        return None
    team_id = request.session.get(SESSION_TEAM_KEY)
    membership = membership_get(user=user, team_id=team_id) if team_id else None
    return membership or membership_default_for_user(user=user)


class CurrentTeamMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = current_membership(request)
        return self.get_response(request)
