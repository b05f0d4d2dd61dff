"""A second core for work that holds the GIL: a forked child fills arrays in shared memory.

The synthesiser and the vocoder both hold the GIL, so threads would not help; a child forked
from the current process shares its loaded state for free and writes its half of the work into
an anonymous shared mapping, so nothing is pickled.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Callable
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def can_fork() -> bool:
    """True where a child process can take half the work (POSIX, more than one core)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def fork_filling(
    shape: tuple[int, ...], fill: Callable[[np.ndarray], None]
) -> tuple[np.ndarray, int]:
    """Start a child that runs `fill(buffer)` on a zeroed float32 array of `shape` in shared memory.

    Returns the buffer and the child's pid; the buffer holds the child's work once `joined`."""
    memory = mmap.mmap(-1, max(1, int(np.prod(shape))) * 4)
    buffer = np.frombuffer(memory, dtype=np.float32, count=int(np.prod(shape))).reshape(shape)
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            fill(buffer)
            status = 0
        finally:
            os._exit(status)  # never return into the parent's code (servers, test runners)
    return buffer, pid


def joined(pid: int) -> bool:
    """Wait for a child of `fork_filling`; True when it finished its work."""
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


def split_work(items: list[T], work: Callable[[T], float]) -> tuple[list[T], list[T]]:
    """Two halves of about equal `work`: the biggest items first, each to the lighter half."""
    halves: tuple[list[T], list[T]] = ([], [])
    load = [0.0, 0.0]
    for item in sorted(items, key=work, reverse=True):
        side = 0 if load[0] <= load[1] else 1
        halves[side].append(item)
        load[side] += work(item)
    return halves
