from django.apps import AppConfig


class SongsConfig(AppConfig):
    name = "songs"
    verbose_name = "Songs"

    def ready(self) -> None:
        from songs.services import handlers  # noqa: F401  (registers the lyrics and music job kinds)
