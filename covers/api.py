"""Cover analyses over the resource API: the ones your teams have, and one as its page shows it."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from covers import selectors
from covers.analysis import analysis_read
from songs.api.common import IdField, query_filters

# What a list row reads, and all a list loads (an analysis's features run to many kilobytes).
FEATURE_ROW_COLUMNS = (
    *("feature_id", "team", "audio_duration", "created_at", "expires_at"),
    "reference__name",
)

_NAME_HELP = "the recording's file name (the upload's, else its URL's last segment; may be empty)"
_EXPIRED_HELP = "past its 24 h: shown until purged, but no cover can be made from it"


class CoverFeatureFilters(serializers.Serializer):
    team = IdField(
        required=False,
        help_text="only this team's analyses (a recording analysed in two teams has one id)",
    )


class CoverFeatureOutput(serializers.Serializer):
    id = serializers.CharField(source="feature_id", help_text="the cover_feature_id")
    team_id = serializers.IntegerField()
    name = serializers.CharField(source="reference.name", help_text=_NAME_HELP)
    duration_s = serializers.FloatField(source="audio_duration")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    expired = serializers.BooleanField(source="is_expired", help_text=_EXPIRED_HELP)


class SpanOutput(serializers.Serializer):
    start_s = serializers.FloatField()
    end_s = serializers.FloatField()


class KeySpanOutput(SpanOutput):
    key = serializers.CharField(help_text='the tonic as the key signature spells it ("Eb")')
    mode = serializers.CharField(help_text="major or minor")
    name = serializers.CharField(help_text='"Eb minor"')


class ChordSpanOutput(SpanOutput):
    chord = serializers.CharField(help_text='spelt in the key ("Ab", "Fm")')


class SectionSpanOutput(SpanOutput):
    label = serializers.CharField(help_text="intro, verse, chorus, bridge, outro, inst, silence")


class LyricLineOutput(SpanOutput):
    text = serializers.CharField()


class CoverAnalysisOutput(serializers.Serializer):
    id = serializers.CharField(source="feature.feature_id", help_text="the cover_feature_id")
    team_id = serializers.IntegerField(source="feature.team_id")
    name = serializers.CharField(source="feature.reference.name", help_text=_NAME_HELP)
    duration_s = serializers.FloatField(source="feature.audio_duration")
    tempo_bpm = serializers.FloatField(
        allow_null=True, help_text="null when the recording has no steady pulse"
    )
    keys = KeySpanOutput(
        many=True, help_text="the key over time (the analysis finds one for the whole recording)"
    )
    beats_s = serializers.ListField(child=serializers.FloatField(), help_text="beat times")
    chords = ChordSpanOutput(
        many=True, help_text="as a musician writes them down: passing chords under 1 s folded in"
    )
    sections = SectionSpanOutput(many=True)
    lyric_lines = LyricLineOutput(many=True, help_text="the words heard, line by line")
    formatted_lyrics = serializers.CharField(
        source="feature.formatted_lyrics", help_text="the same lines under section tags"
    )
    created_at = serializers.DateTimeField(source="feature.created_at")
    expires_at = serializers.DateTimeField(source="feature.expires_at")
    expired = serializers.BooleanField(source="feature.is_expired", help_text=_EXPIRED_HELP)


class CoverFeatureListApi(ListAPIView):
    """Cover analyses of your teams, newest first (expired ones until they are purged). Filter
    with `team`."""

    serializer_class = CoverFeatureOutput

    @extend_schema(parameters=[CoverFeatureFilters])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = query_filters(self.request, CoverFeatureFilters)
        features = selectors.feature_list_for_user(
            user=self.request.user, team_id=filters.get("team")
        )
        return features.only(*FEATURE_ROW_COLUMNS)


class CoverFeatureDetailApi(APIView):
    """A cover analysis as its page shows it: tempo, beats, key, chords, sections, lyric lines."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "cover_feature_id",
                str,
                OpenApiParameter.PATH,
                description="from /v1/music_cover_preprocess or the list",
            ),
            CoverFeatureFilters,
        ],
        responses=CoverAnalysisOutput,
    )
    def get(self, request: Request, cover_feature_id: str) -> Response:
        team_id = query_filters(request, CoverFeatureFilters).get("team")
        feature = selectors.access_feature_for_user(
            user=request.user, feature_id=cover_feature_id, team_id=team_id
        )
        return Response(CoverAnalysisOutput(analysis_read(feature)).data)
