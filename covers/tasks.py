"""django-q2 tasks of covers."""

from covers.services import cover_feature_purge_expired


def purge_expired_features() -> int:
    """Periodic: cover features last 24 h."""
    return cover_feature_purge_expired()
