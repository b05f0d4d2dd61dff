from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from accounts.api import MeApi, TeamListApi
from config.health import healthz
from songs.api import JobCancelApi, JobDetailApi, JobListApi, VersionAudioApi

api_v1 = [
    path("me/", MeApi.as_view(), name="me"),
    path("teams/", TeamListApi.as_view(), name="teams"),
    path("jobs/", JobListApi.as_view(), name="jobs"),
    path("jobs/<uuid:job_id>/", JobDetailApi.as_view(), name="job"),
    path("jobs/<uuid:job_id>/cancel/", JobCancelApi.as_view(), name="job_cancel"),
    path("versions/<int:version_id>/audio/", VersionAudioApi.as_view(), name="version_audio"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("v1/", include("songs.music_api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api_docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api_redoc"),
    path("", include("accounts.urls")),
    path("", include("songs.urls")),
]
