"""A worker process warms its provider up once, in the background, when django-q2 spawns it."""

from __future__ import annotations

import logging

import pytest
from django_q.signals import post_spawn

from engine.analysis import speech
from engine.providers.local import LocalProvider


class CountingProvider:
    name = "local"

    def __init__(self, error: Exception | None = None):
        self.warmed = 0
        self.error = error

    def warm_up(self) -> None:
        self.warmed += 1
        if self.error:
            raise self.error


def spawn_worker() -> list:
    """What django-q2 does in each new worker process; the threads our receiver started."""
    return [thread for _receiver, thread in post_spawn.send(sender="django_q", proc_name="Process-1") if thread]


@pytest.fixture
def provider(monkeypatch):
    counting = CountingProvider()
    monkeypatch.setattr("songs.worker.provider_named", lambda name: counting)
    return counting


def test_a_new_worker_warms_its_provider_up_in_the_background(settings, provider):
    settings.REFRAIN_WARM_UP_WORKERS = True

    threads = spawn_worker()
    for thread in threads:
        thread.join(timeout=10)

    assert len(threads) == 1 and threads[0].daemon
    assert provider.warmed == 1


def test_warming_up_can_be_switched_off(settings, provider):
    settings.REFRAIN_WARM_UP_WORKERS = False

    assert spawn_worker() == []
    assert provider.warmed == 0


def test_a_failed_warm_up_is_logged_and_the_worker_goes_on(settings, monkeypatch, caplog):
    settings.REFRAIN_WARM_UP_WORKERS = True
    failing = CountingProvider(error=RuntimeError("no model"))
    monkeypatch.setattr("songs.worker.provider_named", lambda name: failing)

    with caplog.at_level(logging.ERROR, logger="songs.worker"):
        for thread in spawn_worker():
            thread.join(timeout=10)

    assert failing.warmed == 1
    assert "warming the local provider up failed" in caplog.text


def test_the_embedded_engine_warms_up_by_loading_the_speech_model():
    LocalProvider().warm_up()

    assert speech.load_model.cache_info().currsize >= 1
