"""Webhook delivery as Meta does it [MPWH][GS]: what counts as delivered, the retry schedule
on Meta's clock, the 15-minute alert and "Webhooks Disabled" after an hour, batching,
concurrency, reordering, duplicates, and faults set from the control API."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from simulator.clock import Clock
from simulator.config import SimulatorConfig
from tests.unit.simulator.conftest import (
    START_MS,
    Stack,
    deliveries_of,
    open_stack,
    wait_for,
)

pytestmark = pytest.mark.anyio


async def _stack(config: SimulatorConfig, clock: Clock) -> AsyncIterator[Stack]:
    async for stack in open_stack(config, clock):
        await stack.subscribe()
        yield stack


def _events(stack: Stack) -> list[list[dict[str, Any]]]:
    """Each POST the app got, as its list of messaging events."""
    return [
        [e for entry in json.loads(body)["entry"] for e in entry["messaging"]]
        for body, _ in stack.callback.received
    ]


async def _next(stack: Stack, predicate: Any, count: int = 1) -> list[Any]:
    """Events matching ``predicate`` that happen from now on (not ones already seen)."""
    seq, seen = stack.sim.events.last_seq, []
    while len(seen) < count:
        batch = await stack.sim.events.wait_after(seq, 5.0)
        assert batch, f"timed out waiting for {count} new events, saw {len(seen)}"
        seq = batch[-1].seq
        seen += [e for e in batch if predicate(e)]
    return seen


def _delivered(mid: str) -> Any:
    return lambda e: (
        e.type == "delivery" and mid in e.data["event_mids"] and e.data["outcome"] == "delivered"
    )


def _attempts(stack: Stack, mid: str) -> list[Any]:
    return [d for d in stack.sim.deliveries.all() if mid in d.event_mids]


@pytest.fixture
async def frozen() -> AsyncIterator[Stack]:
    """A stopped clock: retries come due only when the test moves it."""
    async for stack in _stack(SimulatorConfig(seed=3), Clock(start_ms=START_MS)):
        yield stack


async def test_only_a_200_counts_as_delivered_unless_the_knob_says_any_2xx() -> None:
    for any_2xx, outcome in ((False, "failed"), (True, "delivered")):
        config = SimulatorConfig(seed=3, accept_any_2xx=any_2xx, retry_delays_s=())
        async for stack in _stack(config, Clock(start_ms=START_MS)):
            stack.callback.statuses = [204]
            msg = stack.sim.send_text(stack.sim.create_user(), "hi")
            [first] = await wait_for(stack.sim, deliveries_of(msg.mid))
            assert (first.data["status"], first.data["outcome"]) == (204, outcome)


async def test_retries_are_immediate_then_thin_out_on_metas_clock(frozen: Stack) -> None:
    """Default schedule: two immediate retries, then 10 s, 30 s, ... after each failure."""
    frozen.callback.down_status = 500
    msg = frozen.sim.send_text(frozen.sim.create_user(), "are you there?")
    await wait_for(frozen.sim, deliveries_of(msg.mid), count=3)  # the first try + 2 at once
    assert len(_attempts(frozen, msg.mid)) == 3  # nothing more until the clock moves
    frozen.sim.clock.advance(10)
    await _next(frozen, lambda e: e.type == "delivery")
    frozen.callback.down_status = None
    frozen.sim.clock.advance(30)
    await _next(frozen, lambda e: e.type == "delivery")
    attempts = _attempts(frozen, msg.mid)
    assert [a.attempt for a in attempts] == [1, 2, 3, 4, 5]
    assert [a.outcome for a in attempts] == ["failed"] * 4 + ["delivered"]
    times = [json.loads(a.body)["entry"][0]["time"] for a in attempts]
    assert times == sorted(times) and times[-1] > times[0]  # a new entry.time each time


async def test_an_hour_of_failures_alerts_at_15_minutes_and_disables_the_webhook(
    frozen: Stack,
) -> None:
    frozen.callback.down_status = 503
    user = frozen.sim.create_user()
    msg = frozen.sim.send_text(user, "hello?")
    await wait_for(frozen.sim, deliveries_of(msg.mid), count=3)
    for _ in range(6):  # an hour, ten minutes at a time: one retry each time
        frozen.sim.clock.advance(600)
        await _next(frozen, lambda e: e.type == "delivery")
    kinds = [a["kind"] for a in frozen.sim.store.alerts]
    assert kinds == ["webhooks_failing", "webhooks_disabled"]
    sub = frozen.sim.store.app.subscription
    assert sub is not None and sub.active is False
    assert frozen.sim.business.subscribed_fields == []  # unsubscribed until re-subscribed
    later = frozen.sim.send_text(user, "anyone?")
    [logged] = _attempts(frozen, later.mid)
    assert logged.outcome == "not_delivered" and "subscription" in (logged.error or "")
    alerts = (await frozen.client.get("/_sim/alerts")).json()
    assert alerts[-1]["kind"] == "webhooks_disabled" and "re-subscribe" in alerts[-1]["reason"]


async def test_a_fast_clock_runs_an_hour_of_outage_in_moments() -> None:
    config = SimulatorConfig(seed=3)
    async for stack in _stack(config, Clock(speed=20_000)):  # an hour in 0.18 s
        stack.callback.down_status = 500
        stack.sim.send_text(stack.sim.create_user(), "hi")
        await wait_for(
            stack.sim, lambda e: e.type == "alert" and e.data["kind"] == "webhooks_disabled"
        )
        assert stack.sim.store.app.subscription.active is False  # type: ignore[union-attr]


async def test_an_outage_of_minutes_loses_nothing(frozen: Stack) -> None:
    """The app is down ten minutes, then back: every message arrives, in the end."""
    frozen.callback.down_status = 502
    user = frozen.sim.create_user()
    sent = [frozen.sim.send_text(user, f"message {i}") for i in range(3)]
    await wait_for(frozen.sim, lambda e: e.type == "delivery", count=9)
    for _ in range(3):  # ten minutes of outage: each message is retried on Meta's schedule
        frozen.sim.clock.advance(200)
        await _next(frozen, lambda e: e.type == "delivery", count=3)
    frozen.callback.down_status = None
    frozen.sim.clock.advance(900)
    done = await _next(frozen, lambda e: e.type == "delivery", count=3)
    assert {e.data["outcome"] for e in done} == {"delivered"}
    delivered = {e["message"]["mid"] for batch in _events(frozen) for e in batch}
    assert {m.mid for m in sent} <= delivered


async def test_batches_carry_several_events_in_one_entry_or_one_entry_each() -> None:
    for entries, expected in (("one", [1]), ("each", [1, 1, 1])):
        config = SimulatorConfig(seed=3, batch_size=3, batch_entries=entries)
        async for stack in _stack(config, Clock(start_ms=START_MS)):
            user = stack.sim.create_user()
            sent = [stack.sim.send_text(user, f"m{i}") for i in range(3)]  # queued together
            await wait_for(stack.sim, deliveries_of(sent[-1].mid))
            [(body, _)] = stack.callback.received
            data = json.loads(body)
            assert len(data["entry"]) == len(expected)
            mids = [e["message"]["mid"] for entry in data["entry"] for e in entry["messaging"]]
            assert mids == [m.mid for m in sent]


async def test_several_posts_go_at_once_with_max_in_flight() -> None:
    config = SimulatorConfig(seed=3, max_in_flight=4)
    async for stack in _stack(config, Clock(start_ms=START_MS)):
        stack.callback.gate = 4
        user = stack.sim.create_user()
        sent = [stack.sim.send_text(user, f"m{i}") for i in range(4)]
        for msg in sent:
            await wait_for(stack.sim, deliveries_of(msg.mid))
        assert stack.callback.max_in_flight == 4


async def test_duplicates_and_reordering_are_seeded_knobs() -> None:
    config = SimulatorConfig(seed=3, duplicate_probability=1.0, reorder_probability=1.0)
    async for stack in _stack(config, Clock(start_ms=START_MS)):
        user = stack.sim.create_user()
        first, second = stack.sim.send_text(user, "first"), stack.sim.send_text(user, "second")
        await wait_for(stack.sim, lambda e: e.type == "delivery", count=4)
        order = [batch[0]["message"]["mid"] for batch in _events(stack)]
        assert order[0] == second.mid  # delivered out of order
        assert order.count(first.mid) >= 2 and order.count(second.mid) >= 2  # and twice


async def test_faults_set_from_the_control_api(frozen: Stack) -> None:
    add = frozen.client.post
    status = await add("/_sim/faults", json={"kind": "status", "value": 503, "count": 1})
    assert status.status_code == 200 and status.json()["kind"] == "status"
    assert (await add("/_sim/faults", json={"kind": "drop", "count": 1})).status_code == 200
    user = frozen.sim.create_user()
    msg = frozen.sim.send_text(user, "through the storm")
    await wait_for(frozen.sim, deliveries_of(msg.mid), count=3)
    attempts = _attempts(frozen, msg.mid)
    assert attempts[0].status == 503 and "fault" in (attempts[0].error or "")
    assert "answer was lost" in (attempts[1].error or "")
    assert attempts[2].outcome == "delivered"
    assert len(frozen.callback.received) == 2  # the 503 never reached the app; the drop did
    listed = (await frozen.client.get("/_sim/faults")).json()["faults"]
    assert listed == []  # both used up


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"kind": "tls", "count": 1}, "https callback"),
        ({"kind": "status", "value": 200, "count": 1}, "not 2xx"),
        ({"kind": "latency", "count": 1}, "milliseconds"),
        ({"kind": "drop"}, "either 'count'"),
        ({"kind": "flood", "count": 1}, "kind must be one of"),
    ],
)
async def test_a_fault_that_cannot_apply_is_refused(frozen: Stack, body: dict, reason: str) -> None:
    answer = await frozen.client.post("/_sim/faults", json=body)
    assert answer.status_code == 400 and reason in answer.json()["error"]["reason"]


async def test_a_fault_window_lasts_seconds_of_metas_clock(frozen: Stack) -> None:
    await frozen.client.post("/_sim/faults", json={"kind": "status", "value": 500, "for_s": 60})
    user = frozen.sim.create_user()
    msg = frozen.sim.send_text(user, "during")
    await wait_for(frozen.sim, deliveries_of(msg.mid), count=3)  # all three tries hit it
    frozen.sim.clock.advance(61)  # the window closes; the next retry (10 s) is due
    await wait_for(frozen.sim, _delivered(msg.mid))
    assert _attempts(frozen, msg.mid)[-1].outcome == "delivered"


async def test_the_clock_speed_is_set_from_the_control_api(frozen: Stack) -> None:
    answer = await frozen.client.post("/_sim/clock/speed", json={"speed": 60})
    assert answer.json()["speed"] == 60
    refused = await frozen.client.post("/_sim/clock/speed", json={"speed": 0})
    assert refused.status_code == 400
