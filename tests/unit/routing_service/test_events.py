"""The event bus and ``GET /api/events``: waiters wake on publish, each agent sees its own."""

from __future__ import annotations

import anyio
import pytest

from routing_service.events import EventBus
from tests.unit.routing_service.conftest import IG_ID, Service

pytestmark = pytest.mark.anyio


async def test_wait_after_wakes_on_publish() -> None:
    bus = EventBus()
    results: list = []

    async def waiter() -> None:
        results.append(await bus.wait_after(0, timeout=30))

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(waiter)
            await anyio.wait_all_tasks_blocked()
            await bus.publish("status.changed", {"status": "ready"}, agent_id=1)
    [(events, last_seq)] = results
    assert [(e.seq, e.type) for e in events] == [(1, "status.changed")]
    assert last_seq == 1


async def test_wait_after_times_out_empty_and_filters_other_agents() -> None:
    bus = EventBus()
    await bus.publish("message.created", {}, agent_id=2)
    events, last_seq = await bus.wait_after(0, timeout=0, accept=lambda e: e.agent_id == 1)
    assert events == []
    assert last_seq == 1  # the caller continues after the other agent's event


async def test_sequence_numbers_increase_and_a_stale_cursor_restarts() -> None:
    bus = EventBus()
    for n in range(3):
        await bus.publish("t", {"n": n}, agent_id=1)
    events, _ = await bus.wait_after(1, timeout=0)
    assert [e.seq for e in events] == [2, 3]
    events, last = await bus.wait_after(99, timeout=0)  # from an earlier process
    assert events == [] and last == 3


async def test_close_wakes_waiters() -> None:
    bus = EventBus()
    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(bus.wait_after, 0, 30)
            await anyio.wait_all_tasks_blocked()
            await bus.close()


async def test_long_poll_wakes_on_a_new_conversation(agent: Service) -> None:
    start = (await agent.client.get("/api/events", params={"timeout": 0})).json()
    responses: list = []

    async def poll() -> None:
        params = {"after": start["last_seq"], "timeout": 30}
        responses.append(await agent.client.get("/api/events", params=params))

    with anyio.fail_after(10):
        async with anyio.create_task_group() as tg:
            tg.start_soon(poll)
            await anyio.wait_all_tasks_blocked()
            await agent.message("111", "m1", "Hi there")
    [response] = responses
    body = response.json()
    [event] = body["events"]
    assert event["type"] == "conversation.created"
    assert event["data"]["conversation"]["contact_name"] == "Ana Souza"
    assert event["data"]["conversation"]["messages"][0]["text"] == "Hi there"
    # the console shows this as its browser notification; drivers read it, never copy it
    assert event["data"]["notification"] == {
        "title": "New Instagram conversation",
        "body": "Ana Souza: Hi there",
    }
    assert body["last_seq"] == event["seq"] > start["last_seq"]


async def test_events_follow_the_conversation(agent: Service) -> None:
    start = (await agent.client.get("/api/events", params={"timeout": 0})).json()["last_seq"]
    await agent.message("111", "m1", "one")
    await agent.message("111", "m2", "two")
    [conversation] = await agent.conversations()
    unsend = {"object": "instagram", "entry": [{"id": IG_ID, "time": 1, "messaging": [{
        "sender": {"id": "111"}, "recipient": {"id": IG_ID}, "timestamp": 2,
        "message": {"mid": "m2", "is_deleted": True}}]}]}  # fmt: skip
    await agent.webhook(unsend)
    await agent.client.post(f"/api/conversations/{conversation['id']}/end", json={})
    await agent.set_status("paused")
    body = (await agent.client.get("/api/events", params={"after": start, "timeout": 0})).json()
    assert [e["type"] for e in body["events"]] == [
        "conversation.created",
        "message.created",
        "message.deleted",
        "conversation.ended",
        "status.changed",
    ]
    deleted = body["events"][2]["data"]
    assert deleted["conversation_id"] == conversation["id"]
    assert deleted["message"]["display_text"] == "Message deleted"
    assert body["events"][4]["data"]["status"] == "paused"


async def test_queued_conversation_is_announced_when_assigned(service: Service) -> None:
    await service.login()
    await service.message("111", "m1", "waiting")  # paused: queued; told how many wait
    quiet = (await service.client.get("/api/events", params={"timeout": 0})).json()
    assert [(e["type"], e["data"]) for e in quiet["events"]] == [("queue.changed", {"queued": 1})]
    assert (await service.client.get("/api/me")).json()["queued"] == 1
    await service.set_status("operating")
    after = {"after": quiet["last_seq"], "timeout": 0}
    events = (await service.client.get("/api/events", params=after)).json()["events"]
    types = ["status.changed", "conversation.created", "queue.changed"]
    assert [e["type"] for e in events] == types
    assert events[-1]["data"] == {"queued": 0}
