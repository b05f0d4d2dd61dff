import pytest
from django.db.utils import OperationalError
from django_q.conf import Conf

from songs.jobs.enqueue import job_enqueue
from tests.ops.clusters import queued_job, report_cluster
from tests.redis_server import free_port

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_and_the_queue(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["queue"]["ok"] is True
    assert body["queue"]["queued"] == 0


def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("config.health.connection.cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "error": "OperationalError"}


def test_healthz_is_ok_while_a_worker_cluster_reports_in_even_with_jobs_queued(client, world):
    queued_job(world, waited_s=60)
    report_cluster(workers=2)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert (
        response.json()["queue"].items() >= {"clusters": 1, "workers": 2, "waiting_jobs": 1}.items()
    )


def test_healthz_answers_503_with_a_reason_when_jobs_wait_and_no_cluster_reports_in(client, world):
    queued_job(world, waited_s=60)
    report_cluster(workers=2, expires_in_s=0)  # a cluster that died: its heartbeat expired

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["queue"]["ok"] is False
    assert (body["queue"]["clusters"], body["queue"]["waiting_jobs"]) == (0, 1)
    assert body["queue"]["reason"].startswith("no worker is running: 1 job(s) queued")


def test_healthz_counts_a_stopping_cluster_as_no_worker(client, world):
    queued_job(world, waited_s=60)
    report_cluster(workers=2, status=Conf.STOPPING)

    assert client.get("/healthz").status_code == 503


def test_healthz_is_ok_without_workers_when_nothing_waits(client, world):
    queued_job(world, waited_s=1)  # just made: a live worker would not have taken it yet either

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["queue"]["clusters"] == 0


def test_healthz_reports_the_redis_broker_and_its_queue(client, world, redis_broker):
    job_enqueue()
    report_cluster(workers=2)

    response = client.get("/healthz")

    assert response.status_code == 200
    queue = response.json()["queue"]
    assert queue.items() >= {"ok": True, "broker": "Redis", "queued": 1, "clusters": 1}.items()


def test_healthz_answers_503_when_redis_is_unreachable(client, monkeypatch, redis_broker):
    monkeypatch.setattr(Conf, "REDIS", f"redis://127.0.0.1:{free_port()}/0")  # nothing listens

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["queue"] == {"ok": False, "error": "ConnectionError"}
