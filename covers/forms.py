from django import forms

from songs.forms import IdempotentForm, voice_quality_field


class ReferenceForm(IdempotentForm):
    file = forms.FileField(
        required=False,
        label="Upload a recording",
        help_text="mp3, wav, flac, ogg or m4a; 6 seconds to 6 minutes, at most 50 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
    )
    url = forms.URLField(required=False, label="…or give its URL", assume_scheme="https")

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("file")) == bool(cleaned.get("url")):
            raise forms.ValidationError("Upload a file or give a URL (one of the two).")
        return cleaned


class CoverForm(IdempotentForm):
    project = forms.TypedChoiceField(coerce=int, label="Project")
    title = forms.CharField(max_length=200, required=False, label="Song title")
    prompt = forms.CharField(
        min_length=10,
        max_length=300,
        label="New style",
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "a slow jazz ballad, brushed drums, male vocals"}
        ),
    )
    lyrics = forms.CharField(
        min_length=10,
        max_length=1000,
        label="Lyrics to sing",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    voice_quality = voice_quality_field()
    seed = forms.IntegerField(required=False, min_value=0, max_value=1_000_000)

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [(project.pk, project.title) for project in projects]
