"""`make rehearse` on a contact center that shows the handle instead of the name (a deliberate
break): red, and still the HTML report, the failed reviewer step with expected vs seen, the
rejection reason, the screenshots; no kit built from the broken flow."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.browser, pytest.mark.simulator_only, pytest.mark.long]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_a_failed_rehearsal_reports_the_step_the_reason_and_the_screenshots(
    tmp_path: Path,
) -> None:
    outputs = {
        "VIDEOS": tmp_path / "videos",
        "REHEARSAL_RESULTS": tmp_path / "results",
        "REHEARSAL_REPORT": tmp_path / "report",
        "REVIEW_KIT": tmp_path / "kit",
    }
    run = subprocess.run(
        ["make", "--no-print-directory", "rehearse", "BREAK=handle_as_name",
         "REHEARSED=app_review and instagram_basic",
         "PACE=off",
         *(f"{name}={path}" for name, path in outputs.items())],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={k: v for k, v in os.environ.items() if k != "HARNESS_WAIT_S"},  # every step waits
    )  # fmt: skip  # as long as a real run's do: only the failing one waits to the end
    said = run.stdout + run.stderr
    assert run.returncode != 0, said[-3000:]
    assert "Rehearsal: 1 scenarios, 0 passed, 1 failed" in said, said[-3000:]
    assert "at reviewer step 9: And the conversation shows the Instagram user's name" in said
    assert re.search(r"the chat shows '[^']+', the user's name is '[^']+'", said), said[-3000:]
    assert "rejection reason 6: contact names wrong or missing" in said
    shots = re.findall(r"screenshot: (\S+\.png)", said)
    assert shots and all(Path(shot).is_file() for shot in shots)
    assert not outputs["REVIEW_KIT"].exists()  # no kit from a broken flow
    if shutil.which("npx"):
        report = outputs["REHEARSAL_REPORT"] / "index.html"
        assert report.is_file() and f"{report}" in said
