from django.apps import AppConfig


class SongsConfig(AppConfig):
    name = "songs"
    verbose_name = "Songs"

    def ready(self) -> None:
        from django_q.signals import post_spawn  # noqa: PLC0415

        from songs.jobs import kinds  # noqa: F401, PLC0415  (registers the lyrics and music job kinds)
        from songs.jobs.worker import warm_up_on_spawn  # noqa: PLC0415

        post_spawn.connect(warm_up_on_spawn, dispatch_uid="songs.warm_up_on_spawn")
