"""Signing in by username or email, the brake on guessing, changing and resetting a password."""

import re
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.backends import UsernameOrEmailBackend
from accounts.models import LoginAttempt
from tests.conftest import PASSWORD

LOGIN = reverse("accounts:login")


def sign_in(who: str, password: str, address: str = "203.0.113.7") -> int:
    response = Client(REMOTE_ADDR=address).post(LOGIN, {"username": who, "password": password})
    return response.status_code


@pytest.mark.django_db
def test_one_signs_in_by_username_or_by_email(world):
    assert sign_in("olivia", PASSWORD) == 302
    assert sign_in("OLIVIA@example.com", PASSWORD) == 302
    assert sign_in("olivia@example.com", "wrong") == 200


@pytest.mark.django_db
def test_after_five_wrong_passwords_even_the_right_one_waits(world):
    for _ in range(5):
        assert sign_in("olivia", "wrong") == 200

    response = Client(REMOTE_ADDR="198.51.100.9").post(
        LOGIN, {"username": "olivia", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "Too many failed sign-ins for this account" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


@pytest.mark.django_db
def test_the_brake_counts_an_account_once_whether_named_by_username_or_email(world):
    for who in ("olivia", "olivia@example.com", "Olivia", "OLIVIA@EXAMPLE.COM", "olivia"):
        sign_in(who, "wrong")

    assert sign_in("olivia@example.com", PASSWORD) == 429


@pytest.mark.django_db
def test_one_address_guessing_many_accounts_is_braked_too(world):
    for i in range(20):
        sign_in(f"nobody{i}", "wrong", address="192.0.2.50")

    assert sign_in("edith", PASSWORD, address="192.0.2.50") == 429
    assert sign_in("edith", PASSWORD, address="192.0.2.51") == 302


@pytest.mark.django_db
def test_a_success_forgets_the_accounts_earlier_failures(world):
    for _ in range(4):
        sign_in("olivia", "wrong")
    assert sign_in("olivia", PASSWORD) == 302

    for _ in range(5):
        sign_in("olivia", "wrong")
    assert sign_in("olivia", PASSWORD) == 429


@pytest.mark.django_db(transaction=True)
def test_seventy_guesses_at_once_get_at_most_five_passwords_checked(world, monkeypatch):
    checked = []

    real = UsernameOrEmailBackend.authenticate

    def counting(self, request, **kwargs):
        checked.append(kwargs.get("username"))
        return real(self, request, **kwargs)

    monkeypatch.setattr(UsernameOrEmailBackend, "authenticate", counting)
    start, answers = threading.Barrier(20), []

    def guess(i):
        try:
            start.wait(10)
            for _ in range(3):
                answers.append(sign_in("olivia", f"guess-{i}", address=f"198.51.100.{i}"))
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert len(checked) <= 5
    assert Counter(answers)[429] >= 55
    assert sign_in("olivia", PASSWORD) == 429


@pytest.mark.django_db
def test_a_password_is_reset_by_an_emailed_link_which_lifts_the_brake(world):
    for _ in range(6):
        sign_in("olivia", "wrong")
    client = Client()

    sent = client.post(reverse("accounts:password_reset"), {"email": "olivia@example.com"})
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a brand new tune 2026", "new_password2": "a brand new tune 2026"},
    )

    assert sent.status_code == 302 and mail.outbox[0].to == ["olivia@example.com"]
    assert done.status_code == 302
    assert sign_in("olivia", "a brand new tune 2026") == 302
    assert not LoginAttempt.objects.filter(succeeded=False).exists()


@pytest.mark.django_db
def test_asking_a_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(world):
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_signed_in_user_changes_their_password(world, client_for):
    client = client_for(world.editor)

    page = client.get(reverse("accounts:password_change"))
    changed = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase",
            "new_password2": "another long passphrase",
        },
    )

    assert page.status_code == 200
    assert changed.status_code == 302
    assert sign_in("edith", "another long passphrase") == 302
    assert sign_in("edith", PASSWORD) == 200


def test_the_password_pages_need_a_login(client):
    assert client.get(reverse("accounts:password_change")).status_code == 302
