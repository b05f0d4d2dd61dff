import uuid

from django import forms

from engine.contract import DEFAULT_VOICE_QUALITY, VOICE_QUALITIES
from songs.library import KINDS, LibraryQuery
from songs.lyric_merge import Choice, Resolution
from songs.models import WebhookEvent
from songs.services.generation import MODES
from songs.services.shares import EXPIRY_CHOICES_DAYS


class DistinctIds:
    """Several forms share a page: give each its own element ids, so labels point at its fields."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class ProjectForm(DistinctIds, forms.Form):
    id_prefix = "project"

    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    default_style = forms.CharField(
        max_length=2000,
        required=False,
        label="Default style prompt",
        widget=forms.TextInput(
            attrs={"placeholder": "e.g. soulful blues, slow, male vocals, in E minor"}
        ),
    )


class DraftForm(DistinctIds, forms.Form):
    id_prefix = "draft"

    title = forms.CharField(max_length=200, label="Draft title")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False, label="Lyrics (optional)"
    )


class SaveLyricsForm(forms.Form):
    base = forms.IntegerField(widget=forms.HiddenInput)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        required=False,
        label="Lyrics",
        strip=False,
    )
    message = forms.CharField(max_length=300, required=False, label="What changed (optional)")


CHOICES = {choice.value for choice in Choice}


class ResolveConflictForm(forms.Form):
    """The choices a writer made in the merge view: one `choice-<i>` (and `text-<i>` for an
    edit) per overlap between their text and the revision they conflicted with."""

    base = forms.IntegerField(widget=forms.HiddenInput, min_value=1)  # the conflicting revision
    since = forms.IntegerField(widget=forms.HiddenInput, min_value=1)  # where the writer started
    yours = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    message = forms.CharField(max_length=300, required=False)

    def resolutions(self) -> dict[int, Resolution]:
        chosen: dict[int, Resolution] = {}
        for key, value in self.data.items():
            index = key.removeprefix("choice-")
            if index != key and index.isdigit() and value in CHOICES:
                text = self.data.get(f"text-{index}", "")
                chosen[int(index)] = Resolution(Choice(value), text[:20000])
        return chosen


def _token() -> str:
    return uuid.uuid4().hex


class IdempotentForm(forms.Form):
    """A form whose hidden token makes a double submit return the first job, not a second one."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=100, initial=_token)


class WriteLyricsForm(DistinctIds, IdempotentForm):
    id_prefix = "write"

    prompt = forms.CharField(
        max_length=2000,
        label="Theme",
        required=False,
        # hx-preserve: what was typed stays while the page comes back with the job, and its result.
        widget=forms.TextInput(
            attrs={"placeholder": "a soulful blues song about a rainy night", "hx-preserve": "true"}
        ),
    )


class EditLyricsForm(DistinctIds, IdempotentForm):
    id_prefix = "edit"

    prompt = forms.CharField(
        max_length=2000,
        label="Instruction",
        widget=forms.TextInput(
            attrs={"placeholder": "add a bridge about the sea", "hx-preserve": "true"}
        ),
    )


class CommentForm(DistinctIds, forms.Form):
    id_prefix = "comment"

    line_number = forms.IntegerField(min_value=1, max_value=100_000, label="Line")
    # Filled by static/js/comments.js from a selection; empty: the whole line.
    start_col = forms.IntegerField(
        min_value=0, max_value=100_000, required=False, widget=forms.HiddenInput
    )
    end_col = forms.IntegerField(
        min_value=0, max_value=100_000, required=False, widget=forms.HiddenInput
    )
    quote = forms.CharField(max_length=500, required=False, strip=False, widget=forms.HiddenInput)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, label="Comment"
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SuggestionForm(DistinctIds, forms.Form):
    """A new text for one line of a revision; the service checks the line and the lengths."""

    id_prefix = "suggest"

    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    line_number = forms.IntegerField(min_value=1, label="Line")
    text = forms.CharField(
        required=False, label="New text", help_text="Leave it empty to remove the line."
    )
    note = forms.CharField(required=False, label="Why (optional)")


MODE_CHOICES = [
    ("vocal", "Sing the lyrics"),
    ("instrumental", "Instrumental"),
    ("optimizer", "Write lyrics from the prompt, then sing them"),
]
assert [value for value, _ in MODE_CHOICES] == list(MODES)

VOICE_CHOICES = [
    ("full", "Natural (neural voice, slower)"),
    ("draft", "Draft (fast)"),
]
assert sorted(value for value, _ in VOICE_CHOICES) == sorted(VOICE_QUALITIES)


VOICE_HELP = (
    "Natural sounds more human but takes longer to sing; Draft's words are easier to make out."
)


def voice_quality_field(*, help_text: str = VOICE_HELP) -> forms.TypedChoiceField:
    """Which voice sings a song or a cover (the contract's `voice_quality`); a form that leaves it
    out gets the contract's default."""
    return forms.TypedChoiceField(
        choices=VOICE_CHOICES,
        initial=DEFAULT_VOICE_QUALITY,
        required=False,
        empty_value=DEFAULT_VOICE_QUALITY,
        label="Voice",
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"invalid_choice": "Choose the natural or the draft voice."},
    )


class GenerateSongForm(DistinctIds, IdempotentForm):
    id_prefix = "song"

    title = forms.CharField(
        max_length=200,
        required=False,
        label="Song title",
        help_text="For a new song; empty: taken from the lyrics.",
    )
    prompt = forms.CharField(
        max_length=2000,
        required=False,
        label="Style prompt",
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "upbeat pop, female vocals, 120 bpm, in C major"}
        ),
    )
    mode = forms.ChoiceField(choices=MODE_CHOICES, initial="vocal", widget=forms.RadioSelect)
    voice_quality = voice_quality_field(help_text=f"Sung songs only. {VOICE_HELP}")
    revision = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="Lyrics from"
    )
    seed = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text="Same seed, same song. Empty: a new one each time.",
    )
    format = forms.ChoiceField(
        choices=[("mp3", "MP3"), ("wav", "WAV"), ("flac", "FLAC")], initial="mp3"
    )
    sample_rate = forms.TypedChoiceField(
        coerce=int,
        initial=44100,
        label="Sample rate",
        choices=[(44100, "44.1 kHz"), (32000, "32 kHz"), (24000, "24 kHz"), (16000, "16 kHz")],
    )
    bitrate = forms.TypedChoiceField(
        coerce=int,
        initial=256000,
        label="MP3 bitrate",
        choices=[
            (256000, "256 kbps"),
            (128000, "128 kbps"),
            (64000, "64 kbps"),
            (32000, "32 kbps"),
        ],
    )
    channels = forms.TypedChoiceField(coerce=int, initial=2, choices=[(2, "Stereo"), (1, "Mono")])

    def __init__(self, *args, revisions=(), new_song: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].choices = [("", "— no draft —")] + [
            (revision.pk, f"{revision.draft.title} r{revision.number}") for revision in revisions
        ]
        if not new_song:
            del self.fields["title"]

    def audio_setting(self) -> dict:
        data = self.cleaned_data
        return {
            "format": data["format"],
            "sample_rate": data["sample_rate"],
            "bitrate": data["bitrate"],
            "channel": data["channels"],
        }


class LibraryForm(forms.Form):
    """The library's search box, filters and sort, read from the query string."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    project = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        required=False,
        label="Kind",
        choices=[("", "Any kind"), *[(kind.value, kind.label) for kind in KINDS]],
    )
    made_by = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Made by")
    made_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    made_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    favourites = forms.BooleanField(required=False, label="Favourites only")
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=[
            ("newest", "Newest"),
            ("oldest", "Oldest"),
            ("updated", "Recently changed"),
            ("title", "Title"),
            ("longest", "Longest"),
            ("shortest", "Shortest"),
        ],
    )

    def __init__(self, *args, projects=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "Any project")] + [(p.pk, p.title) for p in projects]
        self.fields["made_by"].choices = [("", "Anyone")] + [(u.pk, u.username) for u in members]

    def query(self) -> LibraryQuery:
        """The query asked for; a field that does not read (a bad date) narrows nothing."""
        data = self.cleaned_data if self.is_valid() else {}
        return LibraryQuery(
            text=(data.get("q") or "").strip(),
            project_id=data.get("project"),
            kind=data.get("kind") or "",
            made_by_id=data.get("made_by"),
            made_from=data.get("made_from"),
            made_to=data.get("made_to"),
            favourites_only=bool(data.get("favourites")),
            sort=data.get("sort") or "newest",
        )


class ShareForm(DistinctIds, forms.Form):
    """The terms of a version's public link (`songs.services.shares`)."""

    id_prefix = "share"

    expires_in_days = forms.TypedChoiceField(
        label="Expires, from now",
        choices=[("", "Never")]
        + [(days, f"In {days} day{'s' if days > 1 else ''}") for days in EXPIRY_CHOICES_DAYS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    allow_download = forms.BooleanField(label="Listeners may download it", required=False)


class WebhookEndpointForm(DistinctIds, forms.Form):
    id_prefix = "webhook"

    url = forms.CharField(
        max_length=2000,
        label="Endpoint URL",
        widget=forms.TextInput(
            attrs={"placeholder": "https://example.com/refrain/webhooks", "inputmode": "url"}
        ),
        help_text="We POST signed JSON here. Private and local addresses are refused.",
    )
    description = forms.CharField(max_length=200, required=False)
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Events",
        error_messages={"required": "Subscribe to at least one event."},
    )
    enabled = forms.BooleanField(required=False, initial=True, label="Enabled")
