"""Test-wide settings: the hypothesis profiles, and a wide terminal for the command's tables."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# "ci" (the default): no per-example deadline and no too-slow health check, so a loaded 2-core
# machine does not turn a slow example into a failure; the number of examples stays as each test
# sets it. "dev" keeps hypothesis' own defaults. Choose with HYPOTHESIS_PROFILE=dev.
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _wide_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables printed to a captured stdout are laid out 250 characters wide, so unit names
    stay on one line where a test looks for them."""
    monkeypatch.setenv("COLUMNS", "250")
