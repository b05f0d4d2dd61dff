import pytest
from django.urls import reverse

from accounts.models import Membership, Role, User

pytestmark = pytest.mark.django_db


def signup(client, **overrides):
    data = {
        "username": "mina",
        "email": "mina@example.com",
        "password": "a long enough passphrase",
        "password_again": "a long enough passphrase",
    } | overrides
    return client.post(reverse("accounts:signup"), data)


def test_signing_up_creates_a_user_with_a_personal_team_they_own(client):
    response = signup(client)

    assert response.status_code == 302
    user = User.objects.get(username="mina")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.OWNER
    assert membership.team.personal_for == user
    assert client.get(reverse("dashboard")).status_code == 200


def test_signing_up_logs_the_new_user_in(client):
    signup(client)

    page = client.get(reverse("dashboard"))

    assert page.status_code == 200
    assert "mina&#x27;s team" in page.content.decode()


def test_a_taken_username_is_refused_next_to_the_field(client):
    signup(client)
    client.logout()

    response = signup(client, username="MINA", email="other@example.com")

    assert response.status_code == 400
    assert "That username is taken." in response.content.decode()
    assert User.objects.count() == 1


def test_a_taken_email_is_refused_whatever_its_case(client):
    signup(client)
    client.logout()

    response = signup(client, username="other", email="Mina@Example.com")

    assert response.status_code == 400
    assert "email exists already" in response.content.decode()


def test_two_different_passwords_are_refused(client):
    response = signup(client, password_again="something else entirely")

    assert response.status_code == 400
    assert "The two passwords differ." in response.content.decode()
    assert not User.objects.exists()


def test_a_weak_password_is_refused(client):
    response = signup(client, password="12345678", password_again="12345678")

    assert response.status_code == 400
    assert not User.objects.exists()


def test_pages_need_a_login(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_user_logs_in_and_out(client):
    signup(client)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboard")).status_code == 302

    response = client.post(
        reverse("accounts:login"), {"username": "mina", "password": "a long enough passphrase"}
    )

    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
