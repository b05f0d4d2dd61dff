"""Refrain's embedded generation engine: lyrics, composition, rendering, analysis.

Plain Python, no Django: plain dataclasses in, plain dataclasses out, numpy arrays for audio.
"""

import os
from pathlib import Path

# numba picks its on-disk cache folder when librosa's modules are imported, so the folder is
# chosen here, before any analysis runs, for Django processes and plain scripts alike: beside the
# project's other run-time files (REFRAIN_VAR_DIR, `./var`), not inside the installed packages.
# engine/analysis/numba_cache.py makes sure only one process at a time writes it.
_VAR_DIR = Path(os.environ.get("REFRAIN_VAR_DIR") or Path(__file__).resolve().parents[1] / "var")
os.environ.setdefault("NUMBA_CACHE_DIR", str(_VAR_DIR / "numba-cache"))
