"""``HARNESS_WAIT_S``: how long steps wait for what they expect, and a clear stop for a value
that is not a positive number of seconds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SHOW = "from steps.drivers.base import DEFAULT_TIMEOUT_S; print(DEFAULT_TIMEOUT_S)"


def _imported_with(value: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HARNESS_WAIT_S"}
    if value is not None:
        env["HARNESS_WAIT_S"] = value
    return subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(("value", "seconds"), [(None, "10.0"), ("", "10.0"), ("2.5", "2.5")])
def test_steps_wait_10_s_unless_told_otherwise(value: str | None, seconds: str) -> None:
    done = _imported_with(value)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == seconds


@pytest.mark.parametrize("value", ["ten", "0", "-3"])
def test_a_wait_that_is_not_a_positive_number_stops_with_the_reason(value: str) -> None:
    done = _imported_with(value)
    assert done.returncode != 0
    assert "HARNESS_WAIT_S must be" in done.stderr and repr(value) in done.stderr
