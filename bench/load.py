"""Load figures for the web tier: requests per second and p50/p99 latency of `/healthz` and the
resource API's three busiest lists, at 1, 4 and 50 concurrent clients, side by side in one run.

gunicorn (config/gunicorn.conf.py, 2 worker processes) serves a small world on 127.0.0.1 with
DEBUG=0, as production would: the demo team with an API key, its projects, songs of 3 versions
and finished jobs, and a neighbouring team whose rows the lists must leave out (`--world small`,
lists shorter than a page; `--world full`, lists that fill their first page of 50). Its
database is PostgreSQL when DATABASE_URL names one (the bench's own: its name must contain
"bench", since the bench empties it), else SQLite under var/bench/load. The load comes from wrk
(Debian's, `make bench-load-deps`): a C event loop on one thread, which leaves the server the
2 cores a Python client would share with it. Each round runs every endpoint once at a
concurrency, in turn, so the machine's noise falls on all of them alike. At the end, /metrics
(pooled across the workers) must have counted every request wrk saw answered.

    .venv/bin/python bench/load.py [--seconds 5] [--rounds 3] [--clients 1,4,50] [--world small]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VAR_DIR = ROOT / "var" / "bench" / "load"
ENDPOINTS = ("/healthz", "/api/v1/projects/", "/api/v1/songs/", "/api/v1/jobs/")
WORKERS = 2
# wrk's summary as one JSON line (latencies in microseconds; `status` counts non-2xx/3xx answers).
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "bad_status": %d, '
    .. '"socket_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class Run:
    requests: int
    duration_s: float
    p50_ms: float
    p99_ms: float
    bad_status: int
    socket_errors: int
    cpu_ms: float | None = None  # the server's CPU (gunicorn and PostgreSQL) per answer


# (projects, songs, jobs) of the demo team and of its neighbour. "small": a team a few weeks in,
# whose lists fit on a page of 50; "full": lists that fill their first page.
WORLDS = {"small": ((4, 10, 16), (2, 4, 6)), "full": ((12, 60, 240), (4, 20, 60))}


# A lyrics job's result holds the song it wrote (songs/jobs/store.py): a sheet of this length.
LYRIC_SHEET = "\n\n".join(
    f"[{section}]\n" + "\n".join(
        f"{opening} the rain on the window, {n} letters I never sent" for n in range(lines)
    )
    for section, opening, lines in (
        ("Intro", "Hum", 2), ("Verse", "I count", 4), ("Pre Chorus", "Hold", 2),
        ("Chorus", "Sing", 4), ("Verse", "You kept", 4), ("Chorus", "Sing", 4),
        ("Bridge", "Let", 2), ("Chorus", "Sing", 4), ("Outro", "Hum", 2),
    )
)  # fmt: skip


def seed_world(world: str) -> str:
    """Empty the bench's database and fill it; returns the demo team's API key."""
    import django  # noqa: PLC0415  (Django starts only in the seeding child)

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    from accounts.models import Membership, User  # noqa: PLC0415
    from accounts.services import api_key_create, user_signup  # noqa: PLC0415

    call_command("flush", "--noinput", verbosity=0)
    call_command("seed_demo", verbosity=0)
    demo = User.objects.get(username="demo")
    neighbour = user_signup(
        username="neighbour", email="n@example.com", password=secrets.token_hex()
    )
    for user, (projects, songs, jobs) in zip((demo, neighbour), WORLDS[world], strict=True):
        membership = Membership.objects.select_related("team").get(team__personal_for=user)
        _fill_team(membership, projects=projects, songs=songs, jobs=jobs)
    team = Membership.objects.get(team__personal_for=demo).team
    return api_key_create(user=demo, team=team, name="load bench")[1]


def _fill_team(membership, *, projects: int, songs: int, jobs: int) -> None:
    """Projects made by the service; songs, versions and jobs as finished generations leave them."""
    from datetime import timedelta  # noqa: PLC0415

    from django.utils import timezone  # noqa: PLC0415

    from songs.models import GenerationJob, JobKind, JobStatus, Song, SongVersion  # noqa: PLC0415
    from songs.services.projects import project_create  # noqa: PLC0415

    team, user = membership.team, membership.user
    made = list(team.projects.all()) + [
        project_create(
            actor=membership, title=f"Album {n}", description="", default_style="folk, 92 bpm"
        )
        for n in range(projects - team.projects.count())
    ]
    all_songs = Song.objects.bulk_create(
        Song(project=made[n % len(made)], title=f"Song {n}", created_by=user, versions_made=3)
        for n in range(songs)
    )
    now = timezone.now()
    versions = []
    for song in all_songs:
        for number in (1, 2, 3):
            versions.append(
                SongVersion(
                    song=song,
                    number=number,
                    prompt="folk ballad, acoustic guitar, 92 bpm",
                    lyrics="[Verse]\nRain on the window\n" * 4,
                    settings={"model": "music-2.6", "audio_setting": {"format": "mp3"}},
                    provider="local",
                    model="music-2.6",
                    seed=number,
                    audio=f"songs/{song.pk}/v{number}.mp3",
                    format="mp3",
                    duration_ms=180_000,
                    sample_rate=44100,
                    bitrate=256000,
                    channels=2,
                    size=5_760_000,
                    details={"tempo_bpm": 92, "key": "E minor"},
                    created_by=user,
                )
            )
    SongVersion.objects.bulk_create(versions)
    for song, current in zip(all_songs, versions[2::3], strict=True):
        song.current_version = current
    Song.objects.bulk_update(all_songs, ["current_version"])
    statuses = (JobStatus.SUCCEEDED,) * 8 + (JobStatus.FAILED, JobStatus.CANCELLED)
    GenerationJob.objects.bulk_create(
        GenerationJob(
            kind=JobKind.MUSIC if n % 3 else JobKind.LYRICS,
            team=team,
            project=made[n % len(made)],
            song=all_songs[n % len(all_songs)] if n % 3 else None,
            created_by=user,
            status=statuses[n % len(statuses)],
            progress=100,
            stage="done",
            request={"model": "music-2.6", "prompt": "folk ballad", "lyrics": "[Verse]\nRain"},
            result={
                "song_id": all_songs[n % len(all_songs)].pk,
                "version_id": versions[n % len(versions)].pk,
            }
            if n % 3
            else {
                "draft_id": 1,
                "revision_id": 1,
                "revision": 1,
                "song_title": "Rain",
                "style_tags": "folk, ballad",
                "lyrics": LYRIC_SHEET,
            },  # as a real one's
            attempts=1,
            provider="local",
            started_at=now - timedelta(minutes=n + 1),
            finished_at=now - timedelta(minutes=n),
        )
        for n in range(jobs)
    )


def _environment(port: int) -> dict[str, str]:
    env = dict(os.environ)
    database = env.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'load.sqlite3'}")
    if database.startswith("postgres") and "bench" not in urlparse(database).path:
        sys.exit(f"DATABASE_URL must name a database of the bench's own (…bench): {database}")
    env.update(
        DATABASE_URL=database,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        REFRAIN_VAR_DIR=str(VAR_DIR),
        PROMETHEUS_MULTIPROC_DIR=str(VAR_DIR / "prometheus"),
        REFRAIN_METRICS_TOKEN=secrets.token_urlsafe(24),
        REFRAIN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(WORKERS),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _get(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _start_gunicorn(env: dict[str, str], base: str, headers: dict[str, str]):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            if _get(f"{base}/healthz", headers) == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    _stop(server)
    sys.exit("gunicorn did not answer /healthz with 200 within 20 s")


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _wrk(url: str, clients: int, seconds: int, headers: dict[str, str], script: str) -> Run:
    command = ["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", script]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    report = json.loads(output[-1])
    return Run(
        requests=report["requests"],
        duration_s=report["duration_us"] / 1e6,
        p50_ms=report["p50_us"] / 1000,
        p99_ms=report["p99_us"] / 1000,
        bad_status=report["bad_status"],
        socket_errors=report["socket_errors"],
    )


VIEW_NAMES = {
    "/healthz": "healthz",
    "/api/v1/projects/": "api:projects",
    "/api/v1/songs/": "api:songs",
    "/api/v1/jobs/": "api:jobs",
}


def _counted_by_metrics(base: str, token: str) -> dict[str, float]:
    """Requests per endpoint as /metrics counts them, across both worker processes."""
    from prometheus_client.parser import text_string_to_metric_families  # noqa: PLC0415

    request = urllib.request.Request(
        f"{base}/metrics",
        headers={"Authorization": f"Bearer {token}", "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
    except urllib.error.HTTPError as error:  # a release without /metrics (a baseline run)
        if error.code != 404:
            raise
        return {}
    counts: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "refrain_http_request_duration_seconds_count":
                counts[sample.labels["view"]] = counts.get(sample.labels["view"], 0) + sample.value
    return {endpoint: int(counts.get(view, 0)) for endpoint, view in VIEW_NAMES.items()}


def _report(runs: dict[tuple[int, str], list[Run]], clients: list[int]) -> None:
    """Per concurrency and endpoint: requests per second over all rounds and as a share of
    /healthz's; the same share round by round (median, range: a round runs the four endpoints
    back to back, so its shares see the machine at one moment, where the totals also carry its
    drift between rounds); latencies; and the server's CPU per request, with /healthz's CPU
    over the endpoint's: the share of /healthz's throughput its cost allows when the server
    has the cores to itself."""
    print(
        f"\n{'clients':>7}  {'endpoint':<18} {'req/s':>6} {'of /healthz':>11} "
        f"{'by round: median (range)':>25} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7} "
        f"{'by CPU':>6} {'errors':>6}"
    )
    for concurrency in clients:
        healthz = runs[concurrency, "/healthz"]
        healthz_cpu = _median_cpu(healthz)
        for endpoint in ENDPOINTS:
            done = runs[concurrency, endpoint]
            rate = _total_rate(done)
            share = rate / _total_rate(healthz)
            by_round = [_rate(run) / _rate(base) for run, base in zip(done, healthz, strict=True)]
            rounds = f"{statistics.median(by_round):.0%} ({min(by_round):.0%}-{max(by_round):.0%})"
            cpu = _median_cpu(done)
            costs = f"{cpu:>7.2f} {healthz_cpu / cpu:>6.0%}" if cpu else f"{'-':>7} {'-':>6}"
            print(
                f"{concurrency:>7}  {endpoint:<18} {rate:>6.0f} {share:>10.0%} "
                f"{rounds:>25} {statistics.median(r.p50_ms for r in done):>7.1f} "
                f"{statistics.median(r.p99_ms for r in done):>7.1f} {costs} "
                f"{sum(r.bad_status + r.socket_errors for r in done):>6}"
            )


def _total_rate(runs: list[Run]) -> float:
    return sum(r.requests for r in runs) / sum(r.duration_s for r in runs)


def _median_cpu(runs: list[Run]) -> float | None:
    measured = [r.cpu_ms for r in runs if r.cpu_ms is not None]
    return statistics.median(measured) if measured else None


def _server_cpu_seconds(server_group: int) -> float | None:
    """CPU time used so far by gunicorn (its process group) and PostgreSQL's processes, from
    /proc (Linux); None elsewhere. On a shared machine a request's CPU cost moves less than the
    requests per second, which also follow whatever else the machine is doing."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    ticks = 0
    for stat in proc.glob("[0-9]*/stat"):
        try:
            name, fields = stat.read_text().rsplit(")", 1)
        except OSError:  # gone meanwhile
            continue
        fields = fields.split()
        if int(fields[2]) == server_group or name.endswith("(postgres"):
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _rate(run: Run) -> float:
    return run.requests / run.duration_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", default="1,4,50", help="concurrency levels, comma-separated")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--world", choices=list(WORLDS), default="small")
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        print(seed_world(args.world))
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: make bench-load-deps (Debian's wrk)")
    clients = [int(c) for c in args.clients.split(",")]
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    env = _environment(args.port)
    print(f"database: {env['DATABASE_URL'].split('@')[-1]}; load average {os.getloadavg()}")
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "createcachetable")
    _manage(env, "collectstatic", "--noinput", "-v0")
    seeded = subprocess.run(
        [sys.executable, __file__, "--seed", "--world", args.world],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
    )
    api_key = seeded.stdout.decode().split()[-1]
    # DEBUG=0 sends plain HTTP to HTTPS: the proxy a deployment has in front says it was HTTPS.
    headers = {"X-Forwarded-Proto": "https", "Authorization": f"Bearer {api_key}"}
    base = f"http://127.0.0.1:{args.port}"
    server = _start_gunicorn(env, base, headers)
    runs: dict[tuple[int, str], list[Run]] = {}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        try:
            for endpoint in ENDPOINTS:  # warm each worker's connections and code paths
                _wrk(base + endpoint, 4, 1, headers, script.name)
            before = _counted_by_metrics(base, env["REFRAIN_METRICS_TOKEN"])
            for concurrency in clients:
                for round_number in range(args.rounds):
                    # Each round starts at the next endpoint: none always runs first.
                    shift = round_number % len(ENDPOINTS)
                    for endpoint in ENDPOINTS[shift:] + ENDPOINTS[:shift]:
                        spent = _server_cpu_seconds(server.pid)
                        run = _wrk(base + endpoint, concurrency, args.seconds, headers, script.name)
                        if spent is not None and run.requests:
                            spent = _server_cpu_seconds(server.pid) - spent
                            run = dataclasses.replace(run, cpu_ms=1000 * spent / run.requests)
                        runs.setdefault((concurrency, endpoint), []).append(run)
            after = _counted_by_metrics(base, env["REFRAIN_METRICS_TOKEN"])
        finally:
            _stop(server)
    _report(runs, clients)
    answered = {
        e: sum(r.requests for (_, e2), rs in runs.items() if e2 == e for r in rs) for e in ENDPOINTS
    }
    # wrk stops with up to `clients` requests in flight: the server answered them, wrk did not count.
    print("\nrequests /metrics counted (both workers) / wrk saw answered:")
    for endpoint in ENDPOINTS:
        counted = after.get(endpoint, 0) - before.get(endpoint, 0) if after else "no /metrics"
        print(f"  {endpoint:<18} {counted:>11} / {answered[endpoint]}")
    print(f"\nload average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
