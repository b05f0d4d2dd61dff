from django.urls import path

from covers import views

urlpatterns = [
    path("covers/", views.covers_home, name="covers"),
    path("covers/<str:feature_id>/", views.feature_detail, name="cover_feature"),
    path(
        "covers/references/<int:reference_id>/audio", views.reference_audio, name="reference_audio"
    ),
    path(
        "covers/references/<int:reference_id>/delete/",
        views.reference_delete,
        name="reference_delete",
    ),
]
