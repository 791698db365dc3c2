"""Messages are listed in Meta's order: ``meta_timestamp``, then arrival [GS][MPWH].

After failures Meta delivers out of order; replies are stamped with Meta's estimated time
until their echo brings Meta's own ``timestamp``. The service's clock is set far off so that
only Meta's clock can give the order.
"""

from __future__ import annotations

from typing import Any

import pytest

from routing_service.models import iso
from tests.unit.routing_service.conftest import IG_ID, Service, text_event

pytestmark = pytest.mark.anyio

T = 1_718_000_000_000  # Meta's clock when the user writes
DAY = 86_400_000


def _delivery(meta_now: int, *events: dict[str, Any]) -> dict[str, Any]:
    return {"object": "instagram", "entry": [{"id": IG_ID, "time": meta_now, "messaging": events}]}


def _echo(mid: str, text: str, ts: int) -> dict[str, Any]:
    return {
        "sender": {"id": IG_ID},
        "recipient": {"id": "111"},
        "timestamp": ts,
        "message": {"mid": mid, "text": text, "is_echo": True},
    }


async def _user_writes(agent: Service, mid: str, text: str, ts: int, *, sent: int = 0) -> None:
    """Meta POSTs the user's message (written at ``ts``) at ``sent`` (default: at once)."""
    body = _delivery(sent or ts, text_event("111", mid, text, ts=ts))
    assert (await agent.webhook(body)).status_code == 200


async def _texts(agent: Service) -> list[str]:
    [conversation] = await agent.conversations()
    one = (await agent.client.get(f"/api/conversations/{conversation['id']}")).json()
    assert one["messages"] == conversation["messages"]
    return [m["text"] for m in one["messages"]]


async def _events_after(agent: Service, seq: int) -> list[dict[str, Any]]:
    body = (await agent.client.get("/api/events", params={"after": seq, "timeout": 0})).json()
    return body["events"]


@pytest.fixture
def agent_far_off(agent: Service) -> Service:
    agent.router.clock = lambda: T + 10 * DAY  # the service's own clock does not count
    return agent


async def test_messages_delivered_newest_first_show_oldest_first(agent_far_off: Service) -> None:
    await _user_writes(agent_far_off, "m2", "second", T + 1000)
    await _user_writes(agent_far_off, "m1", "first", T, sent=T + 5000)  # retried later
    assert await _texts(agent_far_off) == ["first", "second"]
    [conversation] = await agent_far_off.conversations()
    stamps = [m["meta_timestamp"] for m in conversation["messages"]]
    assert stamps == [iso(T), iso(T + 1000)]


async def test_equal_timestamps_keep_arrival_order(agent_far_off: Service) -> None:
    for mid, text in (("mb", "b"), ("ma", "a"), ("mc", "c")):
        await _user_writes(agent_far_off, mid, text, T)
    assert await _texts(agent_far_off) == ["b", "a", "c"]


async def test_a_redelivered_old_message_does_not_jump(agent_far_off: Service) -> None:
    await _user_writes(agent_far_off, "m1", "first", T)
    await _user_writes(agent_far_off, "m2", "second", T + 1000)
    seq = (await _events_after(agent_far_off, 0))[-1]["seq"]
    await _user_writes(agent_far_off, "m1", "first", T, sent=T + 60_000)  # Meta's redelivery
    assert await _texts(agent_far_off) == ["first", "second"]
    assert await _events_after(agent_far_off, seq) == []


async def test_a_reply_takes_its_echos_timestamp(agent_far_off: Service) -> None:
    await _user_writes(agent_far_off, "m1", "hi", T)
    [conversation] = await agent_far_off.conversations()
    url = f"/api/conversations/{conversation['id']}/messages"
    reply = (await agent_far_off.client.post(url, json={"text": "Hello!"})).json()
    assert reply["meta_timestamp"] == iso(T)  # estimated from entry.time, not our clock
    await _user_writes(agent_far_off, "m2", "are you there?", T + 3000)
    assert await _texts(agent_far_off) == ["hi", "Hello!", "are you there?"]
    seq = (await _events_after(agent_far_off, 0))[-1]["seq"]
    echo = _echo(reply["mid"], "Hello!", T + 5000)  # Meta stamped the reply later
    assert (await agent_far_off.webhook(_delivery(T + 5000, echo))).status_code == 200
    assert await _texts(agent_far_off) == ["hi", "are you there?", "Hello!"]
    [updated] = await _events_after(agent_far_off, seq)
    assert updated["type"] == "message.updated"
    assert updated["data"]["conversation_id"] == conversation["id"]
    assert updated["data"]["message"]["id"] == reply["id"]
    assert updated["data"]["message"]["meta_timestamp"] == iso(T + 5000)
    assert (await agent_far_off.webhook(_delivery(T + 9000, echo))).status_code == 200
    assert await _events_after(agent_far_off, updated["seq"]) == []  # redelivered echo: no-op


async def test_an_echo_never_moves_an_incoming_message(agent_far_off: Service) -> None:
    await _user_writes(agent_far_off, "m1", "first", T)
    await _user_writes(agent_far_off, "m2", "second", T + 1000)
    forged = _echo("m1", "first", T + 9000)
    assert (await agent_far_off.webhook(_delivery(T + 9000, forged))).status_code == 200
    assert await _texts(agent_far_off) == ["first", "second"]


async def test_an_echo_from_another_tool_is_placed_by_its_timestamp(
    agent_far_off: Service,
) -> None:
    await _user_writes(agent_far_off, "m2", "second", T + 2000)
    echo = _echo("m_other", "from the other tool", T + 1000)
    assert (await agent_far_off.webhook(_delivery(T + 2500, echo))).status_code == 200
    await _user_writes(agent_far_off, "m1", "first", T, sent=T + 3000)
    assert await _texts(agent_far_off) == ["first", "from the other tool", "second"]
