"""The lyric editor: save with merge, history, diff, restore, AI help (comments:
songs/views/comments.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.refusals import form_refusal
from engine.errors import EngineError
from songs import selectors
from songs.access import access_draft
from songs.forms import (
    CommentForm,
    EditLyricsForm,
    GenerateSongForm,
    ResolveConflictForm,
    SaveLyricsForm,
    WriteLyricsForm,
)
from songs.services import drafts as services
from songs.services.generation import lyrics_generate
from songs.views import co_writing
from songs.views.comment_context import comment_context
from songs.views.suggestions import suggestion_card
from songs.writing_aids import line_aids, section_aids


def draft_page(
    request,
    draft,
    membership,
    *,
    save_form=None,
    conflict=None,
    comment_form=None,
    status=200,
    write_form=None,
    edit_form=None,
    chosen=None,
    refusal=None,
    merge_message="",
):
    """The draft page; with `conflict`, the merge view replaces the editor (`chosen`: the
    writer's choices so far, `refusal`: the form that says why they were not saved)."""
    current = draft.current_revision
    shown_number = request.GET.get("r")
    shown = (
        draft.revisions.filter(number=int(shown_number)).first()
        if shown_number and shown_number.isdigit()
        else None
    )
    shown = shown or current
    context = {
        "draft": draft,
        "project": draft.project,
        "membership": membership,
        "current": current,
        "shown": shown,
        "shown_lines": line_aids(shown.body if shown else ""),
        "revisions": selectors.revision_list_for_draft(draft=draft),
        **comment_context(request, draft=draft, shown=shown),
        "save_form": save_form
        or SaveLyricsForm(
            initial={
                "base": current.number if current else 0,
                "body": current.body if current else "",
            }
        ),
        "conflict": conflict,
        "merge_rows": co_writing.merge_rows(conflict.regions, chosen) if conflict else [],
        "merge_choices": co_writing.MERGE_CHOICES,
        "resolve_form": refusal
        or (
            ResolveConflictForm(
                initial={
                    "base": conflict.theirs.number,
                    "since": conflict.base.number,
                    "yours": conflict.yours,
                    "message": merge_message,
                }
            )
            if conflict
            else None
        ),
        "just_saved": request.session.pop(co_writing.JUST_SAVED, None) == draft.pk,
        "comment_form": comment_form or CommentForm(),
        "write_form": write_form or WriteLyricsForm(),
        "edit_form": edit_form or EditLyricsForm(),
        "generate_form": GenerateSongForm(
            revisions=[current] if current else [],
            initial={
                "revision": current.pk if current else None,
                "prompt": draft.project.default_style,
                "title": draft.title,
            },
        ),
        "jobs": selectors.job_list_active(of=draft),
    }
    # The editor's gutter and section list follow the text in the editor (a conflict's included).
    editor_body = (context["save_form"]["body"].value() or "").replace("\r\n", "\n")
    context["editor_lines"] = line_aids(editor_body)
    context["editor_sections"] = section_aids(editor_body)
    context |= suggestion_card(draft=draft, shown=shown)
    return render(request, "songs/draft.html", context, status=status)


@login_required
def draft_detail(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft, membership = access_draft(user=request.user, draft_id=draft_id)
    return draft_page(request, draft, membership)


def _conflict_page(request, draft, membership, conflict, message: str) -> HttpResponse:
    """The merge view of a 409, on the draft as it is now."""
    draft.refresh_from_db()
    return draft_page(
        request, draft, membership, conflict=conflict, merge_message=message, status=409
    )


@login_required
@require_POST
def draft_save(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft, membership = access_draft(user=request.user, draft_id=draft_id, role=Role.EDITOR)
    form = SaveLyricsForm(request.POST)
    if not form.is_valid():
        return draft_page(request, draft, membership, save_form=form, status=400)
    data = form.cleaned_data
    try:
        outcome = services.lyric_revision_save(
            actor=membership,
            draft=draft,
            base_number=data["base"],
            body=data["body"],
            message=data["message"],
        )
    except services.MergeConflict as conflict:
        return _conflict_page(request, draft, membership, conflict, data["message"])
    except EngineError as error:
        form_refusal(form, error)
        return draft_page(request, draft, membership, save_form=form, status=400)
    return co_writing.saved(request, draft.pk, outcome)


@login_required
@require_POST
def draft_resolve(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Save the text built from the merge view's choices."""
    draft, membership = access_draft(user=request.user, draft_id=draft_id, role=Role.EDITOR)
    form = ResolveConflictForm(request.POST)
    if not form.is_valid():  # only a page tampered with gets here; the text stays in the browser
        messages.error(request, "That merge could not be read: open the draft and save again.")
        return draft_page(request, draft, membership, status=400)
    data = form.cleaned_data
    since = get_object_or_404(draft.revisions, number=data["since"])
    theirs = get_object_or_404(draft.revisions, number=data["base"])
    chosen = form.resolutions()
    try:
        outcome = services.lyric_conflict_resolve(
            actor=membership,
            draft=draft,
            base=since,
            theirs=theirs,
            yours=data["yours"],
            resolutions=chosen,
            message=data["message"],
        )
    except services.MergeConflict as conflict:  # a third writer saved meanwhile: choose again
        return _conflict_page(request, draft, membership, conflict, data["message"])
    except EngineError as error:
        form_refusal(form, error)
        conflict = services.MergeConflict.between(since, theirs, data["yours"])
        return draft_page(
            request, draft, membership, conflict=conflict, chosen=chosen, refusal=form, status=400
        )
    return co_writing.saved(request, draft.pk, outcome)


@login_required
@require_POST
def draft_generate_lyrics(request: HttpRequest, draft_id: int, mode: str) -> HttpResponse:
    draft, membership = access_draft(user=request.user, draft_id=draft_id, role=Role.EDITOR)
    form_class = WriteLyricsForm if mode == "write_full_song" else EditLyricsForm
    form = form_class(request.POST)
    if form.is_valid():
        try:
            lyrics_generate(
                actor=membership,
                draft=draft,
                mode=mode,
                prompt=form.cleaned_data["prompt"],
                idempotency_key=form.cleaned_data["token"],
            )
        except EngineError as error:
            form_refusal(form, error)
        else:
            messages.info(
                request, "The lyrics generator is at work: its text will arrive as a new revision."
            )
            return redirect("draft", draft_id=draft.pk)
    forms = {"write_form": form} if mode == "write_full_song" else {"edit_form": form}
    return draft_page(request, draft, membership, status=400, **forms)


@login_required
@require_POST
def revision_restore(request: HttpRequest, draft_id: int, number: int) -> HttpResponse:
    draft, membership = access_draft(user=request.user, draft_id=draft_id, role=Role.EDITOR)
    revision = get_object_or_404(draft.revisions, number=number)
    restored = services.lyric_revision_restore(actor=membership, revision=revision)
    messages.success(request, f"r{number} restored as r{restored.number}.")
    return redirect("draft", draft_id=draft.pk)


@login_required
@require_GET
def draft_diff(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft, membership = access_draft(user=request.user, draft_id=draft_id)
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError as error:
        raise Http404("Choose two revisions.") from error
    old = get_object_or_404(draft.revisions, number=a)
    new = get_object_or_404(draft.revisions, number=b)
    rows = selectors.lines_diff(old.body, new.body)
    context = {
        "draft": draft,
        "project": draft.project,
        "old": old,
        "new": new,
        "rows": rows,
        "added": sum(row.op == "add" for row in rows),
        "removed": sum(row.op == "remove" for row in rows),
        "revisions": selectors.revision_list_for_draft(draft=draft),
    }
    return render(request, "songs/draft_diff.html", context)
