"""The song workspace: projects, lyric drafts, their revisions and who has them open, songs and
versions, generation jobs, share links, webhooks."""

from songs.models.job import AudioChunk, GenerationJob, JobKind, JobStatus
from songs.models.lyric import (
    CommentMention,
    LyricComment,
    LyricDraft,
    LyricRevision,
    RevisionSource,
)
from songs.models.presence import DraftPresence
from songs.models.project import Project
from songs.models.share import ShareLink
from songs.models.song import Favourite, Song, SongVersion, VersionKind
from songs.models.suggestion import LyricSuggestion, SuggestionStatus
from songs.models.webhook import (
    MessageStatus,
    WebhookAttempt,
    WebhookEndpoint,
    WebhookEvent,
    WebhookMessage,
)

__all__ = [
    "AudioChunk",
    "CommentMention",
    "DraftPresence",
    "Favourite",
    "GenerationJob",
    "JobKind",
    "JobStatus",
    "LyricComment",
    "LyricDraft",
    "LyricRevision",
    "LyricSuggestion",
    "MessageStatus",
    "Project",
    "RevisionSource",
    "ShareLink",
    "Song",
    "SongVersion",
    "SuggestionStatus",
    "VersionKind",
    "WebhookAttempt",
    "WebhookEndpoint",
    "WebhookEvent",
    "WebhookMessage",
]
