"""Suggestion mode on the draft page: propose a new text for a line, accept, reject, withdraw."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.refusals import flash_refusal, form_refusal
from engine.errors import EngineError
from songs.access import access_draft
from songs.forms import SuggestionForm
from songs.models import LyricDraft, LyricRevision, LyricSuggestion
from songs.services import suggestions as services
from songs.suggestions import suggestion_list_open


def suggestion_card(
    *, draft: LyricDraft, shown: LyricRevision | None, form: SuggestionForm | None = None
) -> dict:
    """What the draft page's Suggestions card needs: the open suggestions and a form to propose
    one on the revision shown."""
    current = draft.current_revision
    return {
        "suggestions": suggestion_list_open(draft=draft, current=current) if current else [],
        "suggestion_form": form or SuggestionForm(initial={"revision": shown and shown.number}),
        "suggest_lines": shown.body.splitlines() if shown else [],
    }


def _back_to_card(draft_id: int) -> HttpResponse:
    return redirect(reverse("draft", args=[draft_id]) + "#suggestions")


def _revision_named(draft: LyricDraft, number: str | None) -> LyricRevision | None:
    """The draft's revision `number` (as typed in a query), else its current one."""
    named = (
        draft.revisions.filter(number=int(number)).first() if number and number.isdigit() else None
    )
    return named or draft.current_revision


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_create(request: HttpRequest, draft_id: int) -> HttpResponse:
    """The proposal form on its own page (?r=<revision>&line=<n>), and where it posts to; the
    draft page carries the same form in its Suggestions card."""
    draft, membership = access_draft(user=request.user, draft_id=draft_id)
    if request.method == "GET":
        shown = _revision_named(draft, request.GET.get("r"))
        form = SuggestionForm(
            initial={"revision": shown and shown.number, "line_number": request.GET.get("line")}
        )
        status = 200
    else:
        form = SuggestionForm(request.POST)
        if form.is_valid():
            revision = get_object_or_404(draft.revisions, number=form.cleaned_data["revision"])
            try:
                services.suggestion_create(
                    actor=membership,
                    revision=revision,
                    line_number=form.cleaned_data["line_number"],
                    text=form.cleaned_data["text"],
                    note=form.cleaned_data["note"],
                )
            except EngineError as error:
                form_refusal(form, error)
            else:
                messages.success(request, "Suggestion sent: the draft's editors decide on it.")
                return _back_to_card(draft.pk)
        shown = _revision_named(draft, request.POST.get("revision"))
        status = 400
    context = {"draft": draft, "project": draft.project, "shown": shown}
    context |= suggestion_card(draft=draft, shown=shown, form=form)
    return render(request, "songs/suggestion_new.html", context, status=status)


def _decide(
    request: HttpRequest,
    draft_id: int,
    suggestion_id: int,
    decide: Callable[..., LyricSuggestion],
) -> LyricSuggestion | None:
    """`decide` applied to one suggestion of the draft; None when refused (the page says why)."""
    draft, membership = access_draft(user=request.user, draft_id=draft_id)
    suggestion = get_object_or_404(draft.suggestions, pk=suggestion_id)
    try:
        return decide(actor=membership, suggestion=suggestion)
    except EngineError as error:
        flash_refusal(request, error)
        return None


@login_required
@require_POST
def suggestion_accept(request: HttpRequest, draft_id: int, suggestion_id: int) -> HttpResponse:
    accepted = _decide(request, draft_id, suggestion_id, services.suggestion_accept)
    if accepted is not None:
        number = accepted.result_revision.number
        messages.success(request, f"Suggestion accepted: the text is now r{number}.")
    return _back_to_card(draft_id)


@login_required
@require_POST
def suggestion_reject(request: HttpRequest, draft_id: int, suggestion_id: int) -> HttpResponse:
    if _decide(request, draft_id, suggestion_id, services.suggestion_reject) is not None:
        messages.success(request, "Suggestion rejected.")
    return _back_to_card(draft_id)


@login_required
@require_POST
def suggestion_withdraw(request: HttpRequest, draft_id: int, suggestion_id: int) -> HttpResponse:
    if _decide(request, draft_id, suggestion_id, services.suggestion_withdraw) is not None:
        messages.success(request, "Suggestion withdrawn.")
    return _back_to_card(draft_id)
