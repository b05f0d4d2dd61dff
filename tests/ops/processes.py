"""Which processes a test started are still running, read from /proc (Linux)."""

from __future__ import annotations

import time
from pathlib import Path


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name, or None once the process is gone."""
    try:
        text = (Path("/proc") / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text.rsplit(")", 1)[1].split()


def running(pid: int) -> bool:
    """True while the process exists and has not ended (a zombie has ended)."""
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def descendants(pid: int) -> set[int]:
    """Every running process below `pid` (children, their children...)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if (
            entry.name.isdigit()
            and (fields := _stat(int(entry.name)))
            and fields[0] not in ("Z", "X")
        ):
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def end_times(pids: set[int], timeout_s: float) -> dict[int, float | None]:
    """Seconds from now until each process ended; None for those still running after the timeout."""
    started = time.monotonic()
    ended: dict[int, float | None] = dict.fromkeys(pids)
    while time.monotonic() - started < timeout_s:
        for pid in pids:
            if ended[pid] is None and not running(pid):
                ended[pid] = time.monotonic() - started
        if all(seconds is not None for seconds in ended.values()):
            break
        time.sleep(0.02)
    return ended


def still_running(ended: dict[int, float | None]) -> set[int]:
    return {pid for pid, seconds in ended.items() if seconds is None}
