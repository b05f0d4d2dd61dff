"""The lyric editor's tools: writing aids for the text being typed, rhymes, and the structure
aids (move or duplicate a section) that rewrite the editor's unsaved text."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from songs.access import access_draft
from songs.lyric_structure import StructureError, section_duplicate, section_move
from songs.writing_aids import line_aids, rhyme_suggestions, section_aids

BODY_MAX_CHARS = 20000


@login_required
@require_POST
def writing_aids(request: HttpRequest) -> HttpResponse:
    """htmx: the gutter (sections, syllables, rhymes, meter warnings) for the text being typed,
    with the section list and the meter notes swapped out of band."""
    body = request.POST.get("body", "")[:BODY_MAX_CHARS].replace("\r\n", "\n")
    context = {"lines": line_aids(body), "sections": section_aids(body), "out_of_band": True}
    return render(request, "songs/partials/writing_aids.html", context)


@login_required
@require_GET
def rhymes(request: HttpRequest) -> HttpResponse:
    """htmx: rhymes for the word under the cursor."""
    word = request.GET.get("word", "").strip()[:40]
    return render(
        request, "songs/partials/rhymes.html", {"word": word, "rhymes": rhyme_suggestions(word)}
    )


class SectionEditForm(forms.Form):
    body = forms.CharField(max_length=BODY_MAX_CHARS, strip=False)
    op = forms.ChoiceField(choices=[("move", "move"), ("duplicate", "duplicate")])
    index = forms.IntegerField(min_value=0)
    to = forms.IntegerField(min_value=0, required=False)

    def clean(self):
        data = super().clean()
        if data.get("op") == "move" and data.get("to") is None:
            self.add_error("to", "Say where the section goes.")
        return data


def _refusal(field: str, message: str) -> JsonResponse:
    return JsonResponse({"field": field, "message": message}, status=400)


@login_required
@require_POST
def section_edit(request: HttpRequest, draft_id: int) -> JsonResponse:
    """JSON: the editor's text with one section moved or duplicated (the writer saves it)."""
    access_draft(user=request.user, draft_id=draft_id, role=Role.EDITOR)
    form = SectionEditForm(request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        return _refusal(field, errors[0])
    data = form.cleaned_data
    body = data["body"].replace("\r\n", "\n")
    try:
        if data["op"] == "move":
            body = section_move(body, index=data["index"], to=data["to"])
        else:
            body = section_duplicate(body, index=data["index"])
    except StructureError as error:
        return _refusal(error.field, error.message)
    return JsonResponse({"body": body})
