from django.apps import AppConfig


class CoversConfig(AppConfig):
    name = "covers"
    verbose_name = "Covers"

    def ready(self) -> None:
        from covers import jobs  # noqa: F401, PLC0415  (registers the cover job kinds)
