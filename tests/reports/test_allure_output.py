"""Run a feature the way a CI pipeline does and read the Allure results it leaves."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _results(alluredir: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in alluredir.glob("*-result.json")]


def _attachments(node: dict) -> list[dict]:
    found = list(node.get("attachments", []))
    for step in node.get("steps", []):
        found.extend(_attachments(step))
    return found


def test_a_feature_run_leaves_allure_results_with_steps_and_platform_payloads(
    tmp_path: Path,
) -> None:
    alluredir = tmp_path / "allure-results"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "features", "-m", "instagram_basic", "--driver=api",
         f"--alluredir={alluredir}", "-p", "no:cacheprovider", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    (result,) = _results(alluredir)
    assert result["status"] == "passed"
    assert result["name"] == "The reviewer follows the 12 steps for instagram_basic"
    step_names = [s["name"] for s in result["steps"]]
    assert any("ENTER" in name for name in step_names)
    assert any("Graph API" in name for name in step_names)
    labels = {(label["name"], label["value"]) for label in result["labels"]}
    assert ("tag", "instagram_basic") in labels
    parameters = {p["name"]: p["value"] for p in result["parameters"]}
    assert parameters["system under test"] == "'Relay Contact Center'"  # the app it judged

    by_name = {a["name"]: a for a in _attachments(result)}
    deliveries = json.loads((alluredir / by_name["webhook deliveries"]["source"]).read_text())
    bodies = [json.loads(d["body"]) for d in deliveries if d.get("status") == 200]
    assert bodies and all(b["object"] == "instagram" for b in bodies)
    assert any(
        "X-Hub-Signature-256" in {k.title(): v for k, v in d["headers"].items()}
        for d in deliveries
        if d.get("status") == 200
    )
    calls = json.loads((alluredir / by_name["Graph API calls"]["source"]).read_text())
    assert any(c["path"].endswith("/me/messages") and c["status"] == 200 for c in calls)
