"""The harness judges an independent app (examples/express-desk, Node.js + Express) by URL,
and catches it when one behaviour is switched off (that it passes the reviewer's steps and
the conformance set is ``make test``'s express-desk stage).

Each run is its own pytest process, as a team runs it: ``--sut-config`` names the example's
harness.toml, the harness starts the app and drives its console through the locator file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "express-desk"
SCENARIO = "12_steps_for_instagram_manage_messages"
RUN_TIMEOUT_S = 240


def _run(tmp_path: Path, *extra: str) -> ET.Element:
    """Every step waits as long as in a real run (``HARNESS_WAIT_S`` unset): a shorter wait
    would make a slow machine fail a step that passes."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is needed to run examples/express-desk (see its README.md)")
    if not (EXAMPLE / "node_modules" / "express").is_dir():
        pytest.fail("examples/express-desk has no node_modules: run `make example-deps`")
    report = tmp_path / "junit.xml"
    done = subprocess.run(
        [
            sys.executable, "-m", "pytest", "features", "-m", "app_review", "-k", SCENARIO,
            "--sut-config", str(EXAMPLE / "harness.toml"), "--driver=browser",
            "-p", "no:cacheprovider", "-p", "no:randomly", f"--junitxml={report}", "-q",
            *extra,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        env={k: v for k, v in os.environ.items() if k != "HARNESS_WAIT_S"},
    )  # fmt: skip
    assert report.exists(), done.stdout[-3000:] + done.stderr[-3000:]
    return ET.parse(report).getroot()


def _cases(root: ET.Element) -> list[ET.Element]:
    return list(root.iter("testcase"))


@pytest.mark.long
def test_with_story_mentions_switched_off_the_run_fails_naming_the_rejection(
    tmp_path: Path,
) -> None:
    [case] = _cases(_run(tmp_path, "--sut-env", "DESK_STORY_MENTIONS=off"))
    failure = case.find("failure")
    assert failure is not None, "the harness did not notice the dropped story mention"
    message = (failure.get("message") or "") + (failure.text or "")
    assert "A story-mention conversation in the contact center" in message
    assert "rejection reason 1: story mention not rendered" in message


def test_the_example_apps_own_tests_pass() -> None:
    """Its messaging windows and retries (lib/policy.js), with node's test runner."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is needed to run examples/express-desk (see its README.md)")
    done = subprocess.run(
        ["node", "--test", "test/"], cwd=EXAMPLE, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "# fail 0" in done.stdout
