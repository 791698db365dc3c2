"""How long the reviewer's script takes with each driver: prints figures, asserts nothing.

    .venv/bin/python benchmarks/review_flow.py [--rounds 3]

Runs the App Review features with the in-process API driver and with the browser driver in
one go (timings on a shared machine are noisy: compare the ratio, not the seconds), reading
each scenario's own duration from pytest's JUnit XML.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(driver: str) -> tuple[float, dict[str, float]]:
    """One pytest run of the app_review features; wall time and per-scenario call times."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pytest", "features", "-m", "app_review", f"--driver={driver}",
             "-q", "-p", "no:cacheprovider", f"--junitxml={report}"],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        wall = time.perf_counter() - started
        cases = {
            case.get("name", ""): float(case.get("time", 0))
            for case in ET.parse(report).getroot().iter("testcase")
        }
    return wall, cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    walls: dict[str, list[float]] = {"api": [], "browser": []}
    scenario: dict[str, dict[str, list[float]]] = {"api": {}, "browser": {}}
    for _ in range(rounds):
        for driver in walls:
            wall, cases = run(driver)
            walls[driver].append(wall)
            for name, seconds in cases.items():
                scenario[driver].setdefault(name.split("[")[0], []).append(seconds)
    print(f"App Review features, median of {rounds} rounds (seconds)")
    print(f"{'scenario':<78} {'api':>7} {'browser':>8} {'ratio':>6}")
    for name in sorted(scenario["api"]):
        api = statistics.median(scenario["api"][name])
        browser = statistics.median(scenario["browser"].get(name, [float("nan")]))
        print(f"{name[:78]:<78} {api:7.3f} {browser:8.3f} {browser / api:6.1f}")
    api, browser = statistics.median(walls["api"]), statistics.median(walls["browser"])
    print(f"{'whole pytest run (wall)':<78} {api:7.2f} {browser:8.2f} {browser / api:6.1f}")


if __name__ == "__main__":
    main()
