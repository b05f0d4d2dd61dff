"""An endpoint's signing secret: made, sealed at rest, opened to sign.

The secret is `whsec_` + base64 of random bytes (Standard Webhooks). The workers must read it back
to sign, so it is encrypted (Fernet: AES-128-CBC + HMAC-SHA256) with a key derived by HKDF from
SECRET_KEY: a copy of the database alone does not give the secrets away. SECRET_KEY_FALLBACKS
still open secrets sealed before a key rotation; rotating the webhook secret reseals it.
"""

from __future__ import annotations

import base64
import os

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "whsec_"
SECRET_BYTES = 32  # the spec asks for 24 to 64
_HKDF_INFO = b"refrain webhook endpoint secrets v1"


def secret_new() -> str:
    """A fresh signing secret, as shown to the endpoint's owner."""
    return PREFIX + base64.b64encode(os.urandom(SECRET_BYTES)).decode("ascii")


def secret_key_bytes(secret: str) -> bytes:
    """The HMAC key a `whsec_` secret stands for."""
    return base64.b64decode(secret.removeprefix(PREFIX))


def _fernet(key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        key.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key) for key in keys])


def secret_seal(secret: str) -> str:
    """The secret encrypted for the database."""
    return _keys().encrypt(secret.encode("ascii")).decode("ascii")


def secret_open(sealed: str) -> str:
    """The secret a `secret_seal` answer holds (under SECRET_KEY or one of its fallbacks)."""
    return _keys().decrypt(sealed.encode("ascii")).decode("ascii")
