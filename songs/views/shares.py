"""Share links. The public side needs no login: a shared version's page, its audio, its downloads
(when the sharer allows them) and a player other sites may frame. It shows that one version only:
no project, team, other version, stem or setting. An address that is unknown, revoked or expired
answers the same 404. The editor's side makes, changes and revokes the link on the version page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.errors import ApplicationError
from accounts.models import Membership, Role
from songs import selectors
from songs.access import access_version
from songs.files import content_type_for, serve_file, version_file_name
from songs.forms import ShareForm
from songs.models import ShareLink, SongVersion
from songs.services.shares import share_create, share_revoke
from songs.views.downloads import download_response

NOT_FOUND = "This link leads nowhere: it may be mistyped, revoked or expired"
EMBED_WIDTH, EMBED_HEIGHT = 480, 180


def _live(token: str) -> ShareLink:
    link = selectors.share_link_live(token=token)
    if link is None:
        raise Http404(NOT_FOUND)
    return link


def embed_snippet(request: HttpRequest, link: ShareLink) -> str:
    """The `<iframe>` another site pastes to play the shared version."""
    return format_html(
        '<iframe src="{}" title="{} · Refrain" width="{}" height="{}" style="border:0;'
        'max-width:100%" loading="lazy"></iframe>',
        request.build_absolute_uri(link.embed_url()),
        link.version.song.title,
        EMBED_WIDTH,
        EMBED_HEIGHT,
    )


def share_context(request: HttpRequest, version: SongVersion, membership: Membership) -> dict:
    """What the version page's share panel shows: the live link, its address and snippet, and
    for editors the form."""
    link = selectors.share_link_for_version(version=version)
    context: dict = {"share": link}
    if link is not None:
        context["share_url"] = request.build_absolute_uri(link.get_absolute_url())
        context["share_embed"] = embed_snippet(request, link)
    if membership.can_edit:
        initial = {"allow_download": link.allow_download} if link else {}
        context["share_form"] = ShareForm(initial=initial)
    return context


def _public_context(request: HttpRequest, link: ShareLink, token: str) -> dict:
    version = link.version
    return {
        "link": link,
        "token": token,
        "version": version,
        "title": version.song.title,
        "page_url": request.build_absolute_uri(link.get_absolute_url()),
        "audio_url": request.build_absolute_uri(reverse("share_audio", args=[token])),
        "audio_type": content_type_for(version.audio.name),
        "embed_url": request.build_absolute_uri(link.embed_url()),
        "embed_width": EMBED_WIDTH,
        "embed_height": EMBED_HEIGHT,
    }


def _unlisted(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@never_cache
def share_page(request: HttpRequest, token: str) -> HttpResponse:
    link = _live(token)
    return _unlisted(render(request, "songs/share.html", _public_context(request, link, token)))


@require_GET
@never_cache
@xframe_options_exempt  # the one page other sites may frame: the player, nothing to click away
def share_embed(request: HttpRequest, token: str) -> HttpResponse:
    link = _live(token)
    context = _public_context(request, link, token)
    return _unlisted(render(request, "songs/share_embed.html", context))


@require_GET
def share_audio(request: HttpRequest, token: str) -> HttpResponse:
    link = _live(token)
    version = link.version
    return _unlisted(
        serve_file(
            request,
            version.audio,
            download_name=version_file_name(version, f".{version.format}"),
            attachment=link.allow_download and "download" in request.GET,
        )
    )


@require_GET
def share_download(request: HttpRequest, token: str, format: str) -> HttpResponse:
    link = _live(token)
    if not link.allow_download:
        raise Http404(NOT_FOUND)
    return _unlisted(download_response(request, link.version, format))


@login_required
@require_POST
def version_share(request: HttpRequest, version_id: int) -> HttpResponse:
    version, membership = access_version(user=request.user, version_id=version_id, role=Role.EDITOR)
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose when the link expires: never, or in 1, 7 or 30 days.")
    else:
        _, created = share_create(actor=membership, version=version, **form.cleaned_data)
        messages.success(
            request,
            "Anyone with the link can listen now: copy it below."
            if created
            else "The link keeps its address and has the new terms.",
        )
    return redirect(reverse("version", args=[version.pk]) + "#share")


@login_required
@require_POST
def version_share_revoke(request: HttpRequest, version_id: int) -> HttpResponse:
    version, membership = access_version(user=request.user, version_id=version_id, role=Role.EDITOR)
    try:
        share_revoke(actor=membership, version=version)
    except ApplicationError as error:
        if error.status != 404:
            raise
        messages.info(request, "This version had no live link.")
    else:
        messages.success(request, "The link is revoked: it leads nowhere now.")
    return redirect(reverse("version", args=[version.pk]) + "#share")
