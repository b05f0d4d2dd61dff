"""A real S3-protocol server on loopback for the tests: moto's standalone server (the `moto[server]`
wheel, werkzeug speaking the S3 wire protocol), run in a thread of the test process. In-process
tests switch the default storage to a fresh bucket (`s3_bucket`); processes a test starts get the
same bucket through the environment (`S3Server.env`), as separate hosts would."""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
from moto.server import ThreadedMotoServer

from config.storage import default_storage_setting

REGION = "us-east-1"
# moto accepts any credentials; these only have to be the same on every side.
ACCESS_KEY_ID = "refrain-test-key"
SECRET_ACCESS_KEY = "refrain-test-secret"


@dataclass
class S3Server:
    endpoint_url: str

    @property
    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
        )

    def create_bucket(self, name: str | None = None) -> str:
        name = name or f"refrain-{uuid.uuid4().hex[:12]}"
        self.client.create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def env(self, bucket: str, prefix: str = "") -> dict[str, str]:
        """The environment that points a Refrain process at `bucket` on this server."""
        return {
            "REFRAIN_STORAGE": "s3",
            "REFRAIN_S3_BUCKET": bucket,
            "REFRAIN_S3_REGION": REGION,
            "REFRAIN_S3_ENDPOINT_URL": self.endpoint_url,
            "REFRAIN_S3_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "REFRAIN_S3_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
            "REFRAIN_S3_PREFIX": prefix,
            # boto3 never asks the cloud's metadata address for credentials.
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def storage_setting(self, bucket: str, prefix: str = "") -> dict:
        """The STORAGES["default"] entry for `bucket`, as config/storage.py builds it."""
        with _environment(self.env(bucket, prefix)):
            return default_storage_setting()


@contextlib.contextmanager
def s3_server() -> Iterator[S3Server]:
    """moto's S3 server on 127.0.0.1 and a free port, stopped on exit."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield S3Server(endpoint_url=f"http://{host}:{port}")
    finally:
        server.stop()


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:

    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
