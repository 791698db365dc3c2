"""How long the whole conformance set takes in-process (API driver): prints figures, asserts
nothing. The issue's bar: the set in at most 5 s on this machine.

    .venv/bin/python benchmarks/conformance_suite.py [--rounds 3]

Each round runs, in one process each: the conformance features (``-m conformance
--driver=api``), and a bare baseline: pytest running as many empty tests. The figures are the
test session's time as pytest's JUnit XML gives it (collection and every scenario with its own
simulator and contact center, not the interpreter's start), the best of the rounds, and the
ratio of the suite to the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 5.0


def session(args: list[str], cwd: Path) -> tuple[float, int, int]:
    """One pytest run: its session seconds, tests run, tests failed."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        subprocess.run(
            [sys.executable, "-m", "pytest", *args, "-q", "-p", "no:cacheprovider",
             f"--junitxml={report}"],
            cwd=cwd, capture_output=True, check=False,
        )  # fmt: skip
        suite = ET.parse(report).getroot().find("testsuite")
        assert suite is not None, "pytest wrote no JUnit XML"
        failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        return float(suite.get("time", 0)), int(suite.get("tests", 0)), failed


def bare(count: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "test_bare.py").write_text(
            f"import pytest\n\n\n@pytest.mark.parametrize('n', range({count}))\n"
            "def test_nothing(n):\n    pass\n"
        )
        return session(["test_bare.py", "-p", "no:randomly"], folder)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    suites, bares, tests, failed = [], [], 0, 0
    for _ in range(rounds):
        seconds, tests, failed = session(
            ["features", "-m", "conformance", "--driver=api", "--verdicts="], ROOT
        )
        suites.append(seconds)
        bares.append(bare(tests))
    best, baseline = min(suites), min(bares)
    print(f"conformance set, in-process (API driver): {tests} scenarios, {failed} failed")
    print(f"  best of {rounds}: {best:.2f} s ({1000 * best / max(tests, 1):.0f} ms a scenario); "
          f"target <= {TARGET_S:.0f} s: {'met' if best <= TARGET_S else 'NOT met'}")  # fmt: skip
    print(f"  bare pytest, {tests} empty tests: {baseline:.2f} s; ratio {best / baseline:.1f}")


if __name__ == "__main__":
    main()
