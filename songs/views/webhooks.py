"""Pages of a team's webhooks: the endpoints, one endpoint with its delivery log, and its
actions. Owners and admins only; a new or rotated secret is in the answer to its POST alone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import access_team
from accounts.models import Membership, Role
from accounts.refusals import flash_refusal, form_refusal
from engine.errors import EngineError
from songs.access import access_webhook_endpoint
from songs.forms import WebhookEndpointForm
from songs.models import MessageStatus, WebhookEndpoint
from songs.services import webhooks as services
from songs.webhooks import selectors

MESSAGES_PER_PAGE = 25


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@login_required
def webhook_list(request: HttpRequest, team_id: int) -> HttpResponse:
    """The team's endpoints, and the form that adds one (its secret is shown on its page)."""
    membership = access_team(user=request.user, team_id=team_id, role=Role.ADMIN)
    form = WebhookEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.webhook_endpoint_create(
                actor=membership, **form.cleaned_data
            )
        except EngineError as error:
            form_refusal(form, error)
        else:
            messages.success(request, "Endpoint added. Copy its signing secret now.")
            return _endpoint_page(request, membership, endpoint, new_secret=secret, status=201)
    context = {
        "team": membership.team,
        "endpoints": selectors.webhook_endpoint_list(team=membership.team),
        "form": form,
    }
    return render(request, "songs/webhooks.html", context, status=400 if form.errors else 200)


def _endpoint_page(
    request: HttpRequest,
    membership: Membership,
    endpoint: WebhookEndpoint,
    *,
    form: WebhookEndpointForm | None = None,
    new_secret: str | None = None,
    status: int = 200,
) -> HttpResponse:
    if form is None:
        initial = {
            "url": endpoint.url,
            "description": endpoint.description,
            "events": endpoint.events,
            "enabled": endpoint.enabled,
        }
        form = WebhookEndpointForm(initial=initial)
    shown = request.GET.get("status", "")
    page = Paginator(
        selectors.webhook_message_list(
            endpoint=endpoint, status=shown if shown in MessageStatus.values else None
        ),
        MESSAGES_PER_PAGE,
    ).get_page(request.GET.get("page"))
    context = {
        "team": membership.team,
        "endpoint": endpoint,
        "form": form,
        "new_secret": new_secret,
        "page": page,
        "shown": shown,
        "statuses": MessageStatus.choices,
    }
    return _no_store(render(request, "songs/webhook.html", context, status=status))


@login_required
def webhook_detail(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """The endpoint's settings (changed by a POST here) and its delivery log."""
    endpoint, membership = access_webhook_endpoint(user=request.user, endpoint_id=endpoint_id)
    if request.method != "POST":
        return _endpoint_page(request, membership, endpoint)
    form = WebhookEndpointForm(request.POST)
    if form.is_valid():
        try:
            services.webhook_endpoint_update(
                actor=membership, endpoint=endpoint, **form.cleaned_data
            )
        except EngineError as error:
            form_refusal(form, error)
        else:
            messages.success(request, "Endpoint saved.")
            return redirect("webhook", endpoint_id=endpoint.pk)
    endpoint.refresh_from_db()
    return _endpoint_page(request, membership, endpoint, form=form, status=400)


@login_required
@require_POST
def webhook_delete(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint, membership = access_webhook_endpoint(user=request.user, endpoint_id=endpoint_id)
    services.webhook_endpoint_delete(actor=membership, endpoint=endpoint)
    messages.success(request, f"Endpoint {endpoint.url} deleted, with its delivery log.")
    return redirect("webhooks", team_id=membership.team_id)


@login_required
@require_POST
def webhook_secret_rotate(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint, membership = access_webhook_endpoint(user=request.user, endpoint_id=endpoint_id)
    secret = services.webhook_secret_rotate(actor=membership, endpoint=endpoint)
    messages.success(request, "New signing secret made: the old one no longer signs.")
    return _endpoint_page(request, membership, endpoint, new_secret=secret)


@login_required
@require_POST
def webhook_test(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint, membership = access_webhook_endpoint(user=request.user, endpoint_id=endpoint_id)
    try:
        services.webhook_test_send(actor=membership, endpoint=endpoint)
    except EngineError as error:
        flash_refusal(request, error)
    else:
        messages.success(request, "Test event queued: it shows in the log below once sent.")
    return redirect("webhook", endpoint_id=endpoint.pk)


@login_required
@require_POST
def webhook_message_retry(request: HttpRequest, endpoint_id: int, message_id: int) -> HttpResponse:
    endpoint, membership = access_webhook_endpoint(user=request.user, endpoint_id=endpoint_id)
    message = selectors.webhook_message_get(endpoint=endpoint, message_id=message_id)
    if message is None:
        raise Http404("No such message.")
    try:
        services.webhook_message_retry(actor=membership, message=message)
    except EngineError as error:
        flash_refusal(request, error)
    else:
        messages.success(request, f"Message {message.msg_id} queued again.")
    return redirect("webhook", endpoint_id=endpoint.pk)
