from django import forms


class ProjectForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    default_style = forms.CharField(
        max_length=2000, required=False, label="Default style prompt",
        widget=forms.TextInput(attrs={"placeholder": "e.g. soulful blues, slow, male vocals, in E minor"}),
    )
