"""What the player bar needs to play a version: its audio, waveform and synced lyrics."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from engine.compose.lyric_times import read_synced_lyrics
from songs.access import access_version


@login_required
@require_GET
def version_play(request: HttpRequest, version_id: int) -> JsonResponse:
    version, _ = access_version(user=request.user, version_id=version_id)
    song = version.song
    lines = [
        {
            "text": line.text,
            "start_s": line.start_s,
            "end_s": line.end_s,
            "words": [{"text": w.word, "start_s": w.start_s, "end_s": w.end_s} for w in line.words],
        }
        for line in read_synced_lyrics(version.lrc)
    ]
    return JsonResponse(
        {
            "id": version.pk,
            "title": song.title,
            "number": version.number,
            "page_url": reverse("version", args=[version.pk]),
            "audio_url": reverse("version_audio", args=[version.pk]),
            "duration_s": version.duration_ms / 1000,
            "peaks": version.peaks,
            "lines": lines,
        }
    )
