"""A team's webhook endpoints over the API: list and add them (the secret is in the creation's
answer alone), read, change and delete one, rotate its secret, send it a test event, read its
delivery log and retry a failed message. Owners and admins of the team only."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_errors import ErrorOutput
from accounts.models import Role
from songs.access import access_webhook_endpoint
from songs.api.common import IdField, Input, acting_membership, query_filters
from songs.models import MessageStatus, WebhookEvent
from songs.services import webhooks as services
from songs.webhooks import selectors

_HTTP_URL = RegexValidator(r"^https?://[^/?#\s]+", "Give an http:// or https:// URL with a host.")


def UrlField(**kwargs) -> serializers.CharField:  # noqa: N802  (a field factory, read like a class)
    return serializers.CharField(
        max_length=services.MAX_URL_CHARS,
        validators=[_HTTP_URL],
        help_text="where messages are POSTed: http(s), not a private or local address",
        **kwargs,
    )


def EventsField(**kwargs) -> serializers.ListField:  # noqa: N802
    return serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.values),
        min_length=1,
        max_length=len(WebhookEvent.values),
        help_text="the events this endpoint is sent",
        **kwargs,
    )


class EndpointOutput(serializers.Serializer):
    id = serializers.IntegerField()
    team_id = serializers.IntegerField()
    url = serializers.CharField()
    description = serializers.CharField()
    events = serializers.ListField(child=serializers.CharField())
    enabled = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class EndpointWithSecretOutput(EndpointOutput):
    secret = serializers.CharField(help_text="the signing secret (whsec_...): shown only here")


class SecretOutput(serializers.Serializer):
    secret = serializers.CharField(help_text="the new signing secret: shown only here")


class AttemptOutput(serializers.Serializer):
    number = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    status_code = serializers.IntegerField(allow_null=True, help_text="the endpoint's HTTP status")
    error = serializers.CharField(help_text="why the attempt failed without an answer, if it did")
    response_ms = serializers.IntegerField()
    response_body = serializers.CharField(help_text="the first 1,000 characters of the answer")
    succeeded = serializers.BooleanField()


class MessageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    msg_id = serializers.CharField(help_text="the webhook-id header: the same on every retry")
    event_type = serializers.CharField()
    status = serializers.ChoiceField(choices=MessageStatus.values)
    body = serializers.CharField(help_text="the exact JSON that is signed and sent")
    attempts = AttemptOutput(many=True, source="attempt_log.all")
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    retry_until = serializers.DateTimeField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class EndpointInput(Input):
    team = IdField(required=False, help_text="default: the API key's team or your current team")
    url = UrlField()
    events = EventsField()
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    enabled = serializers.BooleanField(required=False, default=True)


class EndpointUpdateInput(Input):
    url = UrlField(required=False)
    events = EventsField(required=False)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    enabled = serializers.BooleanField(required=False)


class EndpointFilters(serializers.Serializer):
    team = IdField(required=False, help_text="default: the API key's team or your current team")


class MessageFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=MessageStatus.values, required=False)


class WebhookListApi(ListAPIView):
    """The team's webhook endpoints. Adding one answers its signing secret, this once."""

    serializer_class = EndpointOutput
    pagination_class = None

    @extend_schema(parameters=[EndpointFilters])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        team_id = query_filters(self.request, EndpointFilters).get("team")
        membership = acting_membership(self.request, team_id, role=Role.ADMIN)
        return selectors.webhook_endpoint_list(team=membership.team_id)

    @extend_schema(
        request=EndpointInput, responses={201: EndpointWithSecretOutput, 409: ErrorOutput}
    )
    def post(self, request: Request) -> Response:
        data = EndpointInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        membership = acting_membership(request, fields.pop("team", None), role=Role.ADMIN)
        endpoint, secret = services.webhook_endpoint_create(actor=membership, **fields)
        endpoint.secret = secret
        body = EndpointWithSecretOutput(endpoint).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


class WebhookDetailApi(APIView):
    @extend_schema(responses=EndpointOutput)
    def get(self, request: Request, endpoint_id: int) -> Response:
        endpoint, _ = access_webhook_endpoint(user=request.user, endpoint_id=endpoint_id)
        return Response(EndpointOutput(endpoint).data)

    @extend_schema(request=EndpointUpdateInput, responses=EndpointOutput)
    def patch(self, request: Request, endpoint_id: int) -> Response:
        """Change what is given; `enabled: false` stops deliveries (pending messages wait)."""
        endpoint, membership = access_webhook_endpoint(user=request.user, endpoint_id=endpoint_id)
        data = EndpointUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = services.webhook_endpoint_update(
            actor=membership, endpoint=endpoint, **data.validated_data
        )
        return Response(EndpointOutput(endpoint).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, endpoint_id: int) -> Response:
        """Delete the endpoint, its messages and their log."""
        endpoint, membership = access_webhook_endpoint(user=request.user, endpoint_id=endpoint_id)
        services.webhook_endpoint_delete(actor=membership, endpoint=endpoint)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookSecretRotateApi(APIView):
    @extend_schema(request=None, responses=SecretOutput)
    def post(self, request: Request, endpoint_id: int) -> Response:
        """A new signing secret, answered this once; the old one stops signing at once."""
        endpoint, membership = access_webhook_endpoint(user=request.user, endpoint_id=endpoint_id)
        secret = services.webhook_secret_rotate(actor=membership, endpoint=endpoint)
        return Response({"secret": secret}, headers={"Cache-Control": "no-store"})


class WebhookTestApi(APIView):
    @extend_schema(request=None, responses={202: MessageOutput, 409: ErrorOutput})
    def post(self, request: Request, endpoint_id: int) -> Response:
        """Queue a `webhook.test` event to this endpoint alone (409 when it is disabled)."""
        endpoint, membership = access_webhook_endpoint(user=request.user, endpoint_id=endpoint_id)
        message = services.webhook_test_send(actor=membership, endpoint=endpoint)
        return Response(MessageOutput(message).data, status=status.HTTP_202_ACCEPTED)


class WebhookMessageListApi(ListAPIView):
    """The endpoint's delivery log, newest first: each message with every attempt."""

    serializer_class = MessageOutput

    @extend_schema(parameters=[MessageFilters])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        endpoint, _ = access_webhook_endpoint(
            user=self.request.user, endpoint_id=self.kwargs["endpoint_id"]
        )
        filters = query_filters(self.request, MessageFilters)
        return selectors.webhook_message_list(endpoint=endpoint, status=filters.get("status"))


class WebhookMessageRetryApi(APIView):
    @extend_schema(request=None, responses={202: MessageOutput, 409: ErrorOutput})
    def post(self, request: Request, endpoint_id: int, message_id: int) -> Response:
        """Try a failed message again now (409 unless it failed, or when the endpoint is
        disabled)."""
        endpoint, membership = access_webhook_endpoint(user=request.user, endpoint_id=endpoint_id)
        message = selectors.webhook_message_get(endpoint=endpoint, message_id=message_id)
        if message is None:
            raise Http404("No such message.")
        message = services.webhook_message_retry(actor=membership, message=message)
        return Response(MessageOutput(message).data, status=status.HTTP_202_ACCEPTED)
