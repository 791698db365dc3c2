"""Each rejection check bites: break one behaviour of the reference service at a time
(``--break-reference``) and exactly the checks of the reason it mirrors fail, each naming the
reason, while every other conformance scenario passes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reports.rejections import REASONS
from routing_service.deliberate_breaks import BREAKS

ROOT = Path(__file__).resolve().parents[2]

# deliberate_breaks.py name -> the rejection reasons its mistake is (from the registry)
BREAKS_NAMED = {broken for reason in REASONS.values() for broken in reason.breaks}
REASONS_BROKEN: dict[str, set[int]] = {
    broken: {reason.number for reason in REASONS.values() if broken in reason.breaks}
    for broken in BREAKS_NAMED
}


def test_every_break_mirrors_known_reasons() -> None:
    assert set(REASONS_BROKEN) == set(BREAKS), "each break is named by a reason of the registry"
    assert all(numbers <= set(REASONS) for numbers in REASONS_BROKEN.values())
    assert REASONS_BROKEN["story_mention_dropped"] == {1, 9}


def conformance_run(tmp_path: Path, *options: str) -> tuple[int, dict, str]:
    verdicts = tmp_path / "verdicts.json"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "features", "-m", "conformance", "--driver=api",
         f"--verdicts={verdicts}", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         "-o", "addopts=", *options],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={k: v for k, v in os.environ.items() if k != "HARNESS_WAIT_S"},
    )  # fmt: skip
    assert verdicts.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    return run.returncode, json.loads(verdicts.read_text()), run.stdout


@pytest.mark.long
@pytest.mark.parametrize("broken", sorted(REASONS_BROKEN))
def test_a_broken_behaviour_fails_exactly_its_reasons_checks(tmp_path: Path, broken: str) -> None:
    code, verdicts, output = conformance_run(tmp_path, f"--break-reference={broken}")
    reasons = REASONS_BROKEN[broken]
    rows = {row["number"]: row for row in verdicts["reasons"]}
    assert verdicts["failed_without_reason"] == [], (broken, verdicts["failed_without_reason"])
    for number, row in rows.items():
        if number in reasons:
            assert row["verdict"] == "at risk" and row["passed"] == 0, (broken, number, row)
            for failure in row["failed"]:
                assert f"(reason {number})" in failure["message"], failure
        else:
            assert row["failed"] == [], (broken, number, row["failed"])
    assert code == 1
    for number in reasons:
        assert f"would likely be rejected for: {REASONS[number].title} (reason {number})" in output
