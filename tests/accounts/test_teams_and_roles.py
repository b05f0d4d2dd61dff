import pytest
from django.urls import reverse

from accounts.errors import ApplicationError, Conflict
from accounts.models import Invitation, Membership, Role
from accounts.services import (
    invitation_accept,
    invitation_create,
    membership_remove,
    membership_set_role,
)

pytestmark = pytest.mark.django_db


def test_a_user_creates_a_team_and_owns_it(world, client_for):
    client = client_for(world.outsider)

    response = client.post(reverse("accounts:teams"), {"name": "Night Owls"})

    membership = Membership.objects.get(user=world.outsider, team__name="Night Owls")
    assert membership.role == Role.OWNER
    assert response["Location"] == reverse("accounts:team_members", args=[membership.team_id])


def test_an_outsider_gets_404_on_another_teams_pages(world, client_for):
    client = client_for(world.outsider)

    assert client.get(reverse("accounts:team_members", args=[world.team.pk])).status_code == 404
    assert (
        client.post(
            reverse("accounts:team_invite", args=[world.team.pk]), {"who": "oscar", "role": "owner"}
        ).status_code
        == 404
    )
    assert client.post(reverse("accounts:team_switch"), {"team": world.team.pk}).status_code == 404


def test_a_viewer_sees_members_but_cannot_invite(world, client_for):
    client = client_for(world.viewer, world.team)

    page = client.get(reverse("accounts:team_members", args=[world.team.pk]))
    refused = client.post(
        reverse("accounts:team_invite", args=[world.team.pk]), {"who": "oscar", "role": "editor"}
    )

    assert page.status_code == 200
    assert "Invite a teammate" not in page.content.decode()
    assert refused.status_code == 403
    assert not Invitation.objects.exists()


def test_an_editor_cannot_invite_either(world, client_for):
    refused = client_for(world.editor).post(
        reverse("accounts:team_invite", args=[world.team.pk]), {"who": "oscar", "role": "viewer"}
    )

    assert refused.status_code == 403


def test_an_admin_invites_by_username_and_the_invitee_accepts(world, client_for):
    admin = client_for(world.admin, world.team)
    response = admin.post(
        reverse("accounts:team_invite", args=[world.team.pk]), {"who": "oscar", "role": "editor"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(invitee=world.outsider)

    oscar = client_for(world.outsider)
    assert "The Band" in oscar.get(reverse("accounts:invitations")).content.decode()
    oscar.post(reverse("accounts:invitation_accept", args=[invitation.pk]))

    assert world.membership(world.outsider).role == Role.EDITOR
    assert oscar.get(reverse("accounts:team_members", args=[world.team.pk])).status_code == 200


def test_an_invitation_finds_the_user_by_email_whatever_its_case(world):
    invitation = invitation_create(
        actor=world.membership(world.owner), who="OSCAR@example.com", role=Role.VIEWER
    )

    assert invitation.invitee == world.outsider


def test_inviting_an_unknown_person_says_so_next_to_the_field(world, client_for):
    response = client_for(world.owner).post(
        reverse("accounts:team_invite", args=[world.team.pk]),
        {"who": "nobody@example.com", "role": "editor"},
    )

    assert response.status_code == 400
    assert "No Refrain user has that username or email." in response.content.decode()


def test_a_declined_invitation_adds_nobody(world, client_for):
    invitation = invitation_create(
        actor=world.membership(world.owner), who="oscar", role=Role.EDITOR
    )

    client_for(world.outsider).post(reverse("accounts:invitation_decline", args=[invitation.pk]))

    assert not Membership.objects.filter(team=world.team, user=world.outsider).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED


def test_nobody_else_can_accept_an_invitation(world, client_for):
    invitation = invitation_create(
        actor=world.membership(world.owner), who="oscar", role=Role.EDITOR
    )

    response = client_for(world.viewer).post(
        reverse("accounts:invitation_accept", args=[invitation.pk])
    )

    assert response.status_code == 404
    with pytest.raises(ApplicationError):
        invitation_accept(user=world.viewer, invitation=invitation)


def test_an_admin_cannot_grant_the_owner_role(world):
    with pytest.raises(ApplicationError) as error:
        membership_set_role(
            actor=world.membership(world.admin),
            membership=world.membership(world.editor),
            role=Role.OWNER,
        )

    assert error.value.status == 403


def test_an_admin_cannot_demote_an_owner(world):
    with pytest.raises(ApplicationError):
        membership_set_role(
            actor=world.membership(world.admin),
            membership=world.membership(world.owner),
            role=Role.VIEWER,
        )

    assert world.membership(world.owner).role == Role.OWNER


def test_the_last_owner_cannot_be_demoted(world):
    owner = world.membership(world.owner)

    with pytest.raises(Conflict):
        membership_set_role(actor=owner, membership=owner, role=Role.ADMIN)

    assert world.membership(world.owner).role == Role.OWNER


def test_the_last_owner_cannot_leave(world, client_for):
    client = client_for(world.owner)
    owner = world.membership(world.owner)

    response = client.post(
        reverse("accounts:member_remove", args=[world.team.pk, owner.pk]), follow=True
    )

    assert "The last owner cannot leave" in response.content.decode()
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_an_owner_can_leave_once_there_is_another_owner(world):
    owner = world.membership(world.owner)
    membership_set_role(actor=owner, membership=world.membership(world.admin), role=Role.OWNER)

    membership_remove(actor=owner, membership=owner)

    assert not Membership.objects.filter(team=world.team, user=world.owner).exists()


def test_an_owner_changes_a_role_from_the_members_page(world, client_for):
    editor = world.membership(world.editor)

    client_for(world.owner).post(
        reverse("accounts:member_role", args=[world.team.pk, editor.pk]), {"role": "viewer"}
    )

    assert world.membership(world.editor).role == Role.VIEWER


def test_a_viewer_cannot_change_roles_or_remove_members(world, client_for):
    client = client_for(world.viewer)
    editor = world.membership(world.editor)

    assert (
        client.post(
            reverse("accounts:member_role", args=[world.team.pk, editor.pk]), {"role": "owner"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("accounts:member_remove", args=[world.team.pk, editor.pk])).status_code
        == 403
    )
    assert world.membership(world.editor).role == Role.EDITOR


def test_a_member_can_leave_a_team(world, client_for):
    viewer = world.membership(world.viewer)

    client_for(world.viewer).post(
        reverse("accounts:member_remove", args=[world.team.pk, viewer.pk])
    )

    assert not Membership.objects.filter(pk=viewer.pk).exists()


def test_nobody_leaves_their_own_personal_team(world):
    personal = Membership.objects.get(user=world.outsider, team__personal_for=world.outsider)
    second_owner = Membership.objects.create(team=personal.team, user=world.viewer, role=Role.OWNER)

    with pytest.raises(ApplicationError):
        membership_remove(actor=personal, membership=personal)
    with pytest.raises(ApplicationError):
        membership_remove(actor=second_owner, membership=personal)


def test_the_team_switcher_changes_the_team_the_dashboard_shows(world, client_for):
    client = client_for(world.editor)

    client.post(reverse("accounts:team_switch"), {"team": world.team.pk})

    assert "<h1>The Band</h1>" in client.get(reverse("dashboard")).content.decode()
