"""Bounded load runs on loopback: a Locust master with two workers against a deliberately
lossy app (brought in by its harness.toml), and one process against the reference service
in direct mode. Each run ends once every user has spent its budget of actions (the seconds
are only a cap), so a slow machine makes it longer, never smaller: the counts must add up,
and the losses the stub made on purpose must be the ones the run reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from load.results import Summary
from load.runner import Options, run

LOSSY = Path(__file__).with_name("lossy_sut") / "harness.toml"
FLAKY = LOSSY.with_name("flaky.toml")
pytestmark = pytest.mark.long
CAP_S = 120  # a safety cap: each run below ends on its users' budgets in seconds


def run_against_stub(
    stub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **options: Any
) -> tuple[Summary, dict[str, Any]]:
    """A sim-mode run against a stub (its harness.toml), and the stub's own books."""
    stats_file = tmp_path / "stub-stats.json"
    monkeypatch.setenv("LOSSY_STATS_FILE", str(stats_file))  # the stub inherits it
    summary = run(
        Options(
            mode="sim",
            rate_per_user=8,
            sut_config=stub,
            kept_url="/kept",
            out=tmp_path / "run",
            **options,
        )
    )
    return summary, json.loads(stats_file.read_text())


def test_master_and_two_workers_count_what_a_lossy_app_lost_and_doubled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary, stub = run_against_stub(
        LOSSY, tmp_path, monkeypatch, users=4, seconds=CAP_S, workers=2, max_actions_per_user=12
    )
    books = summary.accounting

    assert len(list((tmp_path / "run").glob("journal-*.jsonl"))) == 2  # two workers acted
    assert summary.workers == 2 and sum(summary.actions.values()) == 4 * 12
    assert books.sent == books.kept + books.lost
    assert books.sent >= 10, "too few messages for the stub's losses: the run proves nothing"
    assert books.lost > 0, "the stub drops every 10th message body: a run seeing no loss is blind"
    assert set(books.lost_mids) == set(stub["dropped"])
    assert books.duplicated == stub["doubled"] > 0
    # Meta delivered every body with a 200 (the stub lies about keeping them)
    assert summary.delivery.deliveries == stub["bodies"]
    assert summary.delivery.failures == summary.delivery.not_sent == 0
    assert summary.ack.samples > 0


def test_meta_retries_what_an_app_refused_and_the_run_counts_each_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary, stub = run_against_stub(
        FLAKY, tmp_path, monkeypatch, users=3, seconds=CAP_S, workers=0, max_actions_per_user=8
    )
    books = summary.accounting
    hooks = summary.delivery
    assert sum(summary.actions.values()) == 3 * 8  # 24 webhooks or more: every 7th refused
    # Meta also gives up on a POST after 5 s: on a crowded machine the stub may answer one late
    late = hooks.failures - stub["failed"]
    assert stub["failed"] > 0 and late >= 0, (hooks, stub)
    assert hooks.retries == hooks.failures, hooks  # every failed attempt was tried again
    assert books.lost == 0 and books.kept == books.sent > 0, books
    assert books.duplicated <= late, books  # only a late answer's retry can be kept twice


def test_one_process_direct_mode_against_the_reference_service_loses_nothing(
    tmp_path: Path,
) -> None:
    summary = run(
        Options(
            mode="direct",
            users=3,
            seconds=CAP_S,
            workers=0,
            rate_per_user=8,
            max_actions_per_user=8,
            out=tmp_path,
        )
    )
    books = summary.accounting
    actions = sum(summary.actions.values())
    assert actions == 3 * 8
    assert (books.lost, books.duplicated) == (0, 0) and books.kept == books.sent > 0
    assert summary.delivery.deliveries == summary.ack.samples == actions
    assert summary.shown.samples == books.sent, summary.notes  # the agent saw every message
    assert json.loads((tmp_path / "summary.json").read_text())["accounting"]["lost"] == 0
