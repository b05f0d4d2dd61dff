from django.urls import path

from songs.music_api import views

app_name = "music_api"

urlpatterns = [
    path("music_generation", views.music_generation, name="music_generation"),
    path("lyrics_generation", views.lyrics_generation, name="lyrics_generation"),
    path("music_cover_preprocess", views.music_cover_preprocess, name="music_cover_preprocess"),
    path("files/<str:token>", views.audio, name="audio"),
]
