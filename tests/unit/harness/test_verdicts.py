"""A red check names the App Review rejection it predicts, and the run sums them up by reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

TESTS = """\
import pytest


@pytest.mark.rejection_risk_4
def test_unsend_shown():
    assert "Please cancel" == "Message deleted", "the unsent message still shows"


@pytest.mark.rejection_risk_4
def test_unsend_kept():
    pass


@pytest.mark.rejection_risk_10
def test_forged_signature_refused():
    pass


def test_untagged():
    assert False, "not a rejection check"
"""


def run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile(test_checks=TESTS)
    return pytester.runpytest_subprocess(
        "-p", "fixtures.verdicts", "-p", "no:cacheprovider", "--verdicts", "out/verdicts.json",
        *args,
    )  # fmt: skip


def test_a_failed_check_names_its_reason_and_the_run_groups_them(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(pytester, monkeypatch)
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "*RejectionRisk: would likely be rejected for: unsend not reflected in the app "
            "(reason 4): an unsent message left on screen*",
            "*the unsent message still shows*",
            "*= rejection verdicts =*",
            "would likely be rejected for: unsend not reflected in the app (reason 4): "
            "1 check failed",
            "    test_checks.py::test_unsend_shown",
            "clear: webhook authenticity not checked (reason 10, 1)",
        ]
    )
    verdicts = json.loads((pytester.path / "out/verdicts.json").read_text())
    by_number = {r["number"]: r for r in verdicts["reasons"]}
    assert (verdicts["checks"], verdicts["failed"]) == (3, 1)  # the untagged test is no check
    assert by_number[4]["verdict"] == "at risk" and by_number[4]["passed"] == 1
    assert "the unsent message still shows" in by_number[4]["failed"][0]["message"]
    assert by_number[10]["verdict"] == "clear"
    assert by_number[1]["verdict"] == "not checked"


def test_verdicts_are_summed_up_across_xdist_workers(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(pytester, monkeypatch, "-n", "2")
    result.stdout.fnmatch_lines(["*(reason 4): 1 check failed"])
    verdicts = json.loads((pytester.path / "out/verdicts.json").read_text())
    assert (verdicts["checks"], verdicts["failed"]) == (3, 1)


def test_checks_are_selected_by_reason(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(pytester, monkeypatch, "-m", "rejection_risk_10", "--strict-markers")
    assert result.ret == 0
    result.assert_outcomes(passed=1, deselected=3)
    result.stdout.fnmatch_lines(["no rejection risk found by 1 check"])


def test_every_check_of_a_reason_is_selected_by_rejection_risk(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(pytester, monkeypatch, "-m", "rejection_risk", "--strict-markers")
    result.assert_outcomes(passed=2, failed=1, deselected=1)  # the untagged test is left out
