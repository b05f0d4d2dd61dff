"""Project pages: overview with drafts, songs, jobs and activity; edit, archive, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.refusals import flash_refusal, form_refusal
from engine.errors import EngineError
from songs import selectors
from songs.access import access_project
from songs.forms import DraftForm, GenerateSongForm, ProjectForm
from songs.services import drafts as draft_services
from songs.services import projects as project_services


def project_page(
    request,
    project,
    membership,
    *,
    project_form=None,
    draft_form=None,
    generate_form=None,
    status=200,
):
    revisions = selectors.current_revisions_for_project(project=project)
    context = {
        "project": project,
        "membership": membership,
        "drafts": selectors.draft_list_for_project(project=project),
        "songs": selectors.song_list_for_project(project=project),
        "jobs": selectors.job_list_recent(project=project),
        "activity": selectors.project_activity(project=project, limit=20),
        "project_form": project_form
        or ProjectForm(
            initial={
                "title": project.title,
                "description": project.description,
                "default_style": project.default_style,
            }
        ),
        "draft_form": draft_form or DraftForm(),
        "generate_form": generate_form
        or GenerateSongForm(revisions=revisions, initial={"prompt": project.default_style}),
    }
    return render(request, "songs/project.html", context, status=status)


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project, membership = access_project(user=request.user, project_id=project_id)
    return project_page(request, project, membership)


@login_required
@require_POST
def project_update(request: HttpRequest, project_id: int) -> HttpResponse:
    project, membership = access_project(user=request.user, project_id=project_id, role=Role.EDITOR)
    form = ProjectForm(request.POST)
    if form.is_valid():
        try:
            project_services.project_update(actor=membership, project=project, **form.cleaned_data)
        except EngineError as error:
            form_refusal(form, error)
        else:
            messages.success(request, "Project saved.")
            return redirect("project", project_id=project.pk)
    return project_page(request, project, membership, project_form=form, status=400)


@login_required
@require_POST
def project_archive(request: HttpRequest, project_id: int) -> HttpResponse:
    project, membership = access_project(user=request.user, project_id=project_id, role=Role.ADMIN)
    archived = request.POST.get("archived", "1") == "1"
    project_services.project_archive(actor=membership, project=project, archived=archived)
    messages.success(request, f"“{project.title}” {'archived' if archived else 'is back'}.")
    return redirect("project", project_id=project.pk)


@login_required
@require_POST
def project_delete(request: HttpRequest, project_id: int) -> HttpResponse:
    project, membership = access_project(user=request.user, project_id=project_id, role=Role.ADMIN)
    try:
        project_services.project_delete(actor=membership, project=project)
    except EngineError as error:
        flash_refusal(request, error)
        return redirect("project", project_id=project.pk)
    messages.success(request, f"“{project.title}” was deleted with its drafts and songs.")
    return redirect("dashboard")


@login_required
@require_POST
def draft_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project, membership = access_project(user=request.user, project_id=project_id, role=Role.EDITOR)
    form = DraftForm(request.POST)
    if form.is_valid():
        try:
            draft = draft_services.draft_create(
                actor=membership, project=project, **form.cleaned_data
            )
        except EngineError as error:
            form_refusal(form, error)
        else:
            return redirect("draft", draft_id=draft.pk)
    return project_page(request, project, membership, draft_form=form, status=400)
