"""Reads of covers."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.errors import ApplicationError
from accounts.models import Membership, Team
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


def feature_list_for_team(*, team: Team) -> QuerySet[CoverFeature]:
    """The team's analyses, newest first (expired ones too, until they are purged)."""
    return (
        CoverFeature.objects.filter(team=team).select_related("reference").order_by("-created_at")
    )


def reference_list_for_team(*, team: Team) -> QuerySet[ReferenceAudio]:
    return (
        ReferenceAudio.objects.filter(team=team)
        .select_related("created_by")
        .order_by("-created_at")
    )


def access_feature(*, membership: Membership, feature_id: str) -> CoverFeature:
    """The team's analysis with this id, or 404 (expired ones still show, until purged)."""
    feature = feature_list_for_team(team=membership.team).filter(feature_id=feature_id).first()
    if feature is None:
        raise Http404("No such analysis in this team.")
    return feature


def access_reference(*, membership: Membership, reference_id: int) -> ReferenceAudio:
    """The team's kept recording with this id, or 404."""
    reference = ReferenceAudio.objects.filter(pk=reference_id, team=membership.team).first()
    if reference is None:
        raise Http404("No such recording.")
    return reference
