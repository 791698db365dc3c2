"""The load run's arithmetic: percentiles, sent = kept + lost, duplicates, Meta's log."""

from __future__ import annotations

import pytest

from load.results import (
    Accounting,
    DeliveryCounts,
    Latency,
    delivery_latencies_ms,
    message_mids,
    percentile,
    shown_latencies_ms,
)


def test_nearest_rank_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (50, 95, 99)
    assert percentile([7.0], 99) == 7.0
    assert percentile([3.0, 1.0, 2.0], 0) == 1.0
    assert percentile([], 50) is None
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1.0], 101)


def test_latency_without_samples_reads_na() -> None:
    assert Latency.of([]).describe() == "n/a"
    assert Latency.of([10.0, 20.0]).describe().startswith("p50 10.0 ms")


def test_sent_is_kept_plus_lost_and_duplicates_are_extra_copies() -> None:
    sent = ["a", "b", "c", "d"]
    kept = ["a", "a", "a", "b", "d", "echo-of-the-app"]  # c lost; a kept 3 times
    books = Accounting.of(sent, kept)
    assert (books.sent, books.kept, books.lost, books.duplicated) == (4, 3, 1, 2)
    assert books.sent == books.kept + books.lost
    assert books.lost_mids == ("c",)


def test_nothing_kept_loses_everything() -> None:
    books = Accounting.of(["a", "b"], [])
    assert (books.kept, books.lost, books.duplicated) == (0, 2, 0)


def test_a_mid_sent_twice_counts_once() -> None:
    assert Accounting.of(["a", "a"], ["a"]).sent == 1


def test_delivery_counts_from_meta_log() -> None:
    log = [
        {"outcome": "delivered", "attempt": 1},
        {"outcome": "failed", "attempt": 1},
        {"outcome": "failed", "attempt": 2},
        {"outcome": "delivered", "attempt": 3},
        {"outcome": "not_delivered", "attempt": 0},
    ]
    assert DeliveryCounts.of(log) == DeliveryCounts(deliveries=2, failures=2, retries=2, not_sent=1)


def test_delivery_counts_in_direct_mode_come_from_the_posts() -> None:
    journal = [
        {"kind": "dm", "mid": "a", "ack_ms": 3.0, "status": 200},
        {"kind": "dm", "mid": "b", "ack_ms": 5000.0, "status": None, "error": "timeout"},
        {"kind": "reaction", "mid": None, "ack_ms": 2.0, "status": 503},
    ]
    assert DeliveryCounts.of_direct(journal) == DeliveryCounts(1, 2, 0)


def test_only_new_messages_are_counted_as_sent() -> None:
    journal = [
        {"kind": "dm", "mid": "a"},
        {"kind": "story_mention", "mid": "b"},
        {"kind": "reaction", "mid": None, "target": "a"},
        {"kind": "unsend", "mid": None, "target": "a"},
        {"kind": "dm", "mid": None, "ok": False},  # refused by Meta's side: nothing sent
    ]
    assert message_mids(journal) == ["a", "b"]


def test_delivery_latency_is_to_the_first_delivered_attempt() -> None:
    journal = [
        {"kind": "dm", "mid": "a", "meta_ms": 1000},
        {"kind": "dm", "mid": "b", "meta_ms": 1000},
    ]
    log = [
        {"outcome": "failed", "event_mids": ["a"], "at": 1005},
        {"outcome": "delivered", "event_mids": ["a"], "at": 1040},
        {"outcome": "delivered", "event_mids": ["a"], "at": 1090},  # a redelivery
        {"outcome": "delivered", "event_mids": ["b"], "at": 1002},
    ]
    assert delivery_latencies_ms(journal, log) == [40.0, 2.0]


def test_shown_latency_in_ms_for_messages_the_agent_saw() -> None:
    journal = [
        {"kind": "dm", "mid": "a", "sent_at": 10.0},
        {"kind": "dm", "mid": "b", "sent_at": 10.0},
    ]
    assert shown_latencies_ms(journal, {"a": 10.25}) == [250.0]
