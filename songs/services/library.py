"""The team's song library: favourites, and the trash a deleted song waits in for 30 days."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.errors import ApplicationError
from accounts.models import Membership, User
from songs.models import Favourite, Song
from songs.services.songs import song_delete, song_remove

# How long a trashed song can be brought back before it and its files are removed for good.
TRASH_LIFETIME = timedelta(days=30)


def favourite_set(*, user: User, song: Song, on: bool) -> bool:
    """Star or unstar a song for this user (any member who sees it); answers the new state."""
    if on:
        Favourite.objects.get_or_create(user=user, song=song)
    else:
        Favourite.objects.filter(user=user, song=song).delete()
    return on


@transaction.atomic
def song_trash(*, actor: Membership, song: Song) -> Song:
    """Move a song to the trash: editors and above. It can be brought back for 30 days."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot delete songs.", status=403)
    song = Song.objects.select_for_update().get(pk=song.pk)
    if song.trashed_at is None:
        song.trashed_at, song.trashed_by = timezone.now(), actor.user
        song.save(update_fields=["trashed_at", "trashed_by", "updated_at"])
    return song


@transaction.atomic
def song_untrash(*, actor: Membership, song: Song) -> Song:
    """Bring a song back from the trash, as it was: editors and above."""
    if not actor.can_edit:
        raise ApplicationError("Viewers cannot restore songs.", status=403)
    song = Song.objects.select_for_update().get(pk=song.pk)
    song.trashed_at, song.trashed_by = None, None
    song.save(update_fields=["trashed_at", "trashed_by", "updated_at"])
    return song


def song_delete_forever(*, actor: Membership, song: Song) -> None:
    """Empty one song out of the trash now: it and its files are gone."""
    if song.trashed_at is None:
        raise ApplicationError("Only a song in the trash can be deleted for good.", status=409)
    song_delete(actor=actor, song=song)


def trash_purge_expired(*, now=None) -> int:
    """Remove the songs that have been in the trash for 30 days, with their files (the scheduled
    task's work; the rule was checked when they were trashed); answers how many went."""
    cutoff = (now or timezone.now()) - TRASH_LIFETIME
    purged = 0
    for song_id in Song.objects.filter(trashed_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            # Brought back, or purged by another run, meanwhile: then it stays as it is now.
            song = Song.objects.select_for_update().filter(pk=song_id).first()
            if song is not None and song.trashed_at is not None and song.trashed_at < cutoff:
                song_remove(song)
                purged += 1
    return purged
