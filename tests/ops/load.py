"""A load for worker hosts: two teams queue lyrics and short instrumentals through the studio's own
services, and what became of every job is read back from the database.

Each team writes every lyric into one draft and files every instrumental as the next version of
one song, so the hosts contend for the same rows, as a busy team's workers would.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db.models import Count
from django.utils import timezone

from accounts.models import Membership, Plan, Role, Team
from accounts.services import user_signup
from songs.jobs.health import WorkerHealth, worker_health
from songs.models import (
    GenerationJob,
    JobStatus,
    LyricDraft,
    LyricRevision,
    Project,
    Song,
    SongVersion,
)
from songs.models.job import ACTIVE_STATUSES
from songs.services.drafts import draft_create
from songs.services.generation import lyrics_generate, song_generate
from tests.ops.hosts import WorkerHost, worker_hosts

# What songs/jobs/run.py and reap.py log.
STARTED, ABANDONED, REAPED = "job started", "job abandoned by this worker", "stalled job reaped"
ENDED = ("job finished", ABANDONED, "job failed", "job failed, will retry", "job crashed")
STAT_EXPIRY_S = 3  # a cluster's Stat outlives its last report by this long
# The cheapest file the contract allows: 16 kHz mono mp3 at 32 kbps.
CHEAPEST_AUDIO = {"sample_rate": 16000, "bitrate": 32000, "format": "mp3", "channel": 1}


@dataclass(frozen=True)
class Band:
    """A team with a writer, a project, the draft its lyrics go to and the song its
    instrumentals go to."""

    team: Team
    writer: Membership
    project: Project
    draft: LyricDraft
    song: Song


@dataclass(frozen=True)
class JobRow:
    id: str
    team: str
    kind: str
    status: str
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def queue_wait_s(self) -> float:
        """From queued to the start of its last attempt."""
        return (self.started_at - self.created_at).total_seconds()


def two_bands(*, running_limit: int) -> list[Band]:
    """Two teams on a plan that lets each run `running_limit` jobs at once, with credits to spare:
    what is fair between them is left to the claim."""
    plan = Plan.objects.create(
        name="many hosts", max_running_jobs=running_limit, monthly_credits=10**7
    )
    bands = []
    for name in ("North", "South"):
        user = user_signup(username=name.lower(), email=f"{name.lower()}@example.com",
                           password="a long enough passphrase")  # fmt: skip
        team = Team.objects.create(name=name, plan=plan)
        writer = Membership.objects.create(team=team, user=user, role=Role.OWNER)
        writer = Membership.objects.select_related("team", "user").get(pk=writer.pk)
        project = Project.objects.create(team=team, title=f"{name} album", created_by=user)
        draft = draft_create(actor=writer, project=project, title=f"{name} lyrics")
        song = Song.objects.create(project=project, title=f"{name} theme", created_by=user)
        bands.append(Band(team, writer, project, draft, song))
    return bands


def queue_jobs(band: Band, count: int) -> None:
    """`count` jobs for the band, lyrics and 5-second instrumentals in turn."""
    for n in range(count):
        if n % 2 == 0:
            lyrics_generate(actor=band.writer, draft=band.draft, mode="write_full_song",
                            prompt=f"a song about the night shift, take {n}")  # fmt: skip
        else:
            song_generate(actor=band.writer, project=band.project, song=band.song,
                          mode="instrumental", prompt="fast punk", seed=n,
                          audio_setting=CHEAPEST_AUDIO)  # fmt: skip


def job_rows() -> list[JobRow]:
    fields = ("id", "team__name", "kind", "status", "attempts", "created_at", "started_at",
              "finished_at")  # fmt: skip
    return [
        JobRow(str(row[0]), *row[1:])
        for row in GenerationJob.objects.order_by("created_at").values_list(*fields)
    ]


def active_jobs() -> int:
    return GenerationJob.objects.filter(status__in=ACTIVE_STATUSES).count()


def succeeded_jobs() -> int:
    return GenerationJob.objects.filter(status=JobStatus.SUCCEEDED).count()


def wait_for(done: Callable[[], bool], *, timeout_s: float) -> float:
    """Wait until `done()`; the seconds waited. Fails after `timeout_s`."""
    started = time.monotonic()
    while not done():
        if time.monotonic() - started > timeout_s:
            raise AssertionError(f"not done within {timeout_s} s ({active_jobs()} jobs active)")
        time.sleep(0.25)
    return time.monotonic() - started


def results_per_job() -> dict[str, int]:
    """How many versions or revisions each job filed."""
    filed: dict[str, int] = {}
    for model in (SongVersion, LyricRevision):
        for job_id, n in (
            model.objects.exclude(job=None).values_list("job_id").annotate(n=Count("id"))
        ):
            filed[str(job_id)] = filed.get(str(job_id), 0) + n
    return filed


def numbers(band: Band) -> tuple[list[int], list[int]]:
    """The version numbers of the band's song and the revision numbers of its draft."""
    versions = SongVersion.objects.filter(song=band.song).order_by("number")
    revisions = LyricRevision.objects.filter(draft=band.draft).order_by("number")
    return list(versions.values_list("number", flat=True)), list(
        revisions.values_list("number", flat=True)
    )


def stored_names() -> set[str]:
    """Every file name a version keeps: its audio, MIDI and stems."""
    names: set[str] = set()
    for audio, midi, stems in SongVersion.objects.values_list("audio", "midi", "stems"):
        names |= {audio, *stems.values()} | ({midi} if midi else set())
    return names


@dataclass
class KilledHostRun:
    """What a run through a killed host saw: the jobs, those the killed host was running, the
    worker health a few seconds after the kill, and the times (seconds from the first host's
    start)."""

    rows: list[JobRow]
    killed_jobs: set[str]  # running on the killed host: its log's jobs started and not ended
    stalled_at_kill: set[str]  # running a few seconds after the kill, no heartbeat since
    reaped: Counter[str]  # job -> its attempts the reapers took from their worker
    spans: list[AttemptSpan]  # every attempt, as long as the database counted it running
    abandoned: set[str]  # jobs a live worker gave up (the reaper had taken them: too slow)
    health_after_kill: WorkerHealth
    killed_at: datetime
    killed_at_s: float
    drained_at_s: float
    host_exit_codes: list[int]
    refused: str


def queue_backlog(bands: list[Band], jobs: int) -> float:
    """Queue `jobs`, the first band's half and then the second's; the seconds it took."""
    started = time.monotonic()
    for band in bands:
        queue_jobs(band, jobs // len(bands))
    return time.monotonic() - started


def run_through_a_killed_host(
    *, jobs: int, folder: Path, env: dict[str, str], timeout_s: float
) -> KilledHostRun:
    """Start three hosts on the `jobs` queued, SIGKILL the first when 40 % of them are done and
    its log shows it running one, and wait until every job has ended."""
    with worker_hosts(3, folder, env) as hosts:
        started = time.monotonic()
        wait_for(lambda: succeeded_jobs() >= jobs * 0.4, timeout_s=timeout_s)
        # Between two jobs the kill would hit none: wait (a job lasts seconds) for one to start.
        wait_for(lambda: bool(_attempts_running_on(hosts[0])), timeout_s=timeout_s)
        killed_at = timezone.now()
        hosts[0].kill()
        killed_at_s = time.monotonic() - started
        # Its Stat expires 3 s after its last report; its jobs' heartbeats stopped at the kill.
        time.sleep(STAT_EXPIRY_S + 1)
        health = worker_health()
        stalled_at_kill = {
            str(pk)
            for pk in GenerationJob.objects.filter(
                status=JobStatus.RUNNING, heartbeat_at__lte=killed_at
            ).values_list("pk", flat=True)
        }
        wait_for(lambda: active_jobs() == 0, timeout_s=timeout_s)
        drained_at_s = time.monotonic() - started
        exit_codes = [host.stop() for host in hosts[1:]]
        refused = "".join(host.refused() for host in hosts)
        rows = job_rows()
        killed_jobs = _jobs_left_running(hosts[0], rows, killed_at)
        reaped = Counter(record["job"] for host in hosts for record in host.logged(REAPED))
        spans = attempt_spans(hosts, rows)
        abandoned = {record["job"] for host in hosts for record in host.logged(ABANDONED)}
    return KilledHostRun(rows, killed_jobs, stalled_at_kill, reaped, spans,
                         abandoned, health, killed_at, killed_at_s, drained_at_s, exit_codes,
                         refused)  # fmt: skip


@dataclass(frozen=True)
class AttemptSpan:
    """An attempt from its claim to its end: finished, failed, given up, or taken by a reaper
    (from then on the claim no longer counts it running, even if its worker still runs it)."""

    job: str
    team: str
    started_at: datetime
    ended_at: datetime


def attempt_spans(hosts: list[WorkerHost], rows: list[JobRow]) -> list[AttemptSpan]:
    """Every attempt the hosts logged, with the team of its job. An attempt with no end logged
    ended when its job did (its host was stopped between the commit and the log line)."""
    jobs = {row.id: row for row in rows}

    def when(record: dict) -> datetime:
        return datetime.fromisoformat(record["time"])

    ends: dict[tuple[str, int], datetime] = {}
    for host in hosts:
        for message in (*ENDED, REAPED):
            for record in host.logged(message):
                key = (record["job"], record["attempt"])
                ends[key] = min(ends.get(key, when(record)), when(record))
    spans = []
    for host in hosts:
        for record in host.logged(STARTED):
            job = jobs[record["job"]]
            ended_at = ends.get((job.id, record["attempt"]), job.finished_at)
            spans.append(AttemptSpan(job.id, job.team, when(record), ended_at))
    return spans


def worker_time_shares(spans: list[AttemptSpan]) -> dict[str, float]:
    """Each team's share of the attempts' running time while every team still had jobs to start
    (until the first team's last attempt started)."""
    last_start = {}
    for span in spans:
        last_start[span.team] = max(last_start.get(span.team, span.started_at), span.started_at)
    until = min(last_start.values())
    seconds: Counter[str] = Counter()
    for span in spans:
        seconds[span.team] += max(
            0.0, (min(span.ended_at, until) - span.started_at).total_seconds()
        )
    total = sum(seconds.values())
    return {team: seconds[team] / total for team in sorted(last_start)}


def _jobs_left_running(host: WorkerHost, rows: list[JobRow], killed_at: datetime) -> set[str]:
    """The jobs whose attempt on `host` started and did not end (the host was killed), leaving
    out an attempt that committed its job's end before the kill but was killed before logging
    it."""
    committed = {
        (row.id, row.attempts)
        for row in rows
        if row.finished_at is not None and row.finished_at <= killed_at
    }
    return {job for job, _ in _attempts_running_on(host) - committed}


def _attempts_running_on(host: WorkerHost) -> set[tuple[str, int]]:
    """The (job, attempt) pairs the host's log shows started and not ended."""
    started = {(r["job"], r["attempt"]) for r in host.logged(STARTED)}
    ended = {(r["job"], r["attempt"]) for message in ENDED for r in host.logged(message)}
    return started - ended


def completion_order(rows: list[JobRow]) -> list[JobRow]:
    return sorted(rows, key=lambda row: row.finished_at)


def leads(rows: list[JobRow]) -> list[tuple[datetime, int]]:
    """After each job finished, while both teams still had jobs left: how many more jobs the
    first team (North) had finished than the second (negative when behind)."""
    first, second = sorted({row.team for row in rows})
    done: Counter[str] = Counter()
    left = Counter(row.team for row in rows)
    series = []
    for row in completion_order(rows):
        done[row.team] += 1
        left[row.team] -= 1
        if min(left[first], left[second]) == 0:
            break
        series.append((row.finished_at, done[first] - done[second]))
    return series


def largest_lead(rows: list[JobRow]) -> int:
    """The most jobs one team had finished ahead of the other while both still had jobs left."""
    return max((abs(lead) for _, lead in leads(rows)), default=0)
