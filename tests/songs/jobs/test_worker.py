"""A worker process warms its provider up once, when django-q2 spawns it, before its first job."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from django_q.signals import post_spawn

from engine.analysis import speech
from engine.providers.local import LocalProvider
from engine.render import instruments


class CountingProvider:
    name = "local"

    def __init__(self, error: Exception | None = None):
        self.warmed = 0
        self.error = error

    def warm_up(self) -> None:
        self.warmed += 1
        if self.error:
            raise self.error


def spawn_worker() -> list[bool]:
    """What django-q2 does in each new worker process; what our receiver answered."""
    return [ready for _receiver, ready in post_spawn.send(sender="django_q", proc_name="Process-1")]


@pytest.fixture
def provider(monkeypatch):
    counting = CountingProvider()
    monkeypatch.setattr("songs.jobs.worker.provider_named", lambda name: counting)
    return counting


def test_a_new_worker_warms_its_provider_up_before_its_first_job(settings, provider):
    settings.REFRAIN_WARM_UP_WORKERS = True

    assert spawn_worker() == [True]
    assert provider.warmed == 1


def test_warming_up_can_be_switched_off(settings, provider):
    settings.REFRAIN_WARM_UP_WORKERS = False

    assert spawn_worker() == [False]
    assert provider.warmed == 0


def test_a_failed_warm_up_is_logged_and_the_worker_goes_on(settings, monkeypatch, caplog):
    settings.REFRAIN_WARM_UP_WORKERS = True
    failing = CountingProvider(error=RuntimeError("no model"))
    monkeypatch.setattr("songs.jobs.worker.provider_named", lambda name: failing)

    with caplog.at_level(logging.ERROR, logger="songs.jobs.worker"):
        assert spawn_worker() == [False]

    assert failing.warmed == 1
    assert "warming the local provider up failed" in caplog.text


def test_the_embedded_engine_warms_up_by_loading_the_speech_model_and_the_soundfont():
    # Earlier tests have loaded both already: forget them, as a new worker process has neither.
    speech.load_model.cache_clear()
    instruments._synth.cache_clear()

    LocalProvider().warm_up()

    assert speech.load_model.cache_info().currsize == 1
    assert instruments._synth.cache_info().currsize == 1
    misses = speech.load_model.cache_info().misses
    speech.transcribe_words(np.zeros(speech.SPEECH_RATE_HZ, dtype=np.float32) + 0.01)
    assert speech.load_model.cache_info().misses == misses  # the first job loads nothing more
