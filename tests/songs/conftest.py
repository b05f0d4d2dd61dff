"""Shared worlds of the song workspace's tests."""

import pytest

from songs.models import Project, Song, SongVersion
from songs.services.drafts import draft_create, lyric_comment_create
from tests.songs.fakes import sine_wav


@pytest.fixture
def place(world, settings, tmp_path):
    """A project with a draft (two revisions, a comment) and a song with two versions."""
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.base import ContentFile

    owner = world.membership(world.owner)
    project = Project.objects.create(team=world.team, title="Album", created_by=world.owner)
    draft = draft_create(
        actor=owner, project=project, title="Rain", body="[Verse]\nRain on the window\n"
    )
    comment = lyric_comment_create(
        actor=owner, revision=draft.current_revision, line_number=2, body="good"
    )
    song = Song.objects.create(project=project, title="Rain", created_by=world.owner)
    versions = []
    for number in (1, 2):
        version = SongVersion(
            song=song,
            number=number,
            prompt=f"blues {number}",
            lyrics="[Verse]\nRain",
            format="wav",
            duration_ms=1000,
            sample_rate=24000,
            bitrate=768000,
            channels=2,
            size=0,
            created_by=world.owner,
            settings={"model": "music-2.6", "prompt": f"blues {number}"},
        )
        audio = sine_wav()
        version.size = len(audio)
        version.audio.save(f"v{number}.wav", ContentFile(audio), save=False)
        version.save()
        versions.append(version)
    song.current_version, song.versions_made = versions[1], 2
    song.save()
    return {
        "project": project,
        "draft": draft,
        "comment": comment,
        "song": song,
        "v1": versions[0],
        "v2": versions[1],
    }
