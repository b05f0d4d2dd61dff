"""Where the app's files live: the local disk (the default) or an S3-compatible bucket (AWS S3,
MinIO, Cloudflare R2, Ceph...), chosen by REFRAIN_STORAGE. Every file the app writes or serves
(masters, stems, MIDI, LRC, kept downloads, reference recordings) goes through this storage."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_str

LINK_MAX_AGE_S = 24 * 3600


def _storage_kind() -> str:
    return env_str("REFRAIN_STORAGE", "local").strip().lower()


def default_storage_setting() -> dict:
    """The `STORAGES["default"]` entry the environment asks for."""
    kind = _storage_kind()
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"REFRAIN_STORAGE must be local or s3, not {kind!r}")
    bucket = env_str("REFRAIN_S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured("REFRAIN_STORAGE=s3 needs REFRAIN_S3_BUCKET")
    endpoint_url = env_str("REFRAIN_S3_ENDPOINT_URL", "") or None
    options = {
        "bucket_name": bucket,
        "region_name": env_str("REFRAIN_S3_REGION", "us-east-1"),
        "endpoint_url": endpoint_url,
        # Empty credentials leave boto3 its own chain (instance role, ~/.aws, AWS_* variables).
        "access_key": env_str("REFRAIN_S3_ACCESS_KEY_ID", "") or None,
        "secret_key": env_str("REFRAIN_S3_SECRET_ACCESS_KEY", "") or None,
        "location": env_str("REFRAIN_S3_PREFIX", "").strip("/"),
        # A second file of the same name gets a new name, as on disk: two attempts of a job, or
        # two requests keeping the same download, never overwrite each other's object.
        "file_overwrite": False,
        # Objects are private; a link to one is signed (and expires with the Music API's links).
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": LINK_MAX_AGE_S,
        "signature_version": "s3v4",
        # MinIO, Ceph and most self-hosted servers answer on one host name, not per bucket.
        "addressing_style": "path" if endpoint_url else None,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def presigned_links() -> bool:
    """Whether `output_format: url` links point straight at the bucket (presigned, 24 h)."""
    return _storage_kind() == "s3" and env_bool("REFRAIN_S3_PRESIGNED_LINKS", False)
