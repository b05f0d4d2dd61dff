from accounts.selectors import invitation_list_pending_for_user, membership_list_for_user


def teams(request) -> dict:
    """The team switcher's data for every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership,
        "my_memberships": membership_list_for_user(user=user),
        "pending_invitation_count": invitation_list_pending_for_user(user=user).count(),
    }
