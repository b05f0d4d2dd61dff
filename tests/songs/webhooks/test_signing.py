"""Signatures as the Standard Webhooks spec makes them (its published test vector), and the
endpoint's secret: its format, and sealed at rest so that only SECRET_KEY opens it."""

from __future__ import annotations

import base64
import time

import pytest
from cryptography.fernet import InvalidToken

from songs.webhooks.secrets import secret_key_bytes, secret_new, secret_open, secret_seal
from songs.webhooks.signing import msg_id_new, signature, signed_headers
from tests.songs.webhooks.receivers import verify

# The test vector of the Standard Webhooks libraries (libraries/python/tests/test_webhooks.py).
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = '{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_it_signs_the_spec_test_vector_as_the_spec_does():
    made = signature(
        secret=SPEC_SECRET, msg_id=SPEC_MSG_ID, timestamp=SPEC_TIMESTAMP, body=SPEC_BODY
    )

    assert made == SPEC_SIGNATURE


def test_the_headers_carry_the_id_the_timestamp_and_a_signature_a_receiver_accepts():
    secret, msg_id = secret_new(), msg_id_new()
    now = int(time.time())
    headers = signed_headers(secret=secret, msg_id=msg_id, timestamp=now, body='{"a":1}')

    assert headers["webhook-id"] == msg_id
    assert headers["webhook-timestamp"] == str(now)
    assert headers["content-type"] == "application/json"
    assert verify(secret=secret, headers=headers, body=b'{"a":1}')
    assert not verify(secret=secret, headers=headers, body=b'{"a":2}')
    assert not verify(secret=secret_new(), headers=headers, body=b'{"a":1}')


def test_a_secret_is_whsec_and_base64_of_32_random_bytes():
    secret = secret_new()

    assert secret.startswith("whsec_")
    assert len(secret_key_bytes(secret)) == 32
    assert base64.b64encode(secret_key_bytes(secret)).decode() == secret[len("whsec_") :]
    assert secret_new() != secret


def test_a_message_id_has_no_full_stop_and_is_new_each_time():
    first, second = msg_id_new(), msg_id_new()

    assert first.startswith("msg_") and "." not in first
    assert first != second


def test_a_sealed_secret_does_not_show_the_secret_and_opens_back(settings):
    secret = secret_new()

    sealed = secret_seal(secret)

    assert secret not in sealed
    assert secret[len("whsec_") :] not in sealed
    assert secret_open(sealed) == secret


def test_a_secret_sealed_under_an_old_secret_key_still_opens_from_the_fallbacks(settings):
    settings.SECRET_KEY = "the old key, long enough to be a real one"
    sealed = secret_seal("whsec_AAAA")
    settings.SECRET_KEY = "the new key after a rotation of SECRET_KEY"

    with pytest.raises(InvalidToken):
        secret_open(sealed)
    settings.SECRET_KEY_FALLBACKS = ["the old key, long enough to be a real one"]
    assert secret_open(sealed) == "whsec_AAAA"
