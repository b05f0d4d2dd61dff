import uuid

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from accounts.login_brake import LoginThrottled, login_attempt_begin, login_attempt_end
from accounts.models import Role


class SignupForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password_again = forms.CharField(
        label="Password (again)", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return cleaned


class TeamForm(forms.Form):
    name = forms.CharField(max_length=100, label="Team name")


class InviteForm(forms.Form):
    who = forms.CharField(max_length=254, label="Username or email")
    role = forms.ChoiceField(choices=Role.choices, initial=Role.EDITOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


def _token() -> str:
    return uuid.uuid4().hex


class ApiKeyForm(forms.Form):
    name = forms.CharField(max_length=100, label="Key name", initial="My integration")
    team = forms.TypedChoiceField(coerce=int, label="Team")
    # Sending the same form twice (a reload) must not make a second key.
    token = forms.CharField(widget=forms.HiddenInput, max_length=100, initial=_token)

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(m.team_id, m.team.name) for m in memberships]


class LoginForm(AuthenticationForm):
    """Sign in by username or email, with the brake on guessing (accounts.login_brake)."""

    throttled: LoginThrottled | None = None

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Username or email"

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not (username and password):
            return self.cleaned_data
        address = self.request.META.get("REMOTE_ADDR") if self.request else None
        try:
            attempt = login_attempt_begin(identifier=username, address=address or None)
        except LoginThrottled as throttled:
            self.throttled = throttled
            raise ValidationError(str(throttled), code="throttled") from throttled
        try:
            cleaned = super().clean()
        except ValidationError:
            login_attempt_end(attempt=attempt, succeeded=False)
            raise
        login_attempt_end(attempt=attempt, succeeded=True)
        return cleaned
