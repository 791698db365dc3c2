"""Several agents (issue 8, item 4): configured by an admin, routed fewest-open-chats first
within their positions, a queue in arrival order, a returning user's chat staying with its
agent, logged-out agents given nothing, and a transfer from one agent to another."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from routing_service.auth import hash_password
from routing_service.config_file import AgentSpec
from tests.unit.routing_service.conftest import Service, ServiceFactory, form_token

pytestmark = pytest.mark.anyio

PASSWORD = "correct horse"


@asynccontextmanager
async def _agent_client(service: Service, login: str) -> AsyncIterator[httpx.AsyncClient]:
    """Another agent's browser: its own cookies, the same running service."""
    transport = httpx.ASGITransport(app=service.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://contact-center.test") as c:
        form = {"login": login, "password": PASSWORD,
                "csrf_token": form_token((await c.get("/login")).text)}  # fmt: skip
        assert (await c.post("/login", data=form)).status_code == 303
        yield c


async def _status(client: httpx.AsyncClient, status: str) -> None:
    assert (await client.put("/api/me/status", json={"status": status})).status_code == 200


async def _mine(client: httpx.AsyncClient) -> list[str]:
    return sorted(c["igsid"] for c in (await client.get("/api/conversations")).json())


def _team(service: Service, **positions: int) -> None:
    for login, count in positions.items():
        service.router.store.upsert_agent(login, login.title(), hash_password(PASSWORD), count)


async def test_new_chats_go_to_whoever_has_the_fewest_open(service: Service) -> None:
    _team(service, bea=8, caio=8)
    async with _agent_client(service, "bea") as bea, _agent_client(service, "caio") as caio:
        await _status(bea, "operating")
        await service.message("101", "m1", "first")  # only Bea is available
        await _status(caio, "ready")  # Ready also takes chats
        for i in range(2, 5):
            await service.message(f"10{i}", f"m{i}", "next")
        assert (len(await _mine(bea)), len(await _mine(caio))) == (2, 2)


async def test_each_agent_holds_at_most_their_positions_and_the_rest_queue_in_order(
    service: Service,
) -> None:
    _team(service, bea=1)
    async with _agent_client(service, "bea") as bea:
        for i in range(1, 4):  # nobody available yet: all three wait, oldest first
            await service.message(f"20{i}", f"m{i}", "hello")
        await _status(bea, "operating")
        assert await _mine(bea) == ["201"]
        me = (await bea.get("/api/me")).json()
        assert (me["positions"], me["open_conversations"]) == (1, 1)
        [chat] = (await bea.get("/api/conversations")).json()
        assert (await bea.post(f"/api/conversations/{chat['id']}/end", json={})).is_success
        assert await _mine(bea) == ["201", "202"]  # the next oldest, not the newest


async def test_a_returning_users_open_chat_stays_with_its_agent(service: Service) -> None:
    _team(service, bea=8, caio=8)
    async with _agent_client(service, "bea") as bea, _agent_client(service, "caio") as caio:
        await _status(bea, "operating")
        await service.message("301", "m1", "hi")
        await service.message("302", "m2", "hi")
        await _status(caio, "operating")  # Caio has none: he would be next for a new chat
        await service.message("301", "m3", "it's me again")
        assert await _mine(bea) == ["301", "302"] and await _mine(caio) == []


async def test_logged_out_agents_get_nothing_and_come_back_paused(service: Service) -> None:
    _team(service, bea=8)
    async with _agent_client(service, "bea") as bea:
        await _status(bea, "operating")
        assert (
            await bea.post(
                "/logout", data={"csrf_token": form_token((await bea.get("/console")).text)}
            )
        ).is_redirect
    assert service.router.store.agent_by_login("bea").status == "offline"  # type: ignore[union-attr]
    await service.message("401", "m1", "anyone?")
    assert service.router.store.next_queued() is not None  # waiting, not given to Bea
    async with _agent_client(service, "bea") as bea:
        assert (await bea.get("/api/me")).json()["status"] == "paused"
        assert await _mine(bea) == []
        await _status(bea, "operating")
        assert await _mine(bea) == ["401"]


async def test_a_chat_is_transferred_to_an_available_colleague(service: Service) -> None:
    _team(service, bea=8, caio=8)
    async with _agent_client(service, "bea") as bea, _agent_client(service, "caio") as caio:
        await _status(bea, "operating")
        await service.message("501", "m1", "I need the billing team")
        [chat] = (await bea.get("/api/conversations")).json()
        listed = {a["login"]: a for a in (await bea.get("/api/agents")).json()}
        assert listed["caio"]["can_take"] is False and "bea" not in listed  # Caio is paused
        refused = await bea.post(f"/api/conversations/{chat['id']}/transfer", json={"to": "caio"})
        assert refused.status_code == 409 and "paused" in refused.json()["error"]["reason"]
        await _status(caio, "operating")
        start = service.router.bus.last_seq
        moved = await bea.post(f"/api/conversations/{chat['id']}/transfer", json={"to": "caio"})
        assert moved.status_code == 200, moved.text
        assert await _mine(bea) == [] and await _mine(caio) == ["501"]
        events, _ = await service.router.bus.wait_after(start, 0)
        kinds = {(e.type, e.agent_id) for e in events}
        ids = {a.login: a.id for a in service.router.store.agents()}
        assert ("conversation.transferred", ids["bea"]) in kinds
        assert ("conversation.created", ids["caio"]) in kinds
        created = next(e for e in events if e.type == "conversation.created")
        assert created.data["notification"]["body"] == "501, from Bea"
        await service.message("501", "m2", "thanks")  # the user's next message follows the chat
        assert await _mine(caio) == ["501"]


@pytest.mark.parametrize(
    ("to", "status", "reason"),
    [("nobody", 422, "no other agent"), ("agent", 422, "no other agent"),
     ("", 422, "'to' must be")],
)  # fmt: skip
async def test_a_transfer_that_cannot_happen_says_why(
    agent: Service, to: str, status: int, reason: str
) -> None:
    await agent.message("601", "m1", "hi")
    [chat] = await agent.conversations()
    answer = await agent.client.post(f"/api/conversations/{chat['id']}/transfer", json={"to": to})
    assert answer.status_code == status and reason in answer.json()["error"]["reason"]
    assert len(await agent.conversations()) == 1


async def test_a_colleague_without_a_free_position_cannot_take_a_transfer(
    service: Service,
) -> None:
    _team(service, bea=8, caio=1)
    async with _agent_client(service, "bea") as bea, _agent_client(service, "caio") as caio:
        await _status(caio, "operating")
        await service.message("701", "m1", "for Caio")
        await _status(bea, "operating")
        await service.message("702", "m2", "for Bea")
        chat = next(c for c in (await bea.get("/api/conversations")).json() if c["igsid"] == "702")
        full = await bea.post(f"/api/conversations/{chat['id']}/transfer", json={"to": "caio"})
        assert full.status_code == 409 and "no free position" in full.json()["error"]["reason"]


async def test_removing_an_agent_puts_its_open_chats_back_in_the_queue(service: Service) -> None:
    _team(service, bea=8)
    async with _agent_client(service, "bea") as bea:
        await _status(bea, "operating")
        await service.message("801", "m1", "hi")
        assert service.router.store.remove_agent("bea", 1)
        assert (await bea.get("/api/me")).status_code == 401  # its sessions ended
    assert service.router.store.next_queued() is not None
    await service.login()
    await service.set_status("operating")
    assert [c["igsid"] for c in await service.conversations()] == ["801"]


async def test_agents_from_routing_toml_are_created_at_start(make_service: ServiceFactory) -> None:
    specs = (AgentSpec("dora", "Dora Agent", hash_password(PASSWORD), 3),)
    async with make_service(agents=specs) as service:
        dora = service.router.store.agent_by_login("dora")
        assert dora is not None and (dora.name, dora.positions) == ("Dora Agent", 3)
        async with _agent_client(service, "dora") as client:
            assert (await client.get("/api/me")).json()["positions"] == 3
