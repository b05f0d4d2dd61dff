"""`{% marked_line text spans number %}`: a line of lyrics with the words comments are about in
<mark>, for the read-only text (spans from songs.comment_threads.marks_by_line)."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def marked_line(text: str, spans: dict[int, list[tuple[int, int, int]]], number: int) -> SafeString:
    parts, at = [], 0
    for start, end, thread in (spans or {}).get(number, []):  # a page without comments: ""
        start = max(start, at)  # words two threads share are marked once, for the first
        if start >= end:
            continue
        parts.append(conditional_escape(text[at:start]))
        parts.append(format_html('<mark data-thread="{}">{}</mark>', thread, text[start:end]))
        at = end
    parts.append(conditional_escape(text[at:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
