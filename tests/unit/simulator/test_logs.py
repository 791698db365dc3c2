"""The simulator's logs keep the newest entries: memory and cost stay flat over a long run."""

from __future__ import annotations

import tracemalloc
from typing import Any

import httpx
import pytest

from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.events import EventLog
from simulator.service import Simulator
from simulator.state.logs import BoundedList

pytestmark = pytest.mark.simulator_only


def test_a_bounded_list_keeps_the_newest_and_counts_what_it_dropped() -> None:
    log: BoundedList[int] = BoundedList(3)
    for i in range(10):
        log.append(i)
    assert list(log)[-3:] == [7, 8, 9] and len(log) <= 6
    assert log.dropped + len(log) == 10
    with pytest.raises(ValueError):
        BoundedList(0)


def test_the_event_log_reads_after_a_seq_without_scanning_its_past() -> None:
    log = EventLog(limit=100)
    for i in range(5_000):
        log.append("graph.call", {"i": i})
    assert log.last_seq == 5_000
    [newest] = log.after(4_999)
    assert newest.data == {"i": 4_999}
    kept = log.after(0)
    assert 100 <= len(kept) <= 200 and kept[-1].seq == 5_000
    assert [e.seq for e in kept] == list(range(kept[0].seq, 5_001))  # contiguous, no gaps


def test_a_long_run_keeps_only_the_newest_deliveries_and_graph_calls() -> None:
    sim = Simulator(SimulatorConfig(seed=1, log_limit=50))
    user = sim.create_user()
    for i in range(400):  # no subscription: each one is a not_delivered entry
        sim.send_text(user, f"hi {i}")
    assert len(sim.deliveries.all()) <= 100
    assert sim.deliveries.all()[-1].event_mids == [sim.thread(user)[-1].mid]
    assert sim.last_user_message_ms(user) == sim.thread(user)[-1].timestamp


def test_memory_stays_flat_over_a_million_events() -> None:
    """Issue 7: event and delivery logs bounded so memory stays flat over a million events."""
    log = EventLog(limit=1_000)
    data = {"igsid": "1", "mid": "m"}
    for _ in range(900_000):
        log.append("thread.message", data)
    tracemalloc.start()  # what the last 100k appends leave behind, once the ring is full
    try:
        for _ in range(100_000):
            log.append("thread.message", data)
        grown, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert log.last_seq == 1_000_000 and len(log.after(0)) <= 2_000
    assert grown < 512_000, f"{grown} bytes more after the last 100k of 1M events"


async def _pages(client: httpx.AsyncClient, path: str, size: int) -> list[dict[str, Any]]:
    """Every entry of a paged log, walking ``X-Next-After`` (bounded: 1000 pages at most)."""
    seen: list[dict[str, Any]] = []
    after = 0
    for _ in range(1_000):
        page = await client.get(path, params={"after": after, "limit": size})
        seen += page.json()
        if not page.json():
            return seen
        after = int(page.headers["x-next-after"])
    raise AssertionError("the pages never ended")


@pytest.mark.anyio
async def test_the_delivery_and_graph_call_logs_are_read_in_pages() -> None:
    app = create_app(SimulatorConfig(seed=1, log_limit=5))
    sim = app.state.sim
    user = sim.create_user()
    for i in range(23):  # no subscription: each one is a not_delivered entry
        sim.send_text(user, f"hi {i}")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
        whole = await client.get("/_sim/deliveries")
        total, dropped = int(whole.headers["x-total-count"]), int(whole.headers["x-dropped"])
        assert total == 23 and dropped > 0 and len(whole.json()) == total - dropped
        paged = await _pages(client, "/_sim/deliveries", 2)
        assert [d["id"] for d in paged] == [d["id"] for d in whole.json()]
        newest = await client.get("/_sim/deliveries", params={"last": 2})
        assert [d["event_mids"] for d in newest.json()] == [[m.mid] for m in sim.thread(user)[-2:]]
        calls = await client.get("/_sim/graph_calls", params={"last": 1})
        assert calls.status_code == 200 and calls.headers["x-total-count"] == "0"
        bad = await client.get("/_sim/deliveries", params={"limit": "-1"})
        assert bad.status_code == 400


@pytest.mark.anyio
async def test_events_are_read_in_pages_that_resume_where_they_stopped() -> None:
    app = create_app(SimulatorConfig(seed=1))
    sim = app.state.sim
    user = sim.create_user()
    for i in range(7):
        sim.send_text(user, f"hi {i}")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
        texts, after = [], 0
        for _ in range(10):
            page = (
                await client.get(
                    "/_sim/events", params={"after": after, "limit": 3, "types": "thread.message"}
                )
            ).json()
            if not page["events"]:
                break
            texts += [e["data"]["text"] for e in page["events"]]
            after = page["last_seq"]
    assert texts == [f"hi {i}" for i in range(7)]
