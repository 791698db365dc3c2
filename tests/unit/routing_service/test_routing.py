"""Routing rules: one open conversation per IGSID, free positions, the queue, contact names."""

from __future__ import annotations

import pytest

from tests.unit.routing_service.conftest import Service

pytestmark = pytest.mark.anyio


async def test_first_message_opens_a_conversation_assigned_to_the_operating_agent(
    agent: Service,
) -> None:
    await agent.message("111", "m1", "Hi, I need help")
    [conversation] = await agent.conversations()
    assert conversation["status"] == "open"
    assert conversation["kind"] == "direct"
    assert conversation["igsid"] == "111"
    assert conversation["messages"][0]["direction"] == "in"
    assert conversation["messages"][0]["text"] == "Hi, I need help"
    me = (await agent.client.get("/api/me")).json()
    assert me["open_conversations"] == 1


async def test_next_message_joins_the_open_conversation(agent: Service) -> None:
    await agent.message("111", "m1", "one")
    await agent.message("111", "m2", "two")
    [conversation] = await agent.conversations()
    assert [m["text"] for m in conversation["messages"]] == ["one", "two"]


async def test_after_end_a_new_message_opens_a_new_conversation(agent: Service) -> None:
    await agent.message("111", "m1", "one")
    [first] = await agent.conversations()
    assert (
        await agent.client.post(f"/api/conversations/{first['id']}/end", json={})
    ).status_code == 200
    await agent.message("111", "m2", "two")
    newest, older = await agent.conversations()  # newest first
    assert older["id"] == first["id"] and older["status"] == "ended"
    assert newest["status"] == "open"
    assert [m["text"] for m in newest["messages"]] == ["two"]


async def test_name_comes_from_the_graph_profile(agent: Service) -> None:
    await agent.message("111", "m1", "hi")
    [conversation] = await agent.conversations()
    assert conversation["contact_name"] == "Ana Souza"
    assert conversation["contact_username"] == "ana.souza"
    [profile_call] = [r for r in agent.graph.requests if r.method == "GET"]
    assert profile_call.url.path == "/v25.0/111"
    assert profile_call.url.params["fields"] == "name,username,profile_pic"
    assert profile_call.headers["Authorization"] == "Bearer IGAA-account-token"


async def test_username_is_the_fallback_when_the_profile_has_no_name(agent: Service) -> None:
    agent.graph.profiles["222"] = {"name": None, "username": "bruno_l"}
    await agent.message("222", "m1", "hi")
    [conversation] = await agent.conversations()
    assert conversation["contact_name"] == "bruno_l"


async def test_profile_failure_falls_back_to_the_igsid_and_keeps_the_message(
    agent: Service,
) -> None:
    agent.graph.profile_error = {
        "message": "User consent is required to access user profile", "code": 230,
    }  # fmt: skip
    await agent.message("333", "m1", "still here")
    [conversation] = await agent.conversations()
    assert conversation["contact_name"] == "333"
    assert conversation["messages"][0]["text"] == "still here"
    # A message after profile_retry_s asks again and picks up the name.
    agent.graph.profile_error = None
    agent.graph.profiles["333"] = {"name": "Carla Dias", "username": "carla"}
    _later(agent, agent.settings.profile_retry_s)
    await agent.message("333", "m2", "again")
    [conversation] = await agent.conversations()
    assert conversation["contact_name"] == "Carla Dias"


def _later(service: Service, seconds: float) -> None:
    """The service's clock, ``seconds`` on."""
    before = service.router.clock
    service.router.clock = lambda: before() + int(seconds * 1000)


async def test_profiles_are_cached_and_so_are_failures(agent: Service) -> None:
    """A Graph outage costs one profile read per sender per profile_retry_s, not one per
    message; a known name is reused for profile_ttl_s."""
    agent.graph.profile_error = {"message": "(#2) Service temporarily unavailable", "code": 2}
    for i in range(5):
        await agent.message("333", f"m{i}", "hello?")
    lookups = lambda: [r.url.path for r in agent.graph.requests if r.method == "GET"]  # noqa: E731
    assert lookups() == ["/v25.0/333"]
    agent.graph.profile_error = None
    agent.graph.profiles["333"] = {"name": "Carla Dias", "username": "carla"}
    _later(agent, agent.settings.profile_retry_s)
    await agent.message("333", "m5", "still there?")
    await agent.message("333", "m6", "ok")
    assert lookups() == ["/v25.0/333"] * 2
    _later(agent, agent.settings.profile_ttl_s)
    await agent.message("333", "m7", "a day later")
    assert lookups() == ["/v25.0/333"] * 3


async def test_a_failed_profile_is_retried_on_a_later_message_without_duplicates(
    agent: Service,
) -> None:
    agent.graph.profile_error = {"message": "(#2) Service temporarily unavailable", "code": 2}
    await agent.message("333", "m1", "first")
    await agent.message("333", "m1", "first")  # Meta redelivers: no second lookup, no copy
    agent.graph.profile_error = None
    agent.graph.profiles["333"] = {"name": "Carla Dias", "username": "carla"}
    _later(agent, agent.settings.profile_retry_s)
    await agent.message("333", "m2", "second")
    await agent.message("333", "m3", "third")  # known now: not looked up again
    [conversation] = await agent.conversations()
    assert conversation["contact_name"] == "Carla Dias"
    assert [m["mid"] for m in conversation["messages"]] == ["m1", "m2", "m3"]
    lookups = [r for r in agent.graph.requests if r.method == "GET"]
    assert [r.url.path for r in lookups] == ["/v25.0/333", "/v25.0/333"]
    events, _ = await agent.router.bus.wait_after(0, 0)
    created = [e for e in events if e.type == "conversation.created"]
    assert [e.data["conversation"]["contact_name"] for e in created] == ["333"]
    messages = [e.data for e in events if e.type == "message.created"]
    assert [(d["message"]["mid"], d["conversation"]["contact_name"]) for d in messages] == [
        ("m2", "Carla Dias"),
        ("m3", "Carla Dias"),
    ]  # the console renames the chat with the next message


async def test_paused_agent_gets_nothing_until_operating(service: Service) -> None:
    await service.login()
    await service.message("111", "m1", "anyone there?")
    assert await service.conversations() == []  # paused (the initial status): queued
    await service.set_status("operating")
    [conversation] = await service.conversations()
    assert conversation["messages"][0]["text"] == "anyone there?"


async def test_ninth_conversation_waits_until_end_frees_a_position(agent: Service) -> None:
    for n in range(1, 10):
        await agent.message(f"10{n}", f"m{n}", f"hello {n}")
    conversations = await agent.conversations()
    assert len(conversations) == 8
    assert "109" not in {c["igsid"] for c in conversations}
    me = (await agent.client.get("/api/me")).json()
    assert me["positions"] == 8 and me["open_conversations"] == 8
    oldest = conversations[-1]
    ended = await agent.client.post(f"/api/conversations/{oldest['id']}/end", json={})
    assert ended.status_code == 200
    conversations = await agent.conversations()
    waiting = [c for c in conversations if c["igsid"] == "109"]
    assert len(waiting) == 1 and waiting[0]["status"] == "open"
    assert waiting[0]["messages"][0]["text"] == "hello 9"
    assert (await agent.client.get("/api/me")).json()["open_conversations"] == 8


async def test_positions_setting_limits_simultaneous_conversations(make_service) -> None:
    async with make_service(positions=1) as service:
        await service.login()
        await service.set_status("ready")
        await service.message("111", "m1", "first")
        await service.message("222", "m2", "second")
        assert [c["igsid"] for c in await service.conversations()] == ["111"]


async def test_fewest_open_first_between_two_agents(make_service) -> None:
    from routing_service.auth import hash_password

    async with make_service() as service:
        store = service.router.store
        other = store.upsert_agent("bea", "Bea Agent", hash_password("pw"))
        store.set_status(other.id, "operating", 0)
        await service.login()
        await service.set_status("operating")
        for n in range(4):
            await service.message(f"20{n}", f"m{n}", "hi")
        mine = await service.conversations()
        assert len(mine) == 2
        assert store.open_count(other.id) == 2


async def test_late_redelivery_after_end_does_not_reopen(agent: Service) -> None:
    await agent.message("111", "m1", "one")
    [conversation] = await agent.conversations()
    await agent.client.post(f"/api/conversations/{conversation['id']}/end", json={})
    await agent.message("111", "m1", "one")  # Meta retried a delivery it thought had failed
    [only] = await agent.conversations()
    assert only["status"] == "ended"
    assert agent.router.store.next_queued() is None
