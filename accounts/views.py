"""Pages: sign-up, teams and members, invitations, API keys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.access import access_current_team, access_team
from accounts.forms import (
    ApiKeyForm,
    InviteForm,
    LoginForm,
    RoleForm,
    SignupForm,
    TeamForm,
)
from accounts.login_brake import login_failures_forget
from accounts.middleware import SESSION_TEAM_KEY
from accounts.models import ApiKey, Invitation, Membership, Role
from accounts.redirects import redirect_back
from accounts.refusals import flash_refusal, form_refusal
from accounts.usage import COSTS, credits_used_this_month, plan_for_team
from engine.errors import EngineError


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_signup(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
            )
        except EngineError as error:
            form_refusal(form, error)
        else:
            login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
            messages.success(request, f"Welcome to Refrain, {user.username}.")
            return redirect("dashboard")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.throttled.retry_after_s)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        login_failures_forget(user=form.user)  # the owner is back in: lift the brake on guessing
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


@login_required
@require_POST
def team_switch(request: HttpRequest) -> HttpResponse:
    try:
        team_id = int(request.POST.get("team", ""))
    except ValueError as error:
        raise Http404("No such team.") from error
    membership = access_team(user=request.user, team_id=team_id)
    request.session[SESSION_TEAM_KEY] = membership.team_id
    return redirect_back(request, reverse("dashboard"))


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(user=request.user, name=form.cleaned_data["name"])
        except EngineError as error:
            form_refusal(form, error)
        else:
            request.session[SESSION_TEAM_KEY] = team.pk
            messages.success(request, f"Team “{team.name}” created. Invite your co-writers.")
            return redirect("accounts:team_members", team_id=team.pk)
    memberships = selectors.membership_list_for_user(user=request.user)
    return render(
        request,
        "accounts/teams.html",
        {"form": form, "memberships": memberships},
        status=400 if form.errors else 200,
    )


@login_required
def team_members(request: HttpRequest, team_id: int) -> HttpResponse:
    membership = access_team(user=request.user, team_id=team_id)
    return _members_page(request, membership, InviteForm())


def _members_page(
    request: HttpRequest, membership: Membership, invite_form: InviteForm, status: int = 200
):
    team = membership.team
    context = {
        "team": team,
        "me": membership,
        "members": selectors.team_member_list(team=team),
        "invitations": selectors.invitation_list_pending_for_team(team=team)
        if membership.can_manage
        else [],
        "invite_form": invite_form,
        "roles": Role.choices,
    }
    return render(request, "accounts/members.html", context, status=status)


@login_required
@require_POST
def team_invite(request: HttpRequest, team_id: int) -> HttpResponse:
    membership = access_team(user=request.user, team_id=team_id, role=Role.ADMIN)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=membership, who=form.cleaned_data["who"], role=form.cleaned_data["role"]
            )
        except EngineError as error:
            form_refusal(form, error)
        else:
            messages.success(
                request,
                f"Invited {invitation.invitee.username} as {invitation.get_role_display().lower()}.",
            )
            return redirect("accounts:team_members", team_id=team_id)
    return _members_page(request, membership, form, status=400)


@login_required
@require_POST
def member_role(request: HttpRequest, team_id: int, member_id: int) -> HttpResponse:
    actor = access_team(user=request.user, team_id=team_id, role=Role.ADMIN)
    target = get_object_or_404(Membership, pk=member_id, team_id=team_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a valid role.")
        return redirect("accounts:team_members", team_id=team_id)
    try:
        services.membership_set_role(actor=actor, membership=target, role=form.cleaned_data["role"])
    except EngineError as error:
        flash_refusal(request, error)
    else:
        messages.success(
            request, f"{target.user.username} is now {target.get_role_display().lower()}."
        )
    return redirect("accounts:team_members", team_id=team_id)


@login_required
@require_POST
def member_remove(request: HttpRequest, team_id: int, member_id: int) -> HttpResponse:
    actor = access_team(user=request.user, team_id=team_id)
    target = get_object_or_404(Membership, pk=member_id, team_id=team_id)
    try:
        services.membership_remove(actor=actor, membership=target)
    except EngineError as error:
        flash_refusal(request, error)
        return redirect("accounts:team_members", team_id=team_id)
    if target.pk == actor.pk:
        request.session.pop(SESSION_TEAM_KEY, None)
        messages.success(request, f"You left “{actor.team.name}”.")
        return redirect("dashboard")
    messages.success(request, f"{target.user.username} was removed from the team.")
    return redirect("accounts:team_members", team_id=team_id)


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, team_id: int, invitation_id: int) -> HttpResponse:
    actor = access_team(user=request.user, team_id=team_id, role=Role.ADMIN)
    invitation = get_object_or_404(Invitation, pk=invitation_id, team_id=team_id)
    try:
        services.invitation_cancel(actor=actor, invitation=invitation)
    except EngineError as error:
        flash_refusal(request, error)
    return redirect("accounts:team_members", team_id=team_id)


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    invitations = selectors.invitation_list_pending_for_user(user=request.user)
    return render(request, "accounts/invitations.html", {"invitations": invitations})


@login_required
@require_POST
def invitation_answer(request: HttpRequest, invitation_id: int, answer: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id, invitee=request.user)
    try:
        if answer == "accept":
            membership = services.invitation_accept(user=request.user, invitation=invitation)
            request.session[SESSION_TEAM_KEY] = membership.team_id
            messages.success(
                request,
                f"You joined “{membership.team.name}” as {membership.get_role_display().lower()}.",
            )
            return redirect("dashboard")
        services.invitation_decline(user=request.user, invitation=invitation)
    except EngineError as error:
        flash_refusal(request, error)
    return redirect("accounts:invitations")


@login_required
def api_keys(request: HttpRequest) -> HttpResponse:
    """List and create keys. A new key's secret is in the answer to the POST alone: never stored,
    never cached; the form's token makes a resubmitted form show a notice, not a second key."""
    memberships = selectors.membership_list_for_user(user=request.user)
    current = request.membership
    form = ApiKeyForm(
        request.POST or None,
        memberships=memberships,
        initial={"team": current.team_id if current else None},
    )
    new_key = None
    if request.method == "POST" and form.is_valid():
        team = access_team(user=request.user, team_id=form.cleaned_data["team"]).team
        try:
            _, new_key = services.api_key_create(
                user=request.user,
                team=team,
                name=form.cleaned_data["name"],
                creation_token=form.cleaned_data["token"],
            )
        except EngineError as error:
            form_refusal(form, error)
        else:
            form = ApiKeyForm(memberships=memberships, initial={"team": team.pk})
    context = {
        "form": form,
        "keys": selectors.api_key_list_for_user(user=request.user),
        "new_key": new_key,
        "api_base": request.build_absolute_uri("/"),
    }
    response = render(
        request, "accounts/api_keys.html", context, status=400 if form.errors else 200
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_key_revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    key = get_object_or_404(ApiKey, pk=key_id, user=request.user)
    services.api_key_revoke(user=request.user, api_key=key)
    messages.success(request, f"Key “{key.name}” revoked: it no longer works.")
    return redirect("accounts:api_keys")


@login_required
def usage(request: HttpRequest) -> HttpResponse:
    """The current team's plan, credits used this month and the latest ledger lines."""
    team = access_current_team(request).team
    plan = plan_for_team(team=team)
    used = credits_used_this_month(team=team)
    context = {
        "team": team,
        "plan": plan,
        "credits_used": used,
        "credits_left": max(plan.monthly_credits - used, 0),
        "entries": selectors.usage_list_for_team(team=team)[:100],
        "costs": COSTS,
    }
    return render(request, "accounts/usage.html", context)
