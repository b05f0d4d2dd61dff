"""Co-writing a draft live: who has it open, what teammates saved since, and merging their text
into mine before I save; the rows of the merge view that resolves an overlap line by line."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from accounts.models import Role
from songs import presence
from songs.access import access_draft
from songs.lyric_merge import Agreed, Choice, Overlap, Region, Resolution
from songs.services import drafts as services
from songs.services.presence import presence_touch

JUST_SAVED = "refrain.just_saved_draft"  # tells the page it may forget the text kept in the browser
MERGE_CHOICES = [
    (Choice.MINE.value, "Keep mine"),
    (Choice.THEIRS.value, "Keep theirs"),
    (Choice.BOTH.value, "Keep both (theirs, then mine)"),
    (Choice.EDIT.value, "Edit"),
]


@dataclass(frozen=True)
class MergeRow:
    """One region of the merge view: merged text, or an overlap with the writer's choice so far."""

    agreed: str = ""
    overlap: Overlap | None = None
    index: int = 0
    choice: str = ""
    text: str = ""


def merge_rows(
    regions: list[Region], chosen: dict[int, Resolution] | None = None
) -> list[MergeRow]:
    rows, index = [], 0
    for region in regions:
        if isinstance(region, Agreed):
            rows.append(MergeRow(agreed=region.text))
            continue
        made = (chosen or {}).get(index)
        rows.append(
            MergeRow(
                overlap=region,
                index=index,
                choice=made.choice.value if made else "",
                text=made.text
                if made and made.choice is Choice.EDIT
                else region.theirs + region.yours,
            )
        )
        index += 1
    return rows


def saved(request: HttpRequest, draft_id: int, outcome: services.SaveOutcome) -> HttpResponse:
    """After a save: say what happened and show the draft."""
    revision = outcome.revision
    if outcome.unchanged:
        messages.info(request, "Nothing changed since the last revision.")
    elif outcome.merged:
        messages.success(request, f"Saved as r{revision.number}, merged with a teammate's changes.")
    else:
        messages.success(request, f"Saved as r{revision.number}.")
    request.session[JUST_SAVED] = draft_id
    return redirect("draft", draft_id=draft_id)


@login_required
@require_POST
def draft_presence(request: HttpRequest, draft_id: int) -> HttpResponse:
    """htmx, every few seconds: I am here (and typing in this section); who else is, and what
    was saved on top of the revision my text started from."""
    draft, membership = access_draft(user=request.user, draft_id=draft_id)
    editing = membership.can_edit and request.POST.get("editing") == "1"
    presence_touch(
        actor=membership, draft=draft, editing=editing, section=request.POST.get("section", "")
    )
    base = request.POST.get("base", "")
    news = presence.draft_news(draft=draft, since_number=int(base)) if base.isdigit() else None
    writers = presence.writers_present(draft=draft, you_id=request.user.pk)
    context = {
        "draft": draft,
        "writers": writers,
        "others_editing": [writer for writer in writers if writer.editing and not writer.is_you],
        "news": news,
        "can_merge": membership.can_edit and request.POST.get("dirty") == "1",
    }
    html = render_to_string("songs/partials/presence.html", context, request=request)
    digest = hashlib.blake2b(html.encode(), digest_size=8).hexdigest()
    if request.POST.get("digest") == digest:
        return HttpResponse(status=204)
    response = HttpResponse(html)
    response["X-Presence-Digest"] = digest
    return response


@login_required
@require_POST
def draft_merge_preview(request: HttpRequest, draft_id: int) -> JsonResponse:
    """My unsaved text merged with what teammates saved since my base, to put in my editor."""
    draft, _ = access_draft(user=request.user, draft_id=draft_id, role=Role.EDITOR)
    number = request.POST.get("base", "")
    base = draft.revisions.filter(number=int(number)).first() if number.isdigit() else None
    if base is None:
        return JsonResponse({"detail": "Name the revision your text started from."}, status=400)
    preview = presence.merge_preview(draft=draft, base=base, body=request.POST.get("body", ""))
    return JsonResponse(
        {"base": preview.onto.number, "body": preview.body, "overlaps": preview.overlaps}
    )
