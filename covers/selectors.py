"""Reads of covers."""

from __future__ import annotations

from django.utils import timezone

from accounts.errors import ApplicationError
from accounts.models import Team
from covers.models import CoverFeature, ReferenceAudio


def cover_feature_get(*, team: Team, feature_id: str) -> CoverFeature:
    """The team's unexpired feature with this id, or a 2013 error naming `cover_feature_id`."""
    feature = (
        CoverFeature.objects.select_related("reference")
        .filter(team=team, feature_id=feature_id)
        .first()
    )
    if feature is None:
        raise ApplicationError("cover_feature_id: unknown", field="cover_feature_id")
    if feature.expires_at <= timezone.now():
        raise ApplicationError(
            "cover_feature_id: expired (features last 24 h): analyse the audio again",
            field="cover_feature_id",
        )
    return feature


def reference_list_for_team(*, team: Team):
    return ReferenceAudio.objects.filter(team=team).order_by("-created_at")
