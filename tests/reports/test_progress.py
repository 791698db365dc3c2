"""`--progress` (what `make rehearse` prints as it runs): a line per reviewer step."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_each_reviewer_step_prints_its_number_outcome_and_time() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "features",
         "-m", "app_review and instagram_basic", "--driver=api",
         "--progress", "-p", "no:cacheprovider", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:]
    lines = re.findall(
        r"^  step (\d+)/(\d+) (ok|FAILED) \((\d+\.\d) s\)  (\S.*)$", run.stdout, re.M
    )
    assert lines, run.stdout[-3000:]
    numbers = [int(n) for n, *_ in lines]
    total = int(lines[0][1])
    assert numbers == list(range(1, total + 1)) and all(o == "ok" for _, _, o, *_ in lines)
    assert "The reviewer follows the 12 steps for instagram_basic" in run.stdout
