"""librosa's numba cache: outside the installed packages, and written by one process at a time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Waits for a start time so that both processes reach the compilation at the same moment.
COMPILE = """
import sys, time
from engine.analysis.preprocess import compile_listeners
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
started = time.time()
compile_listeners()
print(f"compiled-in {time.time() - started:.2f}")
"""


def _compile(cache_dir: Path, start_at: float) -> subprocess.Popen:
    env = os.environ | {"NUMBA_CACHE_DIR": str(cache_dir), "NUMBA_DEBUG_CACHE": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", COMPILE, str(start_at)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def _finish(process: subprocess.Popen) -> str:
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output[-2000:]
    return output


def _saves(output: str) -> int:
    return output.count("[cache] data saved to")


def _index_files(cache_dir: Path) -> dict[str, int]:
    return {str(p.relative_to(cache_dir)): p.stat().st_mtime_ns for p in cache_dir.rglob("*.nbi")}


def test_numba_caches_under_the_var_dir_not_in_the_installed_packages(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"} | {
        "REFRAIN_VAR_DIR": str(tmp_path)
    }
    printed = subprocess.run(
        [sys.executable, "-c", "import engine, numba; print(numba.config.CACHE_DIR)"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60,
    ).stdout.strip()  # fmt: skip

    assert printed == str(tmp_path / "numba-cache")


def test_two_processes_starting_together_compile_the_analysis_once_and_a_third_only_loads(tmp_path):
    cache_dir = tmp_path / "numba-cache"
    start_at = time.time() + 3.0
    first, second = _compile(cache_dir, start_at), _compile(cache_dir, start_at)
    outputs = [_finish(first), _finish(second)]
    written = _index_files(cache_dir)

    # One of the two compiled and wrote every function; the other waited and wrote nothing.
    assert sorted(_saves(output) for output in outputs)[0] == 0
    assert sum(_saves(output) for output in outputs) >= len(written) >= 20
    assert any(name.startswith("librosa_") and "beat.__beat_track_dp" in name for name in written)

    third = _finish(_compile(cache_dir, 0.0))

    assert _saves(third) == 0
    assert "[cache] data loaded from" in third
    assert _index_files(cache_dir) == written
