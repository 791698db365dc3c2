"""The event log: monotonically increasing seq, waiters woken without polling."""

from __future__ import annotations

import asyncio
import threading

import pytest

from simulator.events import EventLog

pytestmark = [pytest.mark.anyio, pytest.mark.simulator_only]


async def test_wait_after_wakes_when_an_event_is_appended() -> None:
    log = EventLog()
    log.append("graph.call", {"n": 1})
    waiter = asyncio.create_task(log.wait_after(1, timeout=5))
    await asyncio.sleep(0)  # let the waiter park (a yield, not a timed wait)
    assert not waiter.done()
    log.append("delivery", {"n": 2})
    events = await asyncio.wait_for(waiter, 5)
    assert [(e.seq, e.type) for e in events] == [(2, "delivery")]


async def test_wait_after_returns_existing_events_at_once_and_empty_after_timeout() -> None:
    log = EventLog()
    log.append("thread.message", {})
    assert [e.seq for e in await log.wait_after(0, timeout=5)] == [1]
    assert await log.wait_after(1, timeout=0.01) == []


async def test_types_filter_skips_other_events() -> None:
    log = EventLog()
    log.append("graph.call", {})
    waiter = asyncio.create_task(log.wait_after(0, timeout=5, types=("delivery",)))
    await asyncio.sleep(0)
    assert not waiter.done()
    log.append("delivery", {"x": 1})
    assert [e.type for e in await asyncio.wait_for(waiter, 5)] == ["delivery"]


async def test_append_from_another_thread_wakes_the_loop() -> None:
    log = EventLog()
    waiter = asyncio.create_task(log.wait_after(0, timeout=5))
    await asyncio.sleep(0)
    thread = threading.Thread(target=log.append, args=("thread.unsend", {"mid": "m"}))
    thread.start()
    events = await asyncio.wait_for(waiter, 5)
    thread.join()
    assert events[0].data == {"mid": "m"}


def test_seq_never_goes_back_after_clear_and_types_are_checked() -> None:
    log = EventLog()
    log.append("delivery", {})
    log.clear()
    assert log.after(0) == []
    assert log.append("delivery", {}).seq == 2
    with pytest.raises(ValueError):
        log.append("nonsense", {})
