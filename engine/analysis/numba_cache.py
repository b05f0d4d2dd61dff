"""librosa's compiled numba code: compiled and written by one process at a time, read by the rest.

The analysis uses 24 numba functions of librosa, all cached on disk (`cache=True`): the gufuncs
and vectorised ufuncs of beat tracking (`beat.__beat_track_dp`, `__trim_beats`,
`__last_beat_selector`, `__dp_backtrack`), peak picking (`util.utils._localmax`, `_localmin`,
`__peak_pick`), `_cabs2`, `_phasor_angles`, pyin's `core.pitch._pi_wrapper` and
`core.audio._zc_wrapper`, compiled when their module is first imported, and the jitted
`sequence._viterbi`, `util.utils.__shear_dense`, `feature.utils.__stack` and
`core.constantq.__num_two_factors`, compiled on their first call. `import librosa` itself loads
none of these modules (librosa loads them on first use), so the analysis imports it at the top.
numba's cache is not safe when two processes compile the same function at once: a gufunc's kernel
and its wrapper can then come from different processes whose symbol names differ, and every later
call segfaults (numba#10128, #4807). Two workers starting side by side did exactly that.

So a process's first analysis runs the listeners on a made-up clip under an exclusive `flock` on
a file beside the cache: the first process compiles and writes everything, the others wait, then
only read. The kernel drops the lock of a process that dies, so no stale lock survives a crash.
"""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

LOCK_NAME = "compile.lock"

log = logging.getLogger(__name__)
_in_process = threading.Lock()
_compiled = False


def cache_dir() -> Path:
    """Where numba keeps the compiled code (engine/__init__.py sets a default)."""
    return Path(os.environ.get("NUMBA_CACHE_DIR") or tempfile.gettempdir())


def compile_once(compile_all: Callable[[], None]) -> None:
    """Run `compile_all` the first time this process asks, while no other process compiles."""
    global _compiled
    with _in_process:
        if _compiled:
            return
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        with open(directory / LOCK_NAME, "a") as lock_file:
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.info("waiting for another process to compile the analysis code")
                fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                compile_all()
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)
        _compiled = True
