"""Run a feature the way a CI pipeline does and read the Allure results it leaves."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _results(alluredir: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in alluredir.glob("*-result.json")]


def _parameters(node: dict) -> list[dict]:
    found = list(node.get("parameters", []))
    for step in node.get("steps", []):
        found.extend(_parameters(step))
    return found


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
        [sys.executable, "-m", "pytest", "features",
         "-m", "app_review and instagram_basic", "--driver=api",
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
    # what QA filters by: the permission, the area, the rejection reason the feature guards
    assert ("permission", "instagram_basic") in labels
    assert ("area", "app_review") in labels
    assert ("rejection reason", "6: contact names wrong or missing") in labels
    environment = (alluredir / "environment.properties").read_text()
    assert "driver=api" in environment and "system under test=" in environment
    categories = json.loads((alluredir / "categories.json").read_text())
    assert any(c["name"].startswith("Rejection reason 4") for c in categories)
    parameters = {p["name"]: p["value"] for p in result["parameters"]}
    assert parameters["system under test"] == "'Relay Contact Center'"  # the app it judged

    # what steps were given reads as words, without object addresses or Meta's secrets
    values = [str(p["value"]) for p in _parameters(result)]
    assert values and not [v for v in values if "object at 0x" in v or "IGAA" in v or "secret" in v]
    assert not [v for v in values if len(v) > 300], "a parameter dumps a whole fixture"

    by_name = {a["name"]: a for a in _attachments(result)}
    deliveries = json.loads((alluredir / by_name["webhook deliveries"]["source"]).read_text())
    bodies = [json.loads(d["body"]) for d in deliveries if d.get("status") == 200]
    assert bodies and all(b["object"] == "instagram" for b in bodies)
    assert any(
        "X-Hub-Signature-256" in {k.title(): v for k, v in d["headers"].items()}
        for d in deliveries
        if d.get("status") == 200
    )
    # the steps' own attachments split the scenario's log: each delivery once, in its step
    per_step = [
        json.loads((alluredir / a["source"]).read_text())
        for step in result["steps"]
        for a in step.get("attachments", [])
        if a["name"] == "webhook deliveries during this step"
    ]
    assert len(per_step) >= 2
    assert sorted(d["id"] for part in per_step for d in part) == sorted(d["id"] for d in deliveries)
    calls = json.loads((alluredir / by_name["Graph API calls"]["source"]).read_text())
    assert any(c["path"].endswith("/me/messages") and c["status"] == 200 for c in calls)
