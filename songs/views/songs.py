"""Song pages: the song with its versions, a version, comparing two, restoring, generating."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.refusals import flash_refusal, form_refusal
from engine.errors import EngineError
from songs import selectors
from songs.access import access_project, access_song, access_version
from songs.files import StoredFile, serve_file, version_file_name
from songs.forms import GenerateSongForm
from songs.library import is_favourite
from songs.models import LyricRevision
from songs.services.generation import song_generate
from songs.services.songs import song_version_delete, song_version_restore
from songs.views.projects import project_page
from songs.views.shares import share_context


def _regenerate_initial(version) -> dict:
    """The generate form prefilled with what produced `version` ("regenerate with changes")."""
    made_with = selectors.version_settings(version=version)
    return {
        "prompt": version.prompt,
        "mode": made_with.mode if made_with.mode != "cover" else "vocal",
        "revision": version.lyric_revision_id,
        "seed": version.seed,
        "format": made_with.format,
        "sample_rate": made_with.sample_rate,
        "bitrate": made_with.bitrate,
        "channels": made_with.channels,
        "voice_quality": made_with.voice_quality,
    }


def _revisions_for(project, version=None):
    revisions = list(selectors.current_revisions_for_project(project=project))
    if (
        version is not None
        and version.lyric_revision_id
        and all(r.pk != version.lyric_revision_id for r in revisions)
    ):
        revisions.insert(0, version.lyric_revision)
    return revisions


def _song_page(request, song, membership, *, form=None, status=200):
    current = song.current_version
    song.is_favourite = is_favourite(user=request.user, song=song)
    context = {
        "song": song,
        "project": song.project,
        "membership": membership,
        "current": current,
        "versions": selectors.version_list_for_song(song=song),
        "jobs": selectors.job_list_active(of=song),
        "generate_form": form
        or GenerateSongForm(
            revisions=_revisions_for(song.project, current),
            new_song=False,
            initial=_regenerate_initial(current)
            if current
            else {"prompt": song.project.default_style},
        ),
    }
    return render(request, "songs/song.html", context, status=status)


@login_required
def song_detail(request: HttpRequest, song_id: int) -> HttpResponse:
    song, membership = access_song(user=request.user, song_id=song_id)
    return _song_page(request, song, membership)


@login_required
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version, membership = access_version(user=request.user, version_id=version_id)
    song = version.song
    context = {
        "version": version,
        "song": song,
        "project": song.project,
        "membership": membership,
        "versions": selectors.version_list_for_song(song=song),
        "made_with": selectors.version_settings(version=version),
        "generate_form": GenerateSongForm(
            revisions=_revisions_for(song.project, version),
            new_song=False,
            initial=_regenerate_initial(version),
        ),
        **share_context(request, version, membership),
    }
    return render(request, "songs/version.html", context)


def _generate(request, project, membership, song=None):
    form = GenerateSongForm(request.POST, revisions=_revisions_for(project), new_song=song is None)
    if song is not None:
        # a version's own revision may no longer be a draft's current one: accept it too
        form.fields["revision"].choices += [
            (r.pk, r.pk) for r in selectors.revision_list_sung_by(song=song)
        ]
    if form.is_valid():
        data = form.cleaned_data
        revision = None
        if data.get("revision"):
            revision = get_object_or_404(LyricRevision, pk=data["revision"], draft__project=project)
        try:
            job = song_generate(
                actor=membership,
                project=project,
                song=song,
                prompt=data["prompt"],
                mode=data["mode"],
                title=data.get("title", ""),
                revision=revision,
                seed=data["seed"],
                audio_setting=form.audio_setting(),
                voice_quality=data["voice_quality"],
                idempotency_key=data["token"],
            )
        except EngineError as error:
            form_refusal(form, error)
        else:
            messages.info(request, "The song is being made: follow its progress below.")
            return job, form
    return None, form


@login_required
@require_POST
def song_generate_in_project(request: HttpRequest, project_id: int) -> HttpResponse:
    project, membership = access_project(user=request.user, project_id=project_id, role=Role.EDITOR)
    job, form = _generate(request, project, membership)
    if job is not None:
        return redirect("job_page", job_id=job.pk)

    return project_page(request, project, membership, generate_form=form, status=400)


@login_required
@require_POST
def song_regenerate(request: HttpRequest, song_id: int) -> HttpResponse:
    song, membership = access_song(user=request.user, song_id=song_id, role=Role.EDITOR)
    job, form = _generate(request, song.project, membership, song=song)
    if job is not None:
        return redirect("song", song_id=song.pk)
    return _song_page(request, song, membership, form=form, status=400)


@login_required
@require_POST
def version_restore(request: HttpRequest, version_id: int) -> HttpResponse:
    version, membership = access_version(user=request.user, version_id=version_id, role=Role.EDITOR)
    try:
        restored = song_version_restore(actor=membership, version=version)
    except EngineError as error:
        flash_refusal(request, error)
    else:
        messages.success(
            request, f"v{version.number} is current again (recorded as v{restored.number})."
        )
    return redirect("song", song_id=version.song_id)


@login_required
@require_POST
def version_delete(request: HttpRequest, version_id: int) -> HttpResponse:
    version, membership = access_version(user=request.user, version_id=version_id, role=Role.EDITOR)
    try:
        song_version_delete(actor=membership, version=version)
    except EngineError as error:
        flash_refusal(request, error)
        return redirect("version", version_id=version.pk)
    messages.success(request, f"v{version.number} was deleted.")
    return redirect("song", song_id=version.song_id)


@login_required
@require_GET
def song_compare(request: HttpRequest, song_id: int) -> HttpResponse:
    song, membership = access_song(user=request.user, song_id=song_id)
    try:
        numbers = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError as error:
        raise Http404("Choose two versions.") from error
    left, right = (get_object_or_404(song.versions, number=n) for n in numbers)
    context = {
        "song": song,
        "project": song.project,
        "membership": membership,
        "left": left,
        "right": right,
        "settings_rows": selectors.version_settings_compared(left=left, right=right),
        "lyrics_rows": selectors.lines_diff(left.lyrics, right.lyrics),
        "versions": selectors.version_list_for_song(song=song),
    }
    return render(request, "songs/compare.html", context)


@login_required
@require_GET
def version_audio(request: HttpRequest, version_id: int) -> HttpResponse:
    version, _ = access_version(user=request.user, version_id=version_id)
    return serve_file(
        request,
        version.audio,
        download_name=version_file_name(version, f".{version.format}"),
        attachment="download" in request.GET,
    )


@login_required
@require_GET
def version_midi(request: HttpRequest, version_id: int) -> HttpResponse:
    version, _ = access_version(user=request.user, version_id=version_id)
    if not version.midi:
        raise Http404("This version has no MIDI.")
    return serve_file(
        request, version.midi, download_name=version_file_name(version, ".mid"), attachment=True
    )


@login_required
@require_GET
def version_stem(request: HttpRequest, version_id: int, role: str) -> HttpResponse:
    version, _ = access_version(user=request.user, version_id=version_id)
    name = version.stems.get(role)
    if not name:
        raise Http404("This version has no such stem.")
    return serve_file(
        request,
        StoredFile(version.audio.storage, name),
        download_name=version_file_name(version, f"-{role}.{name.rsplit('.', 1)[-1]}"),
        attachment="download" in request.GET,
    )


@login_required
@require_GET
def version_lrc(request: HttpRequest, version_id: int) -> HttpResponse:
    version, _ = access_version(user=request.user, version_id=version_id)
    if not version.lrc:
        raise Http404("This version has no timed lyrics.")
    response = HttpResponse(version.lrc, content_type="text/plain; charset=utf-8")
    name = version_file_name(version, ".lrc")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
