"""Draining Meta's queue: a run is read only once every message reached a verdict and every
failed attempt (a reaction's too) was tried again, or the time ran out."""

from __future__ import annotations

import httpx

from load.meta_log import wait_delivered


def feed(*pages: list[dict]) -> httpx.Client:
    """A simulator whose ``/_sim/events`` answers these pages of delivery records in turn."""
    answers = iter(pages)

    def handler(request: httpx.Request) -> httpx.Response:
        page = next(answers, [])
        after = int(request.url.params["after"])
        events = [{"seq": after + n + 1, "type": "delivery", "data": d} for n, d in enumerate(page)]
        return httpx.Response(200, json={"events": events, "last_seq": after + len(page)})

    return httpx.Client(base_url="http://sim.test", transport=httpx.MockTransport(handler))


def record(mids: list[str], outcome: str, attempt: int = 1) -> dict:
    return {"event_mids": mids, "outcome": outcome, "attempt": attempt}


def test_waits_for_the_retry_of_a_failed_reaction() -> None:
    sim = feed(
        [record(["a"], "delivered"), record(["a"], "failed")],  # the reaction on "a" failed
        [],
        [record(["a"], "delivered", attempt=2)],
    )
    assert wait_delivered(sim, ["a"], timeout=5) == []


def test_answers_what_is_still_open_when_time_runs_out() -> None:
    sim = feed([record(["a"], "delivered"), record(["b"], "failed")])
    assert wait_delivered(sim, ["a", "b", "c"], timeout=0.3) == ["b", "c"]


def test_not_delivered_is_a_verdict() -> None:
    sim = feed([record(["a"], "not_delivered", attempt=0)])
    assert wait_delivered(sim, ["a"], timeout=5) == []
