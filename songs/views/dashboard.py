"""Pages of the song workspace."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.refusals import form_refusal
from accounts.selectors import invitation_list_pending_for_user
from engine.errors import EngineError
from songs.forms import ProjectForm
from songs.library import song_list_recent
from songs.selectors import project_list_for_team
from songs.services import projects as services


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "landing.html")


def _dashboard(request: HttpRequest, form: ProjectForm, status: int = 200) -> HttpResponse:
    membership = request.membership
    context = {
        "membership": membership,
        "projects": project_list_for_team(team=membership.team) if membership else [],
        "recent_songs": (
            song_list_recent(team=membership.team, user=request.user) if membership else []
        ),
        "invitations": invitation_list_pending_for_user(user=request.user),
        "project_form": form,
    }
    return render(request, "songs/dashboard.html", context, status=status)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, ProjectForm())


@login_required
@require_POST
def project_create(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if membership is None or not membership.can_edit:
        raise PermissionDenied("Viewers cannot create projects.")
    form = ProjectForm(request.POST)
    if form.is_valid():
        try:
            project = services.project_create(actor=membership, **form.cleaned_data)
        except EngineError as error:
            form_refusal(form, error)
        else:
            messages.success(request, f"Project “{project.title}” created.")
            return redirect("project", project_id=project.pk)
    return _dashboard(request, form, status=400)
