import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import ApiKey, UsageEntry
from accounts.services import api_key_create, api_key_revoke, membership_remove

pytestmark = pytest.mark.django_db


def bearer(raw_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    return client


def test_an_api_key_authenticates_as_its_user_in_its_team(world):
    key, raw = api_key_create(user=world.editor, team=world.team, name="ci")

    response = bearer(raw).get(reverse("api:me"))

    assert response.status_code == 200
    assert response.json()["username"] == "edith"
    assert response.json()["auth"] == "api_key"
    assert response.json()["api_key_team_id"] == world.team.pk


def test_the_secret_is_stored_only_as_a_hash(world):
    key, raw = api_key_create(user=world.editor, team=world.team, name="ci")

    assert raw.startswith(f"rf_{key.prefix}_")
    assert raw not in key.hashed_key
    assert len(key.hashed_key) == 64


def test_a_revoked_key_no_longer_authenticates(world):
    key, raw = api_key_create(user=world.editor, team=world.team, name="ci")
    api_key_revoke(user=world.editor, api_key=key)

    response = bearer(raw).get(reverse("api:me"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_key_with_a_wrong_secret_is_refused(world):
    key, raw = api_key_create(user=world.editor, team=world.team, name="ci")

    assert bearer(raw[:-4] + "AAAA").get(reverse("api:me")).status_code == 401
    assert bearer("rf_nonsense").get(reverse("api:me")).status_code == 401


def test_a_key_stops_working_when_its_user_leaves_the_team(world):
    key, raw = api_key_create(user=world.viewer, team=world.team, name="ci")
    viewer = world.membership(world.viewer)

    membership_remove(actor=viewer, membership=viewer)

    assert bearer(raw).get(reverse("api:me")).status_code == 401


def test_the_api_refuses_anonymous_callers_with_401_and_asks_for_a_bearer_key(client):
    response = client.get(reverse("api:me"))

    # 401, not 403: DRF answers 401 when the first authenticator names a WWW-Authenticate scheme.
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_using_a_key_records_when_it_was_last_used(world):
    key, raw = api_key_create(user=world.editor, team=world.team, name="ci")
    assert key.last_used_at is None

    bearer(raw).get(reverse("api:teams"))

    key.refresh_from_db()
    assert key.last_used_at is not None


def test_the_keys_page_shows_a_new_key_once_with_a_curl_line(world, client_for):
    client = client_for(world.editor, world.team)

    created = client.post(
        reverse("accounts:api_keys"), {"name": "laptop", "team": world.team.pk, "token": "t1"}
    )
    raw = created.context["new_key"]
    later = client.get(reverse("accounts:api_keys"))

    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    assert f"Authorization: Bearer {raw}" in created.content.decode()
    assert raw not in later.content.decode()
    assert bearer(raw).get(reverse("api:me")).status_code == 200


def test_a_new_keys_secret_is_not_kept_in_the_session(world, client_for):
    client = client_for(world.editor, world.team)

    raw = client.post(
        reverse("accounts:api_keys"), {"name": "laptop", "team": world.team.pk, "token": "t1"}
    ).context["new_key"]

    assert raw
    assert not any(raw in str(session.get_decoded()) for session in Session.objects.all())


def test_sending_the_key_form_again_makes_no_second_key(world, client_for):
    client = client_for(world.editor, world.team)
    form = {"name": "laptop", "team": world.team.pk, "token": "same"}

    client.post(reverse("accounts:api_keys"), form)
    again = client.post(reverse("accounts:api_keys"), form)

    assert again.context["new_key"] is None
    assert "was made already" in again.content.decode()
    assert ApiKey.objects.filter(user=world.editor).count() == 1


def test_a_key_cannot_be_made_for_a_team_one_is_not_in(world, client_for):
    client = client_for(world.outsider)

    response = client.post(
        reverse("accounts:api_keys"), {"name": "sneaky", "team": world.team.pk, "token": "t"}
    )

    assert response.status_code == 400
    assert not ApiKey.objects.filter(user=world.outsider).exists()


def test_only_the_owner_of_a_key_can_revoke_it(world, client_for):
    key, raw = api_key_create(user=world.editor, team=world.team, name="ci")

    response = client_for(world.owner).post(reverse("accounts:api_key_revoke", args=[key.pk]))

    assert response.status_code == 404
    assert bearer(raw).get(reverse("api:me")).status_code == 200


def test_revoking_from_the_page_disables_the_key(world, client_for):
    key, raw = api_key_create(user=world.editor, team=world.team, name="ci")

    client_for(world.editor).post(reverse("accounts:api_key_revoke", args=[key.pk]))

    assert bearer(raw).get(reverse("api:me")).status_code == 401


def test_createapikey_prints_only_the_key_on_its_last_line(world, capsys):
    call_command("createapikey", "edith", "--name", "script")

    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert last_line.startswith("rf_")
    assert bearer(last_line).get(reverse("api:me")).json()["username"] == "edith"


def test_the_usage_page_shows_the_plan_and_the_ledger(world, client_for):
    UsageEntry.objects.create(
        team=world.team, user=world.editor, kind="music", via="music_api", credits=10, status_code=0
    )

    page = client_for(world.viewer, world.team).get(reverse("accounts:usage")).content.decode()

    assert "10 credits used" in page
    assert "music_api" in page
