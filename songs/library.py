"""Reads of the team's song library: every song with its current version, searched, filtered,
sorted; the dashboard's recent songs; the trash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Team, User
from accounts.selectors import team_ids_for_user
from songs.models import Favourite, Song, VersionKind

SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "updated": ("-updated_at", "-id"),
    "title": ("title", "id"),
    "longest": ("-current_version__duration_ms", "-id"),
    "shortest": ("current_version__duration_ms", "id"),
}
KINDS = (VersionKind.ORIGINAL, VersionKind.INSTRUMENTAL, VersionKind.COVER)


@dataclass(frozen=True)
class LibraryQuery:
    """What the library is asked for; empty fields narrow nothing."""

    text: str = ""  # in the title, the lyrics or the style prompt
    project_id: int | None = None
    kind: str = ""  # original, instrumental or cover
    made_by_id: int | None = None
    made_from: date | None = None
    made_to: date | None = None
    favourites_only: bool = False
    sort: str = "newest"


def _with_favourite(songs: QuerySet[Song], user: User) -> QuerySet[Song]:
    starred = Favourite.objects.filter(user=user, song=OuterRef("pk"))
    return songs.annotate(is_favourite=Exists(starred))


def song_library(*, team: Team, user: User, query: LibraryQuery) -> QuerySet[Song]:
    """The team's songs that have a version, narrowed and sorted as asked."""
    songs = Song.objects.filter(project__team=team, current_version__isnull=False)
    return songs_narrowed(songs, user=user, query=query)


def songs_narrowed(songs: QuerySet[Song], *, user: User, query: LibraryQuery) -> QuerySet[Song]:
    """Songs out of the trash, narrowed and sorted as asked, each marked `is_favourite`."""
    songs = songs.filter(trashed_at=None).select_related(
        "project", "created_by", "current_version__restored_from"
    )
    if query.text:
        songs = songs.filter(
            Q(title__icontains=query.text)
            | Q(current_version__lyrics__icontains=query.text)
            | Q(current_version__prompt__icontains=query.text)
        )
    if query.project_id:
        songs = songs.filter(project_id=query.project_id)
    if query.kind:
        # A restored version is of the kind of the version it restores.
        songs = songs.filter(
            Q(current_version__kind=query.kind)
            | Q(
                current_version__kind=VersionKind.RESTORED,
                current_version__restored_from__kind=query.kind,
            )
        )
    if query.made_by_id:
        songs = songs.filter(created_by_id=query.made_by_id)
    if query.made_from:
        songs = songs.filter(created_at__date__gte=query.made_from)
    if query.made_to:
        songs = songs.filter(created_at__date__lte=query.made_to)
    songs = _with_favourite(songs, user)
    if query.favourites_only:
        songs = songs.filter(is_favourite=True)
    return songs.order_by(*SORTS.get(query.sort, SORTS["newest"]))


def is_favourite(*, user: User, song: Song) -> bool:
    return Favourite.objects.filter(user=user, song=song).exists()


def song_list_recent(*, team: Team, user: User, limit: int = 6) -> list[Song]:
    """The team's latest songs with something to play, for the dashboard."""
    return list(song_library(team=team, user=user, query=LibraryQuery(sort="updated"))[:limit])


def song_list_trashed(*, team: Team | None = None, user: User | None = None) -> QuerySet[Song]:
    """The songs in the trash of a team (or of every team the user sees), latest trashed first."""
    where = (
        {"project__team": team}
        if team is not None
        else {"project__team__in": team_ids_for_user(user=user)}
    )
    return (
        Song.objects.filter(trashed_at__isnull=False, **where)
        .select_related("project", "trashed_by", "current_version")
        .order_by("-trashed_at")
    )


def song_kind(song: Song) -> str:
    """What the library calls the song: original, instrumental or cover (a restore's original)."""
    version = song.current_version
    if version is None:
        return ""
    if version.kind == VersionKind.RESTORED and version.restored_from is not None:
        return version.restored_from.kind
    return version.kind
