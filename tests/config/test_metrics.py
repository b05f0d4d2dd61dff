"""/metrics: refused without the token, Prometheus text with it, figures read from the rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families

from songs.models import GenerationJob, JobKind, JobStatus, Project, Song, SongVersion
from tests.ops.clusters import report_cluster

pytestmark = pytest.mark.django_db

TOKEN = "scrape-me-4e1f"


@pytest.fixture
def token(settings) -> str:
    settings.REFRAIN_METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client) -> dict[tuple[str, frozenset], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE_LATEST
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples, name: str, **labels) -> float:
    return samples[name, frozenset(labels.items())]


def test_it_answers_404_when_no_token_is_configured(client, settings):
    settings.REFRAIN_METRICS_TOKEN = ""

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize(
    "header", [None, "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer "]
)
def test_it_refuses_a_missing_or_wrong_token_with_401(client, token, header):
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}

    response = client.get("/metrics", **extra)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert b"refrain_jobs" not in response.content


def test_with_the_token_it_answers_prometheus_text_that_parses(client, token):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    families = {f.name: f.type for f in text_string_to_metric_families(response.content.decode())}
    assert (
        families.items()
        >= {
            "refrain_jobs": "gauge",
            "refrain_queue_depth": "gauge",
            "refrain_queue_oldest_age_seconds": "gauge",
            "refrain_running_job_heartbeat_age_seconds": "gauge",
            "refrain_job_duration_seconds": "histogram",
            "refrain_job_real_time_factor": "histogram",
            "refrain_http_request_duration_seconds": "histogram",
        }.items()
    )


def _job(world, kind: str, status: str, *, age_s: float = 0, **times_ago_s) -> GenerationJob:
    now = timezone.now()
    job = GenerationJob.objects.create(kind=kind, team=world.team, status=status)
    moments = {field: now - timedelta(seconds=s) for field, s in times_ago_s.items()}
    GenerationJob.objects.filter(pk=job.pk).update(
        created_at=now - timedelta(seconds=age_s), **moments
    )
    return job


def _finished(world, kind: str, status: str, *, run_s: float) -> GenerationJob:
    return _job(world, kind, status, age_s=4000, started_at=3000 + run_s, finished_at=3000)


def _version_of(job: GenerationJob, song: Song, *, audio_s: int) -> None:
    SongVersion.objects.create(
        song=song,
        number=song.versions.count() + 1,
        audio=f"v{job.pk}.wav",
        format="wav",
        duration_ms=audio_s * 1000,
        sample_rate=44100,
        bitrate=1411200,
        channels=2,
        size=0,
        job=job,
    )


@pytest.fixture
def jobs_world(world):
    """Two jobs queued (for 60 s and 10 s), one running (last heartbeat 30 s ago), three songs
    made from a minute of audio in 2.4 s, 8 s and 40 s, a song failed after 900 s, lyrics made
    in 1.5 s, a cover cancelled before it started."""
    song = Song.objects.create(
        project=Project.objects.create(team=world.team, title="P"), title="S"
    )
    _job(world, JobKind.MUSIC, JobStatus.QUEUED, age_s=60)
    _job(world, JobKind.MUSIC, JobStatus.QUEUED, age_s=10)
    _job(world, JobKind.LYRICS, JobStatus.RUNNING, age_s=50, started_at=40, heartbeat_at=30)
    for run_s in (2.4, 8, 40):
        _version_of(
            _finished(world, JobKind.MUSIC, JobStatus.SUCCEEDED, run_s=run_s), song, audio_s=60
        )
    _finished(world, JobKind.MUSIC, JobStatus.FAILED, run_s=900)
    _finished(world, JobKind.LYRICS, JobStatus.SUCCEEDED, run_s=1.5)
    _job(world, JobKind.COVER, JobStatus.CANCELLED, age_s=100, finished_at=90)
    return world


def test_its_job_figures_match_the_rows(client, token, jobs_world):
    samples = scrape(client)

    assert value(samples, "refrain_jobs", kind="music", status="queued") == 2
    assert value(samples, "refrain_jobs", kind="music", status="succeeded") == 3
    assert value(samples, "refrain_jobs", kind="music", status="failed") == 1
    assert value(samples, "refrain_jobs", kind="lyrics", status="running") == 1
    assert value(samples, "refrain_jobs", kind="cover", status="cancelled") == 1
    assert value(samples, "refrain_jobs", kind="cover_preprocess", status="queued") == 0
    assert value(samples, "refrain_queue_depth") == 2
    assert value(samples, "refrain_queue_oldest_age_seconds") == pytest.approx(60, abs=5)
    assert value(samples, "refrain_running_job_heartbeat_age_seconds") == pytest.approx(30, abs=5)


def test_its_duration_histograms_count_each_finished_job_once_in_its_buckets(
    client, token, jobs_world
):
    samples = scrape(client)

    def bucket(le: str, kind="music", status="succeeded") -> float:
        return value(
            samples, "refrain_job_duration_seconds_bucket", kind=kind, status=status, le=le
        )

    assert [bucket(le) for le in ("2.0", "5.0", "10.0", "30.0", "60.0", "+Inf")] == [
        0,
        1,
        2,
        2,
        3,
        3,
    ]
    music = {"kind": "music", "status": "succeeded"}
    assert value(samples, "refrain_job_duration_seconds_count", **music) == 3
    assert value(samples, "refrain_job_duration_seconds_sum", **music) == pytest.approx(50.4)
    assert bucket("600.0", status="failed") == 0
    assert bucket("900.0", status="failed") == 1
    assert bucket("2.0", kind="lyrics") == 1


def test_its_real_time_factor_is_run_time_over_seconds_of_audio(client, token, jobs_world):
    samples = scrape(client)

    def bucket(le: str) -> float:
        return value(samples, "refrain_job_real_time_factor_bucket", kind="music", le=le)

    # 2.4 s, 8 s and 40 s for a minute of audio: 0.04, 0.133 and 0.667.
    assert [bucket(le) for le in ("0.02", "0.05", "0.1", "0.2", "0.5", "1.0", "+Inf")] == [
        0,
        1,
        1,
        2,
        2,
        3,
        3,
    ]
    assert value(samples, "refrain_job_real_time_factor_sum", kind="music") == pytest.approx(
        (2.4 + 8 + 40) / 60
    )
    # Lyrics make no audio; a failed song made none either.
    assert ("refrain_job_real_time_factor_count", frozenset({("kind", "lyrics")})) not in samples
    assert value(samples, "refrain_job_real_time_factor_count", kind="music") == 3


def test_a_scrape_reads_the_jobs_and_the_clusters_in_three_queries(client, token, jobs_world):
    with CaptureQueriesContext(connection) as queries:
        scrape(client)

    # jobs by kind and status; finished jobs' run times; the clusters' Stats in the cache table
    assert len(queries) == 3


def test_it_shows_each_reporting_worker_cluster(client, token):
    report_cluster(workers=3)

    samples = scrape(client)

    clusters = [
        labels for (name, labels), v in samples.items() if name == "refrain_worker_cluster_up"
    ]
    assert len(clusters) == 1
    (labels,) = clusters
    assert samples["refrain_worker_cluster_up", labels] == 1
    assert samples["refrain_worker_cluster_workers", labels] == 3
    assert 0 <= samples["refrain_worker_cluster_last_seen_seconds", labels] < 5


def test_its_latency_histogram_counts_a_request_to_a_named_view(client, token):
    labels = {"view": "healthz", "method": "GET", "status_class": "2xx"}
    before = scrape(client).get(
        ("refrain_http_request_duration_seconds_count", frozenset(labels.items())), 0
    )

    assert client.get("/healthz").status_code == 200

    samples = scrape(client)
    assert value(samples, "refrain_http_request_duration_seconds_count", **labels) == before + 1
    assert value(samples, "refrain_http_request_duration_seconds_bucket", le="600.0", **labels) >= 1
    assert (
        value(
            samples,
            "refrain_http_request_duration_seconds_count",
            view="metrics",
            method="GET",
            status_class="2xx",
        )
        >= 1
    )
