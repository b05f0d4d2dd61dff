"""The cover wizard: a recording in, its analysis shown, lyrics edited, a cover out."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import access_current_team
from accounts.models import Role
from accounts.refusals import form_refusal
from covers import lanes, selectors, services
from covers.forms import CoverForm, ReferenceForm
from engine.errors import EngineError
from songs.files import serve_file
from songs.selectors import project_list_for_team
from songs.uploads import TOO_LARGE_ATTRIBUTE


@login_required
def covers_home(request: HttpRequest) -> HttpResponse:
    membership = access_current_team(request)
    form = ReferenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        membership = access_current_team(request, Role.EDITOR)
        if getattr(request, TOO_LARGE_ATTRIBUTE, False):
            form.add_error(
                "file",
                f"The file is over {settings.REFRAIN_MAX_UPLOAD_BYTES // 2**20} MB: "
                "upload a shorter or more compressed recording.",
            )
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            try:
                job = services.cover_preprocess_start(
                    actor=membership,
                    data=upload.read() if upload else None,
                    url=form.cleaned_data.get("url") or "",
                    name=upload.name if upload else "",
                    idempotency_key=form.cleaned_data["token"],
                )
            except EngineError as error:
                form_refusal(form, error)
            else:
                messages.info(
                    request,
                    "Listening to the recording: tempo, key, chords, melody, sections and words.",
                )
                return redirect("job_page", job_id=job.pk)
    context = {
        "form": form,
        "features": selectors.feature_list_for_team(team=membership.team)[:30],
        "membership": membership,
        "references": selectors.reference_list_for_team(team=membership.team)[:50],
    }
    return render(request, "covers/home.html", context, status=400 if form.errors else 200)


@login_required
def feature_detail(request: HttpRequest, feature_id: str) -> HttpResponse:
    membership = access_current_team(request)
    feature = selectors.access_feature(membership=membership, feature_id=feature_id)
    projects = project_list_for_team(team=membership.team)
    form = CoverForm(
        request.POST or None,
        projects=projects,
        initial={
            "lyrics": feature.formatted_lyrics,
            "title": f"{feature.reference.name or 'Cover'}",
        },
    )
    if request.method == "POST":
        membership = access_current_team(request, Role.EDITOR)
        if form.is_valid():
            data = form.cleaned_data
            project = projects.filter(pk=data["project"]).first()
            try:
                job = services.cover_generate(
                    actor=membership,
                    project=project,
                    feature=feature,
                    prompt=data["prompt"],
                    lyrics=data["lyrics"],
                    title=data["title"],
                    seed=data["seed"],
                    voice_quality=data["voice_quality"],
                    idempotency_key=data["token"],
                )
            except EngineError as error:
                form_refusal(form, error)
            else:
                return redirect("job_page", job_id=job.pk)
    structure = json.loads(feature.structure_result or "{}")
    duration = feature.audio_duration or 1.0
    features = feature.features
    segments = lanes.section_lane(structure.get("segments", []), duration)
    chords = lanes.chord_lane(
        features.get("chords", []), features.get("key", ""), features.get("mode", ""), duration
    )
    context = {
        "feature": feature,
        "form": form,
        "segments": segments,
        "chords": chords,
        "membership": membership,
        "features": features,
        "peaks": ",".join(map(str, features.get("peaks", []))),
    }
    return render(request, "covers/feature.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def reference_delete(request: HttpRequest, reference_id: int) -> HttpResponse:
    membership = access_current_team(request, Role.EDITOR)
    reference = selectors.access_reference(membership=membership, reference_id=reference_id)
    services.reference_delete(actor=membership, reference=reference)
    messages.success(request, "The recording and its analyses were deleted.")
    return redirect("covers")


@login_required
@require_GET
def reference_audio(request: HttpRequest, reference_id: int) -> HttpResponse:
    membership = access_current_team(request)
    reference = selectors.access_reference(membership=membership, reference_id=reference_id)
    return serve_file(request, reference.file, download_name=f"reference.{reference.format}")
