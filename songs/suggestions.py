"""Reads for the suggestions card: a draft's open suggestions, and where each line is now."""

from __future__ import annotations

from dataclasses import dataclass

from songs.models import LyricDraft, LyricRevision, LyricSuggestion, SuggestionStatus


@dataclass(frozen=True)
class OpenSuggestion:
    suggestion: LyricSuggestion
    line_now: int | None  # the line's number in the current text; None when it changed since


def _line_now(suggestion: LyricSuggestion, current_lines: list[str]) -> int | None:
    """The current line that still reads like the suggestion's original, nearest its old place."""
    places = [
        number
        for number, text in enumerate(current_lines, start=1)
        if text == suggestion.original_text
    ]
    return min(places, key=lambda number: abs(number - suggestion.line_number), default=None)


def suggestion_list_open(*, draft: LyricDraft, current: LyricRevision) -> list[OpenSuggestion]:
    """The draft's open suggestions, oldest first, each placed in the `current` text."""
    current_lines = current.body.splitlines()
    suggestions = draft.suggestions.filter(status=SuggestionStatus.OPEN).select_related(
        "author", "revision"
    )
    return [
        OpenSuggestion(
            suggestion=suggestion,
            line_now=(
                suggestion.line_number
                if suggestion.revision_id == current.pk
                else _line_now(suggestion, current_lines)
            ),
        )
        for suggestion in suggestions
    ]
