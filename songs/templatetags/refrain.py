from django import template

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
def nth_line(text: str, number) -> str:
    """The 1-based `number`-th line of `text`, or "" when there is none."""
    lines = (text or "").splitlines()
    try:
        return lines[int(number) - 1]
    except (ValueError, IndexError):
        return ""
