"""The band's stored analysis, for the tests that read one back (tests/covers/stored.py)."""

from __future__ import annotations

import pytest

from covers.models import CoverFeature
from tests.covers.stored import analysis_store


@pytest.fixture
def analysis(world) -> CoverFeature:
    """The band's analysis of demo.wav."""
    return analysis_store(world.team)
