import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The deploy check judges production's environment, not this test runner's switches.
    dropped = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="refrain.example",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="refrain.example")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def _queue_settings(**env: str) -> subprocess.CompletedProcess:
    code = (
        "from django.conf import settings; q = settings.Q_CLUSTER; "
        "print(q.get('orm'), q.get('redis'))"
    )
    return run_manage("shell", "--no-imports", "-c", code, **env)


def test_the_queue_runs_on_the_database_unless_told_otherwise():
    result = _queue_settings()

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["default", "None"]


def test_refrain_queue_redis_puts_the_queue_on_the_redis_url():
    result = _queue_settings(REFRAIN_QUEUE="redis", REFRAIN_REDIS_URL="redis://127.0.0.1:6390/2")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None", "redis://127.0.0.1:6390/2"]


def test_an_unknown_queue_is_refused_at_start():
    result = _queue_settings(REFRAIN_QUEUE="rabbitmq")

    assert result.returncode != 0
    assert "REFRAIN_QUEUE must be orm or redis, not 'rabbitmq'" in result.stderr
