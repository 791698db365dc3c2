"""The conformance set passes in any order and spread over workers: no check leans on
another's leftovers (pytest-randomly shuffles, xdist splits)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ORDER = 101  # one fixed shuffle (tests/stress.sh runs the whole suite in a random one too)


@pytest.mark.long
def test_the_conformance_set_passes_shuffled_over_two_workers(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "features", "-m", "conformance", "--driver=api",
         "-p", "randomly", "-p", "xdist", "-n", "2", f"--randomly-seed={ORDER}",
         f"--verdicts={tmp_path / 'verdicts.json'}", "-p", "no:cacheprovider"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert f"Using --randomly-seed={ORDER}" in run.stdout
