"""A scenario must say whether Meta documents what it checks: tagged @meta_verified (Meta's
docs state it) or @simulator_only (the simulator's own behaviour), as fixtures/plugin.py asks."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

FEATURE = """\
Feature: Parity
  {tag}
  Scenario: Something happens
    Given nothing
"""

TESTS = """\
from pytest_bdd import given, scenarios

scenarios("parity.feature")


@given("nothing")
def _nothing():
    pass
"""


@pytest.mark.parametrize(
    ("tag", "outcome"), [("@meta_verified", 0), ("@simulator_only", 0), ("", 4)]
)
def test_untagged_scenarios_are_refused(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tag: str, outcome: int
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makefile(".feature", parity=FEATURE.format(tag=tag))
    pytester.makepyfile(test_parity=TESTS)
    result = pytester.runpytest_subprocess("-p", "fixtures.plugin", "-p", "no:cacheprovider")
    assert result.ret == outcome
    if outcome:
        result.stderr.fnmatch_lines(["*untagged: test_parity.py::test_something_happens*"])
