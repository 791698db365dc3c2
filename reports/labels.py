"""What QA filters a report by: Allure labels per scenario (permission, area, the App Review
rejection reasons it guards against), and the run's ``environment.properties`` and
``categories.json`` (failures grouped by the rejection reason they risk)."""

from __future__ import annotations

import json
import platform
import re
from pathlib import Path
from typing import Any

import allure

from reports.rejections import REASONS as REJECTIONS
from reports.rejections import reasons_in
from reports.step_text import SEPARATOR, number_steps, reviewer_step_of
from reports.summary import REASONS

__all__ = ["label_scenario", "number_review_steps", "write_run_files"]

_CITED = re.compile(r"rejection reasons? ([\d ,and]+)", re.IGNORECASE)
PERMISSIONS = ("instagram_manage_messages", "instagram_basic")


def reasons_cited(description: str) -> list[int]:
    """The rejection reasons a feature's description cites (``rejection reasons 1, 3 and 4``)."""
    found: list[int] = []
    for match in _CITED.finditer(description or ""):
        found += [int(n) for n in re.findall(r"\d+", match.group(1))]
    return sorted(set(found))


def label_scenario(feature: Any, scenario: Any) -> None:
    """Allure labels for one scenario (pytest-bdd's parsed feature and scenario)."""
    tags = set(feature.tags) | set(scenario.tags)
    area = Path(feature.rel_filename).parent.as_posix() if feature.rel_filename else ""
    if area:
        allure.dynamic.label("area", area)
        allure.dynamic.epic(area)
    for permission in sorted(p for p in PERMISSIONS if p in tags):
        allure.dynamic.label("permission", permission)
        allure.dynamic.story(permission)
    cited = reasons_cited(getattr(feature, "description", "")) + reasons_in(tags)
    for number in sorted(set(cited)):
        text = REASONS.get(number, "")
        allure.dynamic.label("rejection reason", f"{number}: {text}" if text else str(number))


def write_run_files(alluredir: Path, environment: dict[str, str]) -> None:
    """``environment.properties`` (versions, the app under test, the seed) and
    ``categories.json`` (failures by the rejection reason their message points to)."""
    alluredir.mkdir(parents=True, exist_ok=True)
    env = {"python": platform.python_version(), "platform": platform.platform(), **environment}
    lines = [f"{key}={str(value).replace(chr(10), ' ')}" for key, value in sorted(env.items())]
    (alluredir / "environment.properties").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # A tagged check's error starts "would likely be rejected for: <title> (reason n)".
    categories: list[dict[str, Any]] = [
        {
            "name": f"Rejection reason {n}: {reason.title}",
            "matchedStatuses": ["failed", "broken"],
            "messageRegex": rf"(?s)would likely be rejected for: [^\n]*\(reason {n}\).*",
        }
        for n, reason in REJECTIONS.items()
    ]
    categories += [
        {
            "name": f"Rejection reason {n}: {REASONS[n]}",
            "matchedStatuses": ["failed", "broken"],
            "messageRegex": pattern,
        }
        for n, pattern in (
            (1, r"(?is).*story.*"),
            (4, r"(?is).*(unsen|message deleted|is_deleted).*"),
            (6, r"(?is).*name.*"),
            (3, r"(?is).*(answer|reply|sees the).*"),
            (12, r"(?is).*(log ?in|password|url|reach).*"),
        )
    ]
    categories += [
        {"name": "Broken harness or environment (not the app)", "matchedStatuses": ["broken"]},
        {"name": "Other failures: the screencast would not show the whole flow (13)",
         "matchedStatuses": ["failed"]},
    ]  # fmt: skip
    (alluredir / "categories.json").write_text(json.dumps(categories, indent=2) + "\n")


def number_review_steps(alluredir: Path) -> int:
    """Name each App Review step in the results as the kit numbers it: ``Step 8 · When the
    reviewer clicks "Send Message" ...`` (set-up steps keep their names); returns the results
    renamed. Idempotent: a step already numbered is left as it is."""
    renamed = 0
    for path in alluredir.glob("*-result.json"):
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        tags = {label.get("value") for label in result.get("labels", [])}
        steps = result.get("steps") or []
        named = [str(step.get("name", "")) for step in steps]
        if "app_review" not in tags or any(reviewer_step_of(n) is not None for n in named):
            continue
        texts = [str(step.get("name", "")).split(" ", 1)[-1] for step in steps]
        for step, number in zip(steps, number_steps(texts), strict=True):
            if number is not None:
                step["name"] = f"Step {number}{SEPARATOR}{step.get('name', '')}"
        path.write_text(json.dumps(result), encoding="utf-8")
        renamed += 1
    return renamed
