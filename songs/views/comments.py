"""Comments on a draft's text: a new thread on words of the revision shown, replies, resolving."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.refusals import flash_refusal, form_refusal
from engine.errors import EngineError
from songs.access import access_draft
from songs.forms import CommentForm
from songs.models import LyricComment
from songs.services import comments as services
from songs.views.drafts import draft_page


def _thread_url(draft_id: int, number: int, thread_id: int) -> str:
    return reverse("draft", args=[draft_id]) + f"?r={number}#comment-{thread_id}"


@login_required
@require_POST
def comment_create(request: HttpRequest, draft_id: int, number: int) -> HttpResponse:
    draft, membership = access_draft(user=request.user, draft_id=draft_id)
    revision = get_object_or_404(draft.revisions, number=number)
    form = CommentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        parent = (
            get_object_or_404(LyricComment, pk=data["parent"], revision__draft=draft)
            if data.get("parent")
            else None
        )
        try:
            comment = services.lyric_comment_create(
                actor=membership,
                revision=revision,
                parent=parent,
                line_number=data["line_number"],
                start_col=data["start_col"] or 0,
                end_col=data["end_col"] or 0,
                quote=data["quote"] or None,
                body=data["body"],
            )
        except EngineError as error:
            form_refusal(form, error)
        else:
            return redirect(_thread_url(draft.pk, number, comment.parent_id or comment.pk))
    request.GET = request.GET.copy()
    request.GET["r"] = str(number)
    return draft_page(request, draft, membership, comment_form=form, status=400)


@login_required
@require_POST
def comment_resolve(request: HttpRequest, draft_id: int, comment_id: int) -> HttpResponse:
    draft, membership = access_draft(user=request.user, draft_id=draft_id)
    comment = get_object_or_404(LyricComment, pk=comment_id, revision__draft=draft)
    try:
        thread = services.lyric_comment_resolve(
            actor=membership, comment=comment, resolved=request.POST.get("resolved", "1") == "1"
        )
    except EngineError as error:
        flash_refusal(request, error)
        thread = comment.parent or comment
    shown = request.POST.get("r", "")
    number = int(shown) if shown.isdigit() else draft.current_revision.number
    return redirect(_thread_url(draft.pk, number, thread.pk))
