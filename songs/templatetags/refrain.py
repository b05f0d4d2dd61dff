from django import template

from songs.job_words import failure_in_words
from songs.library import song_kind
from songs.models import VersionKind

register = template.Library()


@register.filter
def duration(milliseconds) -> str:
    """3723000 -> "1:02:03", 95000 -> "1:35"."""
    try:
        seconds = int(milliseconds) // 1000
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


@register.filter
def failure_words(job) -> str:
    """A failed job's reason in words a musician reads (songs.job_words)."""
    return failure_in_words(code=job.error_code, message=job.error_message or "", kind=job.kind)


@register.filter
def song_kind_label(song) -> str:
    """Original, Instrumental or Cover: what the library calls the song."""
    return dict(VersionKind.choices).get(song_kind(song), "")
