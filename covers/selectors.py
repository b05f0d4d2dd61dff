"""Reads of covers."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.errors import ApplicationError
from accounts.models import Membership, Team, User
from accounts.selectors import team_ids_for_user
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


def feature_list_for_user(*, user: User, team_id: int | None = None) -> QuerySet[CoverFeature]:
    """Analyses of the teams the user sees (or of one of them), newest first (expired ones too,
    until they are purged, as the covers page lists them)."""
    features = CoverFeature.objects.filter(team__in=team_ids_for_user(user=user))
    if team_id is not None:
        features = features.filter(team_id=team_id)
    return features.select_related("reference").order_by("-created_at", "-pk")


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


def access_feature_for_user(
    *, user: User, feature_id: str, team_id: int | None = None
) -> CoverFeature:
    """The analysis with this id in one of the user's teams (in `team_id` if given), or 404 for
    anyone else. The same recording analysed in two of the user's teams has the same id in both:
    the newer analysis answers unless `team_id` names one."""
    feature = (
        feature_list_for_user(user=user, team_id=team_id).filter(feature_id=feature_id).first()
    )
    if feature is None:
        raise Http404("No such analysis in your teams.")
    return feature


def access_reference(*, membership: Membership, reference_id: int) -> ReferenceAudio:
    """The team's kept recording with this id, or 404."""
    reference = ReferenceAudio.objects.filter(pk=reference_id, team=membership.team).first()
    if reference is None:
        raise Http404("No such recording.")
    return reference
