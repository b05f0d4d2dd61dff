"""A version's share link over the API: read it, make it (or change its terms), revoke it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.errors import ApplicationError
from accounts.models import Role
from songs import selectors
from songs.access import access_version
from songs.api.common import Input
from songs.services.shares import MAX_EXPIRY_DAYS, share_create, share_revoke


class ShareInput(Input):
    expires_in_days = serializers.IntegerField(
        min_value=1,
        max_value=MAX_EXPIRY_DAYS,
        allow_null=True,
        default=None,
        help_text="the link stops working after this many days; null: never",
    )
    allow_download = serializers.BooleanField(
        default=False, help_text="the public page offers mp3, wav and flac downloads"
    )


class ShareOutput(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text="the public page: no login needed")
    embed_url = serializers.SerializerMethodField(help_text="a player for an <iframe>")
    expires_at = serializers.DateTimeField(allow_null=True)
    allow_download = serializers.BooleanField()
    created_at = serializers.DateTimeField()

    def get_url(self, link) -> str:
        return self.context["request"].build_absolute_uri(link.get_absolute_url())

    def get_embed_url(self, link) -> str:
        return self.context["request"].build_absolute_uri(link.embed_url())


class VersionShareApi(APIView):
    """The version's public link. It shows this version only (title, player, lyrics, credits):
    never the project, the team, other versions or stems. Sharing again while the link is live
    keeps its address with the new terms; after a revoke or expiry, it makes a new address."""

    @extend_schema(responses=ShareOutput)
    def get(self, request: Request, version_id: int) -> Response:
        version, _ = access_version(user=request.user, version_id=version_id)
        link = selectors.share_link_for_version(version=version)
        if link is None:
            raise ApplicationError("This version has no share link.", status=404)
        return Response(ShareOutput(link, context={"request": request}).data)

    @extend_schema(request=ShareInput, responses={201: ShareOutput, 200: ShareOutput})
    def post(self, request: Request, version_id: int) -> Response:
        """Share the version: 201 with a new link, 200 when its live link took the new terms.
        Editors and above."""
        data = ShareInput(data=request.data)
        data.is_valid(raise_exception=True)
        version, membership = access_version(
            user=request.user, version_id=version_id, role=Role.EDITOR
        )
        link, created = share_create(actor=membership, version=version, **data.validated_data)
        return Response(
            ShareOutput(link, context={"request": request}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(responses={204: None})
    def delete(self, request: Request, version_id: int) -> Response:
        """Revoke the link: its address answers 404 from now on. Editors and above."""
        version, membership = access_version(
            user=request.user, version_id=version_id, role=Role.EDITOR
        )
        share_revoke(actor=membership, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)
