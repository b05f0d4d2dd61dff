from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from accounts.api import MeApi, TeamListApi
from config.health import healthz
from config.metrics import metrics
from covers.api import CoverFeatureDetailApi, CoverFeatureListApi
from songs.api import comments, drafts, jobs, projects, shares, songs, suggestions, webhooks

api_v1 = [
    path("me/", MeApi.as_view(), name="me"),
    path("teams/", TeamListApi.as_view(), name="teams"),
    path("projects/", projects.ProjectListApi.as_view(), name="projects"),
    path("projects/<int:project_id>/", projects.ProjectDetailApi.as_view(), name="project"),
    path("drafts/", drafts.DraftListApi.as_view(), name="drafts"),
    path("drafts/<int:draft_id>/", drafts.DraftDetailApi.as_view(), name="draft"),
    path("drafts/<int:draft_id>/revisions/", drafts.RevisionListApi.as_view(), name="revisions"),
    path(
        "drafts/<int:draft_id>/revisions/<int:number>/",
        drafts.RevisionDetailApi.as_view(),
        name="revision",
    ),
    path(
        "drafts/<int:draft_id>/revisions/<int:number>/restore/",
        drafts.RevisionRestoreApi.as_view(),
        name="revision_restore",
    ),
    path(
        "drafts/<int:draft_id>/revisions/<int:number>/comments/",
        comments.CommentListApi.as_view(),
        name="comments",
    ),
    path(
        "drafts/<int:draft_id>/comments/",
        comments.DraftCommentListApi.as_view(),
        name="draft_comments",
    ),
    path(
        "drafts/<int:draft_id>/comments/<int:comment_id>/resolve/",
        comments.CommentResolveApi.as_view(),
        name="comment_resolve",
    ),
    path(
        "drafts/<int:draft_id>/suggestions/",
        suggestions.SuggestionListApi.as_view(),
        name="suggestions",
    ),
    path(
        "drafts/<int:draft_id>/suggestions/<int:suggestion_id>/accept/",
        suggestions.SuggestionAcceptApi.as_view(),
        name="suggestion_accept",
    ),
    path(
        "drafts/<int:draft_id>/suggestions/<int:suggestion_id>/reject/",
        suggestions.SuggestionRejectApi.as_view(),
        name="suggestion_reject",
    ),
    path(
        "drafts/<int:draft_id>/suggestions/<int:suggestion_id>/withdraw/",
        suggestions.SuggestionWithdrawApi.as_view(),
        name="suggestion_withdraw",
    ),
    path("drafts/<int:draft_id>/diff/", drafts.DraftDiffApi.as_view(), name="draft_diff"),
    path(
        "drafts/<int:draft_id>/generate/", drafts.DraftGenerateApi.as_view(), name="draft_generate"
    ),
    path("songs/", songs.SongListApi.as_view(), name="songs"),
    path("songs/generate/", songs.SongGenerateApi.as_view(), name="song_generate"),
    path("songs/<int:song_id>/", songs.SongDetailApi.as_view(), name="song"),
    path("songs/<int:song_id>/favourite/", songs.SongFavouriteApi.as_view(), name="song_favourite"),
    path("songs/<int:song_id>/untrash/", songs.SongUntrashApi.as_view(), name="song_untrash"),
    path("trash/", songs.TrashListApi.as_view(), name="trash"),
    path("songs/<int:song_id>/versions/", songs.VersionListApi.as_view(), name="versions"),
    path("versions/<int:version_id>/", songs.VersionDetailApi.as_view(), name="version"),
    path(
        "versions/<int:version_id>/restore/",
        songs.VersionRestoreApi.as_view(),
        name="version_restore",
    ),
    path("versions/<int:version_id>/audio/", jobs.VersionAudioApi.as_view(), name="version_audio"),
    path(
        "versions/<int:version_id>/share/", shares.VersionShareApi.as_view(), name="version_share"
    ),
    path("covers/", CoverFeatureListApi.as_view(), name="covers"),
    path("covers/<str:cover_feature_id>/", CoverFeatureDetailApi.as_view(), name="cover"),
    path("jobs/", jobs.JobListApi.as_view(), name="jobs"),
    path("jobs/<uuid:job_id>/", jobs.JobDetailApi.as_view(), name="job"),
    path("jobs/<uuid:job_id>/cancel/", jobs.JobCancelApi.as_view(), name="job_cancel"),
    path("webhooks/", webhooks.WebhookListApi.as_view(), name="webhooks"),
    path("webhooks/<int:endpoint_id>/", webhooks.WebhookDetailApi.as_view(), name="webhook"),
    path(
        "webhooks/<int:endpoint_id>/rotate-secret/",
        webhooks.WebhookSecretRotateApi.as_view(),
        name="webhook_rotate_secret",
    ),
    path(
        "webhooks/<int:endpoint_id>/test/", webhooks.WebhookTestApi.as_view(), name="webhook_test"
    ),
    path(
        "webhooks/<int:endpoint_id>/messages/",
        webhooks.WebhookMessageListApi.as_view(),
        name="webhook_messages",
    ),
    path(
        "webhooks/<int:endpoint_id>/messages/<int:message_id>/retry/",
        webhooks.WebhookMessageRetryApi.as_view(),
        name="webhook_message_retry",
    ),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("v1/", include("songs.music_api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api_docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api_redoc"),
    path("", include("accounts.urls")),
    path("", include("songs.urls")),
    path("", include("covers.urls")),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
