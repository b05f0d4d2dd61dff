"""Songs and versions over the API."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_errors import ErrorOutput
from accounts.models import Role
from config.prepared import PreparedShapes
from engine.contract import (
    BITRATES,
    DEFAULT_VOICE_QUALITY,
    FORMATS,
    SAMPLE_RATES_HZ,
    VOICE_QUALITIES,
)
from songs import selectors
from songs.access import access_project, access_song, access_version
from songs.api.common import (
    IdField,
    Input,
    ProjectFilter,
    UserField,
    WrittenOutput,
    acting_values,
    api_datetime,
    query_filters,
    stand_in_user,
    username_of,
)
from songs.api.jobs import JobOutput
from songs.library import (
    KINDS,
    SORTS,
    LibraryQuery,
    is_favourite,
    song_kind,
    song_list_trashed,
    songs_narrowed,
)
from songs.models import LyricRevision, Song
from songs.services.generation import MODES, song_generate
from songs.services.library import favourite_set, song_trash, song_untrash
from songs.services.songs import song_version_delete, song_version_restore


class VersionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    song_id = serializers.IntegerField()
    number = serializers.IntegerField()
    kind = serializers.CharField()
    prompt = serializers.CharField()
    lyrics = serializers.CharField()
    lyric_revision_id = serializers.IntegerField(allow_null=True)
    settings = serializers.JSONField()
    provider = serializers.CharField()
    model = serializers.CharField()
    seed = serializers.IntegerField(allow_null=True)
    format = serializers.CharField()
    duration_ms = serializers.IntegerField()
    sample_rate = serializers.IntegerField()
    bitrate = serializers.IntegerField()
    channels = serializers.IntegerField()
    size = serializers.IntegerField()
    details = serializers.JSONField()
    restored_from = serializers.IntegerField(
        source="restored_from.number", default=None, allow_null=True
    )
    created_by = UserField()
    created_at = serializers.DateTimeField()
    job_id = serializers.UUIDField(allow_null=True)
    audio_url = serializers.SerializerMethodField()
    stems = serializers.SerializerMethodField()

    def get_audio_url(self, version) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:version_audio", args=[version.pk])
        )

    def get_stems(self, version) -> list[str]:
        return sorted(version.stems)


class SongOutput(WrittenOutput):
    id = serializers.IntegerField()
    project_id = serializers.IntegerField()
    title = serializers.CharField()
    current_version = serializers.IntegerField(
        source="current_version.number", default=None, allow_null=True
    )
    kind = serializers.SerializerMethodField(help_text="original, instrumental or cover")
    is_favourite = serializers.SerializerMethodField(help_text="starred by you")
    created_by = UserField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    trashed_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, song) -> dict:
        # Written out, as JobOutput's is (and held to DRF's walk by the same test).
        version = song.current_version
        return {
            "id": song.id,
            "project_id": song.project_id,
            "title": song.title,
            "current_version": version.number if version is not None else None,
            "kind": self.get_kind(song),
            "is_favourite": self.get_is_favourite(song),
            "created_by": username_of(song.created_by),
            "created_at": api_datetime(song.created_at, self.zone),
            "updated_at": api_datetime(song.updated_at, self.zone),
            "trashed_at": api_datetime(song.trashed_at, self.zone),
        }

    def get_kind(self, song) -> str:
        return song_kind(song)

    def get_is_favourite(self, song) -> bool:
        if hasattr(song, "is_favourite"):
            return song.is_favourite
        request = self.context.get("request")
        return bool(request) and is_favourite(user=request.user, song=song)


# What SongOutput reads, and all a list loads (see JOB_OUTPUT_COLUMNS): of the current version
# its number and kind (a restore's original's kind), of the creator its name.
SONG_OUTPUT_COLUMNS = (
    *("id", "project", "title", "created_at", "updated_at", "trashed_at"),
    *("current_version__number", "current_version__kind", "current_version__restored_from__kind"),
    "created_by__username",
)


class SongFilter(ProjectFilter):
    q = serializers.CharField(required=False, max_length=200, help_text="in titles, lyrics, styles")
    kind = serializers.ChoiceField(choices=[kind.value for kind in KINDS], required=False)
    favourite = serializers.BooleanField(required=False, help_text="only the songs you starred")
    sort = serializers.ChoiceField(choices=list(SORTS), required=False, default="updated")


class AudioSettingInput(Input):
    """The file to make (the Music API's `audio_setting`); each field has its default."""

    sample_rate = serializers.ChoiceField(choices=SAMPLE_RATES_HZ, required=False)
    bitrate = serializers.ChoiceField(choices=BITRATES, required=False)
    format = serializers.ChoiceField(choices=FORMATS, required=False)
    channel = serializers.ChoiceField(choices=(1, 2), required=False)


class GenerateSongInput(Input):
    project = IdField()
    song = IdField(required=False, help_text="add a version to this song; else a new song")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    prompt = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    mode = serializers.ChoiceField(choices=list(MODES), default="vocal")
    revision = IdField(required=False, help_text="id of the lyric revision to sing (mode vocal)")
    lyrics = serializers.CharField(required=False, allow_blank=True, default="", max_length=3500)
    seed = serializers.IntegerField(required=False, min_value=0, max_value=1_000_000)
    audio_setting = AudioSettingInput(required=False, default=dict)
    voice_quality = serializers.ChoiceField(
        choices=list(VOICE_QUALITIES),
        default=DEFAULT_VOICE_QUALITY,
        help_text="who sings: full, the neural voice (slower); draft, the fast one",
    )


class SongListApi(ListAPIView):
    """Songs of your teams' projects, out of the trash: search with `q`, narrow by `project`,
    `kind` or `favourite`, order by `sort`."""

    serializer_class = SongOutput

    @extend_schema(parameters=[SongFilter])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user, filters = self.request.user, query_filters(self.request, SongFilter)
        query = LibraryQuery(
            text=filters.get("q", "").strip(),
            project_id=filters.get("project"),
            kind=filters.get("kind", ""),
            favourites_only=filters.get("favourite", False),
            sort=filters.get("sort", "updated"),
        )
        if query.text:  # a search (LIKE '%…%') is compiled each time
            return songs_listed(user, query)
        values = acting_values(user) | ({"project": query.project_id} if query.project_id else {})
        shape = (query.kind, query.favourites_only, query.sort)
        return _SONG_ROWS.rows(shape, count=lambda: songs_listed(user, query).count(), **values)


def songs_listed(user, query: LibraryQuery):
    """The songs the list shows, as the ORM selects them (the prepared query's source)."""
    songs = songs_narrowed(selectors.song_list_for_user(user=user), user=user, query=query)
    return (
        songs.select_related(None)
        .select_related("created_by", "current_version__restored_from")
        .only(*SONG_OUTPUT_COLUMNS)
    )


def _prepared_songs(shape, *, user, key_team=None, project=None):
    kind, favourites_only, sort = shape
    query = LibraryQuery(project_id=project, kind=kind, favourites_only=favourites_only, sort=sort)
    return songs_listed(stand_in_user(user, key_team), query)


# The list's query, compiled once for each shape (config/prepared.py).
_SONG_ROWS = PreparedShapes(_prepared_songs, user=int, key_team=int, project=int)


class TrashListApi(ListAPIView):
    """Songs in your teams' trash, the latest trashed first; each is removed with its files 30
    days after it was trashed."""

    serializer_class = SongOutput

    def get_queryset(self):
        return song_list_trashed(user=self.request.user)


class SongUntrashApi(APIView):
    """Bring a song back from the trash, as it was."""

    @extend_schema(request=None, responses=SongOutput)
    def post(self, request: Request, song_id: int) -> Response:
        song, membership = access_song(
            user=request.user, song_id=song_id, role=Role.EDITOR, in_trash=True
        )
        song = song_untrash(actor=membership, song=song)
        return Response(SongOutput(song, context={"request": request}).data)


class SongFavouriteApi(APIView):
    """Star (PUT) or unstar (DELETE) a song: your own list, any member may."""

    @extend_schema(request=None, responses={204: None})
    def put(self, request: Request, song_id: int) -> Response:
        song, _ = access_song(user=request.user, song_id=song_id)
        favourite_set(user=request.user, song=song, on=True)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, song_id: int) -> Response:
        song, _ = access_song(user=request.user, song_id=song_id)
        favourite_set(user=request.user, song=song, on=False)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SongDetailApi(APIView):
    @extend_schema(responses=SongOutput)
    def get(self, request: Request, song_id: int) -> Response:
        song, _ = access_song(user=request.user, song_id=song_id)
        return Response(SongOutput(song, context={"request": request}).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, song_id: int) -> Response:
        """Move the song to the trash: gone from every list and URL at once, it can be brought
        back on the Trash page for 30 days, then it and its files are removed."""
        song, membership = access_song(user=request.user, song_id=song_id, role=Role.EDITOR)
        song_trash(actor=membership, song=song)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SongGenerateApi(APIView):
    """Queue a song (a new one, or the next version of `song`). Poll the job it answers."""

    @extend_schema(request=GenerateSongInput, responses={202: JobOutput})
    def post(self, request: Request) -> Response:
        data = GenerateSongInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        project, membership = access_project(
            user=request.user, project_id=fields.pop("project"), role=Role.EDITOR
        )
        song = (
            get_object_or_404(Song, pk=fields.pop("song"), project=project)
            if "song" in fields
            else None
        )
        revision = (
            get_object_or_404(LyricRevision, pk=fields.pop("revision"), draft__project=project)
            if "revision" in fields
            else None
        )
        job = song_generate(
            actor=membership,
            project=project,
            song=song,
            revision=revision,
            idempotency_key=request.headers.get("Idempotency-Key"),
            **fields,
        )
        return Response(
            JobOutput(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED
        )


class VersionListApi(APIView):
    @extend_schema(responses=VersionOutput(many=True))
    def get(self, request: Request, song_id: int) -> Response:
        song, _ = access_song(user=request.user, song_id=song_id)
        versions = selectors.version_list_for_song(song=song)
        return Response(VersionOutput(versions, many=True, context={"request": request}).data)


class VersionDetailApi(APIView):
    """A version is immutable: it can be read or deleted, never changed."""

    @extend_schema(responses=VersionOutput)
    def get(self, request: Request, version_id: int) -> Response:
        version, _ = access_version(user=request.user, version_id=version_id)
        return Response(VersionOutput(version, context={"request": request}).data)

    @extend_schema(responses={204: None, 409: ErrorOutput})
    def delete(self, request: Request, version_id: int) -> Response:
        """Delete this version and the files no other version shares; a song's only version
        answers 409 (delete the song)."""
        version, membership = access_version(
            user=request.user, version_id=version_id, role=Role.EDITOR
        )
        song_version_delete(actor=membership, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)


class VersionRestoreApi(APIView):
    """Make this version current again; recorded as a new `restored` version."""

    @extend_schema(request=None, responses={201: VersionOutput, 409: ErrorOutput})
    def post(self, request: Request, version_id: int) -> Response:
        version, membership = access_version(
            user=request.user, version_id=version_id, role=Role.EDITOR
        )
        restored = song_version_restore(actor=membership, version=version)
        return Response(
            VersionOutput(restored, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
