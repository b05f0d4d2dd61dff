"""A version's audio as mp3, wav or flac, whatever it was generated as."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from songs.access import access_version
from songs.files import StoredFile, serve_file, version_file_name
from songs.models import SongVersion
from songs.services.downloads import DOWNLOAD_FORMATS, version_download


def download_response(request: HttpRequest, version: SongVersion, format: str) -> HttpResponse:
    """The version's audio as `format`, as an attachment; 404 for a format we do not offer."""
    if format not in DOWNLOAD_FORMATS:
        raise Http404("No such format.")
    name = version_download(version=version, format=format)
    return serve_file(
        request,
        StoredFile(version.audio.storage, name),
        download_name=version_file_name(version, f".{format}"),
        attachment=True,
    )


@login_required
@require_GET
def version_download_view(request: HttpRequest, version_id: int, format: str) -> HttpResponse:
    version, _ = access_version(user=request.user, version_id=version_id)
    return download_response(request, version, format)
