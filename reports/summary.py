"""What ``make rehearse`` prints last: each scenario's outcome and, for a failed one, the
reviewer step it failed at, expected vs seen, the App Review rejection reason it maps to and
the screenshot of both windows; then every output with its size.

    python -m reports.summary --results reports/rehearsal/allure-results
        [--report reports/rehearsal/allure-report/index.html] [--videos reports/videos]
        [--kit reports/review-kit]

Reads Allure's result files (``*-result.json``), nothing of the run itself. Exit code 0: the
rehearsal's own exit code says whether it passed.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reports.rejections import REASONS as REJECTIONS
from reports.step_text import SEPARATOR, reviewer_step_of

__all__ = ["Failure", "failures", "main", "reasons_for"]

# Step wording -> the rejection reasons (docs/rejection-reasons.md) a failure there risks.
REASONS = {n: reason.title for n, reason in REJECTIONS.items()}
_WORDS = (
    (("story", "mention"), (1, 9)),
    (("unsend", "deleted"), (4,)),
    (("name",), (6,)),
    (("answer", "reply", "sends the direct", "message"), (3,)),
    (("log", "url", "opens the contact center", "enter", "password"), (12,)),
)


def reasons_for(step: str) -> list[tuple[int, str]]:
    """The rejection reasons a failure of ``step`` maps to (reason 13 when no word matches:
    any broken step leaves the screencast without the whole flow)."""
    text = step.lower()
    for words, numbers in _WORDS:
        if any(w in text for w in words):
            return [(n, REASONS[n]) for n in numbers]
    return [(13, REASONS[13])]


@dataclass(frozen=True)
class Failure:
    scenario: str
    step_number: int
    step: str
    message: str
    screenshots: tuple[Path, ...]


def _results(folder: Path) -> list[dict[str, Any]]:
    found = []
    for path in sorted(folder.glob("*-result.json")):
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return found


def _label(result: dict[str, Any]) -> str:
    params = {p.get("name"): p.get("value") for p in result.get("parameters", [])}
    driver = str(params.get("driver_name", "")).strip("'")
    return f"{result.get('name', '?')}" + (f" [{driver}]" if driver else "")


def failures(folder: Path) -> tuple[list[dict[str, Any]], list[Failure]]:
    """Every result, and the failed ones with the step they failed at."""
    results = _results(folder)
    failed = []
    for result in results:
        if result.get("status") in ("passed", "skipped"):
            continue
        steps = result.get("steps", [])
        number, step = next(
            ((i, s) for i, s in enumerate(steps, start=1) if s.get("status") != "passed"),
            (len(steps), steps[-1] if steps else {}),
        )
        details = step.get("statusDetails") or result.get("statusDetails") or {}
        shots = tuple(
            folder / a["source"]
            for a in [*step.get("attachments", []), *result.get("attachments", [])]
            if a.get("type", "").startswith("image/") and a.get("source")
        )
        number = reviewer_step_of(str(step.get("name", ""))) or number
        failed.append(Failure(_label(result), number, step.get("name", "?"),
                              str(details.get("message", "")).strip(), shots))  # fmt: skip
    return results, failed


def _size(path: Path) -> str:
    size = float(path.stat().st_size)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def _outputs(args: argparse.Namespace) -> list[Path]:
    paths: list[Path] = []
    if args.report and args.report.is_file():
        paths.append(args.report)
    for folder, pattern in ((args.videos, "*/*.webm"), (args.kit, "*/*")):
        if folder and folder.is_dir():
            paths += sorted(p for p in folder.glob(pattern) if p.is_file())
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports.summary", description=__doc__)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--report", type=Path)
    parser.add_argument("--videos", type=Path)
    parser.add_argument("--kit", type=Path)
    args = parser.parse_args(argv)
    results, failed = failures(args.results)
    passed = sum(r.get("status") == "passed" for r in results)
    print(f"\nRehearsal: {len(results)} scenarios, {passed} passed, {len(failed)} failed")
    for failure in failed:
        print(f"FAILED {failure.scenario}")
        if reviewer_step_of(failure.step):
            text = failure.step.split(SEPARATOR, 1)[1]
            print(f"  at reviewer step {failure.step_number}: {text}")
        else:
            print(f"  at scenario step {failure.step_number} (set-up): {failure.step}")
        for line in failure.message.splitlines()[:8]:
            print(f"    {line}")
        for number, reason in reasons_for(failure.step):
            print(f"  App Review rejection reason {number}: {reason}")
        for shot in failure.screenshots[-2:]:  # both windows, as the step left them
            print(f"  screenshot: {shot}")
    if failed:
        print("No review kit from a failed rehearsal: fix the step above and run it again.")
    print("Outputs:")
    for path in _outputs(args):
        print(f"  {path}  {_size(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
