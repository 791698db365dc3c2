"""Each retry Meta schedules is announced on the event feed with its due time on Meta's clock,
so a harness can move the clock from one retry to the next instead of waiting [MPWH]."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from simulator.clock import Clock
from simulator.config import SimulatorConfig
from simulator.events import Event
from tests.unit.simulator.conftest import START_MS, Stack, deliveries_of, open_stack, wait_for

pytestmark = [pytest.mark.anyio, pytest.mark.simulator_only]


@pytest.fixture
async def frozen() -> AsyncIterator[Stack]:
    config = SimulatorConfig(seed=3, retry_delays_s=(0, 10, 30))
    async for stack in open_stack(config, Clock(start_ms=START_MS)):
        await stack.subscribe()
        yield stack


def _retries(mid: str) -> Callable[[Event], bool]:
    return lambda e: e.type == "delivery.retry" and mid in e.data["mids"]


async def test_each_retry_is_announced_with_its_due_time(frozen: Stack) -> None:
    frozen.callback.down_status = 503
    msg = frozen.sim.send_text(frozen.sim.create_user(), "are you there?")
    immediate, later = await wait_for(frozen.sim, _retries(msg.mid), count=2)
    assert immediate.data == {
        "mids": [msg.mid], "attempt": 2, "at": START_MS, "due_ms": START_MS, "duplicate": False
    }  # fmt: skip
    assert (later.data["attempt"], later.data["due_ms"]) == (3, START_MS + 10_000)
    frozen.callback.down_status = None
    frozen.sim.clock.advance(10)
    delivered = await wait_for(frozen.sim, deliveries_of(msg.mid), count=3)
    assert [e.data["outcome"] for e in delivered] == ["failed", "failed", "delivered"]
    assert len(await wait_for(frozen.sim, _retries(msg.mid), count=2)) == 2  # none after success
