"""Per-contact locks: inbound messages of one IGSID in turn, and no lock kept once idle."""

from __future__ import annotations

import anyio
import pytest

from routing_service.graph_client import Profile
from routing_service.locks import KeyedLocks
from routing_service.webhook_events import Inbound
from tests.unit.routing_service.conftest import Service

pytestmark = pytest.mark.anyio


async def test_a_lock_is_dropped_once_nobody_holds_or_waits() -> None:
    locks = KeyedLocks()
    order: list[str] = []
    first_in = anyio.Event()
    release = anyio.Event()

    async def first() -> None:
        async with locks.hold("111"):
            first_in.set()
            await release.wait()
            order.append("first")

    async def second() -> None:
        await first_in.wait()
        async with locks.hold("111"):
            order.append("second")

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(first)
            tg.start_soon(second)
            await anyio.wait_all_tasks_blocked()
            assert len(locks) == 1  # one holder, one waiter, one lock
            release.set()
    assert order == ["first", "second"]
    assert len(locks) == 0


async def test_a_waiter_cancelled_leaves_no_lock_behind() -> None:
    locks = KeyedLocks()
    with anyio.fail_after(5):
        async with locks.hold("111"), anyio.create_task_group() as tg:

            async def waiter() -> None:
                async with locks.hold("111"):
                    pytest.fail("the holder never let go")

            tg.start_soon(waiter)
            await anyio.wait_all_tasks_blocked()
            tg.cancel_scope.cancel()
    assert len(locks) == 0


async def test_messages_of_one_new_contact_open_one_conversation_and_leave_no_lock(
    agent: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    router = agent.router
    lookup_started = anyio.Event()
    profile_ready = anyio.Event()

    async def slow_profile(igsid: str) -> Profile:
        lookup_started.set()
        await profile_ready.wait()
        return Profile(igsid, "Ana Souza", "ana.souza", None)

    monkeypatch.setattr(router.graph, "get_profile", slow_profile)
    events = [Inbound("111", f"m{n}", 1_718_000_000_000 + n, f"hello {n}") for n in range(3)]
    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            for event in events:
                tg.start_soon(router.on_inbound, event)
            await lookup_started.wait()
            await anyio.wait_all_tasks_blocked()
            assert len(router._contact_locks) == 1
            profile_ready.set()
    [conversation] = await agent.conversations()
    assert [m["text"] for m in conversation["messages"]] == ["hello 0", "hello 1", "hello 2"]
    assert len(router._contact_locks) == 0
    for n in range(20):  # many contacts, and still nothing kept
        await agent.message(f"9{n}", f"x{n}", "hi")
    assert len(router._contact_locks) == 0
