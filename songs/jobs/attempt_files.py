"""Each attempt of a job files what it makes in a folder of its own, so what an attempt left behind
when it died (killed between writing its files and committing their rows, on any host) is found
and removed when its job is taken up again or ends: the bucket never keeps an object no row names."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable

from django.core.files.storage import default_storage
from django.db import transaction

logger = logging.getLogger(__name__)


def attempt_folder(job, attempt: int) -> str:
    """Where attempt `attempt` of `job` files a version's audio, MIDI and stems."""
    return f"teams/{job.team_id}/jobs/{job.pk}/attempt-{attempt}"


def attempt_files_remove_on_commit(job, attempts: Iterable[int]) -> None:
    """Once the job's new state commits, remove what these attempts filed (attempts that lost the
    job, or every attempt of a job that failed: none of them is named by a row)."""
    folders = [attempt_folder(job, attempt) for attempt in attempts]
    if folders:
        transaction.on_commit(lambda: [_remove_folder(folder) for folder in folders])


def _remove_folder(folder: str) -> None:
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:  # the attempt filed nothing (on disk; a bucket lists nothing)
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    for directory in directories:
        _remove_folder(f"{folder}/{directory}")
    if files:
        logger.info("attempt files removed", extra={"folder": folder, "files": len(files)})
    _remove_empty_directory(folder)


def _remove_empty_directory(folder: str) -> None:
    """On disk the folder itself goes too (a bucket has no folders)."""
    try:
        path = default_storage.path(folder)
    except NotImplementedError:
        return
    with contextlib.suppress(OSError):
        os.rmdir(path)
