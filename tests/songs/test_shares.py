"""Share links: a public page of one version, which anyone with the link hears without logging
in, which shows nothing else of the studio, and which an editor can revoke."""

import io
import re
from datetime import timedelta

import pytest
import soundfile
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.errors import ApplicationError
from songs.models import ShareLink
from songs.services.library import song_trash, song_untrash
from songs.services.shares import share_create, share_revoke
from tests.songs.test_workspace_permissions import login

pytestmark = pytest.mark.django_db


def share(world, version, **terms) -> ShareLink:
    link, _ = share_create(actor=world.membership(world.editor), version=version, **terms)
    return link


def public(name: str, link: ShareLink, *args) -> str:
    return reverse(name, args=[link.token, *args])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_anyone_with_the_link_hears_the_version_and_reads_its_lyrics_and_credits(world, place):
    link = share(world, place["v1"])

    response = Client().get(link.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Rain · Refrain</title>" in page
    assert f'<audio controls preload="metadata" src="{public("share_audio", link)}"' in page
    assert '<pre class="lyrics">[Verse]\nRain</pre>' in page
    assert "olivia" in page and "blues 1" in page  # who made it, and the style it was made in
    audio = Client().get(public("share_audio", link))
    assert audio.status_code == 200
    assert body(audio) == place["v1"].audio.open("rb").read()


def test_the_public_page_shows_no_project_team_other_version_stem_or_setting(world, place):
    v1 = place["v1"]
    v1.stems = {"vocals": v1.audio.storage.save("v1-vocals.flac", ContentFile(b"fLaC"))}
    v1.midi.save("v1.mid", ContentFile(b"MThd"), save=False)
    v1.save()
    link = share(world, v1)

    for url in (link.get_absolute_url(), link.embed_url()):
        page = Client().get(url).content.decode()
        assert "Album" not in page and "The Band" not in page
        assert "blues 2" not in page and "music-2.6" not in page
        assert "/versions/" not in page and "/projects/" not in page and "/songs/" not in page
        assert "vocals" not in page and "midi" not in page.lower() and "stem" not in page.lower()


def test_a_revoked_an_expired_and_a_made_up_link_answer_the_same_404(world, place):
    revoked = share(world, place["v1"])
    share_revoke(actor=world.membership(world.editor), version=place["v1"])
    expired = share(world, place["v2"], expires_in_days=1)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    live = share(world, place["v1"])
    tampered = live.token[:-2] + ("AA" if not live.token.endswith("AA") else "BB")
    tokens = [revoked.token, expired.token, "made-up", live.key, tampered]

    pages = []
    for token in tokens:
        for name, args in (
            ("share_page", []),
            ("share_embed", []),
            ("share_audio", []),
            ("share_download", ["mp3"]),
        ):
            response = Client().get(reverse(name, args=[token, *args]))
            assert response.status_code == 404, (token, name)
            if name == "share_page":
                page = response.content.decode()
                pages.append(re.sub(r'"X-CSRFToken": "[^"]+"', "", page))
    assert len(set(pages)) == 1
    assert "revoked or expired" in pages[0]  # one sentence for all: which it was is not said
    assert Client().get(live.get_absolute_url()).status_code == 200


def test_other_versions_are_not_reachable_through_a_link(world, place):
    link = share(world, place["v1"])
    other = place["v2"]
    other.audio.save("v2-other.wav", ContentFile(b"RIFF-other"), save=True)
    share(world, other)  # shared too, later: the first link still opens only its own version
    visitor = Client()

    for query in ("", f"?version={other.pk}", f"?version_id={other.pk}&v=2"):
        heard = body(visitor.get(public("share_audio", link) + query))
        assert heard == place["v1"].audio.open("rb").read()
    assert visitor.get(reverse("version_audio", args=[other.pk])).status_code == 302
    assert visitor.get(reverse("version_download", args=[other.pk, "mp3"])).status_code == 302
    assert visitor.get(reverse("song", args=[place["song"].pk])).status_code == 302


def test_the_public_audio_answers_byte_ranges_for_seeking(world, place):
    link = share(world, place["v1"])

    response = Client().get(public("share_audio", link), HTTP_RANGE="bytes=0-99")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-99/{place['v1'].audio.size}"
    assert body(response) == place["v1"].audio.open("rb").read()[:100]


def test_listeners_download_only_when_the_sharer_allows_it(world, place):
    link = share(world, place["v1"])
    visitor = Client()

    assert (
        public("share_download", link, "mp3")
        not in visitor.get(link.get_absolute_url()).content.decode()
    )
    assert visitor.get(public("share_download", link, "flac")).status_code == 404
    inline = visitor.get(public("share_audio", link) + "?download=1")
    assert inline["Content-Disposition"].startswith("inline")

    link = share(world, place["v1"], allow_download=True)
    page = visitor.get(link.get_absolute_url()).content.decode()
    for format in ("mp3", "wav", "flac"):
        assert public("share_download", link, format) in page
    flac = visitor.get(public("share_download", link, "flac"))
    assert flac["Content-Disposition"] == 'attachment; filename="rain-v1.flac"'
    audio, rate = soundfile.read(io.BytesIO(body(flac)))
    assert rate == 24000 and len(audio) / rate == pytest.approx(1.0, abs=0.05)
    attached = visitor.get(public("share_audio", link) + "?download=1")
    assert attached["Content-Disposition"].startswith("attachment")
    assert visitor.get(public("share_download", link, "ogg")).status_code == 404


def test_only_the_embed_may_be_framed_by_other_sites(world, place):
    link = share(world, place["v1"])

    embed = Client().get(link.embed_url())
    page = Client().get(link.get_absolute_url())

    assert embed.status_code == 200 and "X-Frame-Options" not in embed
    assert "<audio controls" in embed.content.decode()
    assert page["X-Frame-Options"] == "DENY"


def test_the_public_page_carries_an_open_graph_card_and_is_neither_cached_nor_indexed(world, place):
    link = share(world, place["v1"])

    response = Client().get(link.get_absolute_url())

    page = response.content.decode()
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', page))
    assert meta["og:type"] == "music.song"
    assert meta["og:title"] == "Rain"
    assert meta["og:description"] == "blues 1"
    assert meta["og:url"] == f"http://testserver{link.get_absolute_url()}"
    assert meta["og:audio"] == f"http://testserver{public('share_audio', link)}"
    assert meta["og:audio:type"] == "audio/wav"
    assert meta["twitter:card"] == "player"
    assert meta["twitter:player"] == f"http://testserver{link.embed_url()}"
    assert meta["robots"] == "noindex" and response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_the_public_page_is_not_rate_limited(world, place):
    link = share(world, place["v1"])
    visitor = Client()

    assert {visitor.get(link.get_absolute_url()).status_code for _ in range(30)} == {200}


def test_sharing_again_keeps_the_address_with_the_new_terms(world, place):
    first, created = share_create(actor=world.membership(world.editor), version=place["v1"])
    again, created_again = share_create(
        actor=world.membership(world.owner),
        version=place["v1"],
        expires_in_days=7,
        allow_download=True,
    )

    assert (created, created_again) == (True, False)
    assert again.token == first.token
    assert again.allow_download
    assert again.expires_at - timezone.now() == pytest.approx(
        timedelta(days=7), abs=timedelta(minutes=1)
    )
    assert ShareLink.objects.count() == 1


def test_after_a_revoke_or_an_expiry_sharing_makes_a_new_address(world, place):
    editor = world.membership(world.editor)
    revoked = share(world, place["v1"])
    share_revoke(actor=editor, version=place["v1"])
    after_revoke = share(world, place["v1"], expires_in_days=1)
    ShareLink.objects.filter(pk=after_revoke.pk).update(expires_at=timezone.now())
    after_expiry = share(world, place["v1"])

    assert len({revoked.token, after_revoke.token, after_expiry.token}) == 3
    assert Client().get(after_expiry.get_absolute_url()).status_code == 200
    assert Client().get(after_revoke.get_absolute_url()).status_code == 404
    assert ShareLink.objects.filter(revoked_at=None).count() == 1


def test_viewers_cannot_share_or_revoke_and_outsiders_do_not_find_the_version(world, place):
    version = place["v1"]
    with pytest.raises(ApplicationError) as refused:
        share_create(actor=world.membership(world.viewer), version=version)
    assert refused.value.status == 403
    share(world, version)
    with pytest.raises(ApplicationError):
        share_revoke(actor=world.membership(world.viewer), version=version)

    for user, status in ((world.viewer, 403), (world.outsider, 404)):
        for name in ("version_share", "version_share_revoke"):
            assert login(user).post(reverse(name, args=[version.pk])).status_code == status
    assert ShareLink.objects.get().revoked_at is None


def test_an_editor_makes_copies_and_revokes_the_link_on_the_version_page(world, place):
    editor, version_url = login(world.editor), reverse("version", args=[place["v1"].pk])

    made = editor.post(
        reverse("version_share", args=[place["v1"].pk]),
        {"expires_in_days": "7", "allow_download": "on"},
    )

    assert made.status_code == 302 and made["Location"] == version_url + "#share"
    link = ShareLink.objects.get()
    assert link.allow_download and link.expires_at > timezone.now() + timedelta(days=6)
    page = editor.get(version_url).content.decode()
    assert f'value="http://testserver{link.get_absolute_url()}"' in page
    assert f"&lt;iframe src=&quot;http://testserver{link.embed_url()}&quot;" in page
    assert 'data-copy="#share-url"' in page and 'data-copy="#share-embed"' in page
    viewer_page = login(world.viewer).get(version_url).content.decode()
    assert link.get_absolute_url() in viewer_page and "Revoke the link" not in viewer_page

    editor.post(reverse("version_share_revoke", args=[place["v1"].pk]))

    assert Client().get(link.get_absolute_url()).status_code == 404
    assert link.get_absolute_url() not in editor.get(version_url).content.decode()


def test_the_version_page_refuses_an_expiry_it_does_not_offer(world, place):
    response = login(world.editor).post(
        reverse("version_share", args=[place["v1"].pk]), {"expires_in_days": "3"}
    )

    assert response.status_code == 302
    assert not ShareLink.objects.exists()


def test_deleting_the_version_ends_its_link(world, place):
    link = share(world, place["v1"])

    login(world.editor).post(reverse("version_delete", args=[place["v1"].pk]))

    assert not ShareLink.objects.exists()
    assert Client().get(link.get_absolute_url()).status_code == 404


def test_a_song_in_the_trash_is_not_shared_until_it_is_brought_back(world, place):
    link = share(world, place["v2"])
    editor = world.membership(world.editor)

    song_trash(actor=editor, song=place["song"])
    assert Client().get(link.get_absolute_url()).status_code == 404
    assert Client().get(public("share_audio", link)).status_code == 404

    song_untrash(actor=editor, song=place["song"])
    assert Client().get(link.get_absolute_url()).status_code == 200
