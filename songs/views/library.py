"""The team's song library: every song to find and play, favourites, and the trash."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.access import access_current_team
from accounts.models import Role
from accounts.redirects import redirect_back
from accounts.refusals import flash_refusal
from accounts.selectors import team_member_list
from engine.errors import EngineError
from songs.access import access_song
from songs.context_processors import UNDO_SESSION_KEY
from songs.forms import LibraryForm
from songs.library import song_library, song_list_trashed
from songs.selectors import project_list_for_team
from songs.services.library import (
    TRASH_LIFETIME,
    favourite_set,
    song_delete_forever,
    song_trash,
    song_untrash,
)

SONGS_PER_PAGE = 20


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    """Every song of the team with its current version: search, filters, sort, pages."""
    membership = access_current_team(request)
    form = LibraryForm(
        request.GET,
        projects=project_list_for_team(team=membership.team, include_archived=True),
        members=[m.user for m in team_member_list(team=membership.team)],
    )
    songs = song_library(team=membership.team, user=request.user, query=form.query())
    page = Paginator(songs, SONGS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "membership": membership}
    if request.headers.get("HX-Target") == "library-results":
        return render(request, "songs/partials/library_results.html", context)
    return render(request, "songs/library.html", context)


@login_required
@require_POST
def favourite(request: HttpRequest, song_id: int) -> HttpResponse:
    """Star or unstar a song; htmx gets the button back, a form post the page it came from."""
    song, _ = access_song(user=request.user, song_id=song_id)
    song.is_favourite = favourite_set(
        user=request.user, song=song, on=request.POST.get("on") == "1"
    )
    if request.headers.get("HX-Request"):
        return render(request, "songs/partials/favourite_button.html", {"song": song})
    return redirect_back(request, "song", song.pk)


@login_required
@require_POST
def song_trash_view(request: HttpRequest, song_id: int) -> HttpResponse:
    """Move a song to the trash, with an undo on the next page."""
    song, membership = access_song(user=request.user, song_id=song_id, role=Role.EDITOR)
    try:
        song_trash(actor=membership, song=song)
    except EngineError as error:
        flash_refusal(request, error)
        return redirect("song", song_id=song.pk)
    days = TRASH_LIFETIME.days
    messages.success(request, f"“{song.title}” is in the trash for {days} days.")
    request.session[UNDO_SESSION_KEY] = {
        "action": reverse("song_untrash", args=[song.pk]),
        "label": f"Undo: bring “{song.title}” back",
    }
    return redirect("project", project_id=song.project_id)


@login_required
@require_GET
def trash(request: HttpRequest) -> HttpResponse:
    membership = access_current_team(request)
    context = {
        "songs": song_list_trashed(team=membership.team),
        "membership": membership,
        "lifetime_days": TRASH_LIFETIME.days,
    }
    return render(request, "songs/trash.html", context)


@login_required
@require_POST
def song_untrash_view(request: HttpRequest, song_id: int) -> HttpResponse:
    song, membership = access_song(
        user=request.user, song_id=song_id, role=Role.EDITOR, in_trash=True
    )
    try:
        song_untrash(actor=membership, song=song)
    except EngineError as error:
        flash_refusal(request, error)
        return redirect("trash")
    request.session.pop(UNDO_SESSION_KEY, None)
    messages.success(request, f"“{song.title}” is back.")
    return redirect("song", song_id=song.pk)


@login_required
@require_POST
def song_delete_forever_view(request: HttpRequest, song_id: int) -> HttpResponse:
    song, membership = access_song(
        user=request.user, song_id=song_id, role=Role.EDITOR, in_trash=True
    )
    try:
        song_delete_forever(actor=membership, song=song)
    except EngineError as error:
        flash_refusal(request, error)
    else:
        messages.success(request, f"“{song.title}” and its files were deleted for good.")
    return redirect("trash")
