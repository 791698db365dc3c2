"""Locust's own errors are not a quiet empty run: the runner stops with Locust's log."""

from __future__ import annotations

from pathlib import Path

import pytest

from load import locust_procs
from load.locust_procs import LocustRun, run_locust


def test_a_locustfile_that_cannot_load_stops_the_run_with_its_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "locustfile.py"
    broken.write_text("raise RuntimeError('the target file is unreadable on purpose')\n")
    monkeypatch.setattr(locust_procs, "LOCUSTFILE", broken)
    with pytest.raises(RuntimeError, match="unreadable on purpose"):
        run_locust(LocustRun("sim", 1, 1, 0), tmp_path / "target.json", tmp_path)
