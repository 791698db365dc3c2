"""The agent's JSON API and pages: login, 401s, bad input, sending and Meta's refusals."""

from __future__ import annotations

import httpx
import pytest

from routing_service.outbound import WINDOW_CLOSED
from tests.unit.routing_service.conftest import Service

pytestmark = pytest.mark.anyio

HOUR_MS = 3_600_000

JSON = {"Content-Type": "application/json"}
API_CALLS = [
    ("GET", "/api/me", None),
    ("PUT", "/api/me/status", {"status": "operating"}),
    ("GET", "/api/conversations", None),
    ("GET", "/api/conversations/1", None),
    ("POST", "/api/conversations/1/messages", {"text": "hi"}),
    ("POST", "/api/conversations/1/end", {}),
    ("GET", "/api/events?timeout=0", None),
    ("GET", "/events", None),
]


@pytest.mark.parametrize(("method", "url", "body"), API_CALLS)
async def test_login_required(service: Service, method: str, url: str, body) -> None:
    response = await service.client.request(method, url, json=body)
    assert response.status_code == 401
    assert response.json() == {"error": {"reason": "login required"}}


async def test_console_redirects_to_login_when_logged_out(service: Service) -> None:
    response = await service.client.get("/console")
    assert response.status_code == 303
    assert response.headers["location"] == "/login"


@pytest.mark.parametrize(
    "form", [{"login": "agent", "password": "wrong"}, {"login": "nobody", "password": "Aa123*"}, {}]
)
async def test_wrong_credentials_get_401_page(service: Service, form: dict) -> None:
    response = await service.post_login(**form)
    assert response.status_code == 401
    assert "Invalid login or password" in response.text
    assert (await service.client.get("/api/me")).status_code == 401


async def test_login_opens_the_console_with_the_agent_paused(service: Service) -> None:
    response = await service.post_login(login="agent", password="Aa123*")
    assert response.status_code == 303
    assert response.headers["location"] == "/console"
    me = (await service.client.get("/api/me")).json()
    assert me == {
        "login": "agent",
        "name": "Alex Agent",
        "status": "paused",
        "positions": 8,
        "open_conversations": 0,
        "queued": 0,
    }
    page = await service.client.get("/console")
    assert page.status_code == 200 and "Alex Agent" in page.text


async def test_logout_ends_the_session(service: Service) -> None:
    await service.login()
    assert (await service.logout()).status_code == 303
    assert (await service.client.get("/api/me")).status_code == 401


async def test_status_change_is_reported(agent: Service) -> None:
    assert (await agent.set_status("ready"))["status"] == "ready"
    assert (await agent.client.get("/api/me")).json()["status"] == "ready"


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status"),
    [
        ("PUT", "/api/me/status", {"json": {"status": "away"}}, 422),
        ("PUT", "/api/me/status", {"json": {"status": 3}}, 422),
        ("PUT", "/api/me/status", {"content": b"{oops", "headers": JSON}, 400),
        ("PUT", "/api/me/status", {"json": ["operating"]}, 400),
        ("GET", "/api/conversations/999", {}, 404),
        ("GET", "/api/conversations/abc", {}, 404),
        ("POST", "/api/conversations/999/end", {"json": {}}, 404),
        ("POST", "/api/conversations/999/messages", {"json": {"text": "x"}}, 404),
        ("GET", "/api/events?after=x", {}, 400),
        ("GET", "/api/events?timeout=-1", {}, 400),
        ("GET", "/api/events?timeout=1e9", {}, 400),
        ("DELETE", "/api/me", {"json": {}}, 405),
    ],
)
async def test_bad_input_gets_a_4xx_with_a_reason(
    agent: Service, method: str, url: str, kwargs: dict, status: int
) -> None:
    response = await agent.client.request(method, url, **kwargs)
    assert response.status_code == status
    assert isinstance(response.json()["error"]["reason"], str)


async def _open_conversation(agent: Service, **kw) -> str:
    await agent.message("111", "m_in", "hi", **kw)
    [conversation] = await agent.conversations()
    return conversation["id"]


async def test_send_goes_through_the_send_api(agent: Service) -> None:
    conversation_id = await _open_conversation(agent)
    response = await agent.client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "Hello, Ana!"}
    )
    assert response.status_code == 201
    assert response.json()["direction"] == "out"
    assert response.json()["mid"] == "m_out_1"
    [sent] = [r for r in agent.graph.requests if r.method == "POST"]
    assert sent.url == "http://graph.test/v25.0/me/messages"
    assert sent.headers["Authorization"] == "Bearer IGAA-account-token"
    assert agent.graph.sends() == [{"recipient": {"id": "111"}, "message": {"text": "Hello, Ana!"}}]


@pytest.mark.parametrize(
    ("text", "reason_part"), [("", "Type a message"), ("  ", "Type a message"), ("é" * 501, "1000")]
)
async def test_invalid_text_is_422_and_meta_is_not_called(
    agent: Service, text: str, reason_part: str
) -> None:
    conversation_id = await _open_conversation(agent)
    response = await agent.client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": text}
    )
    assert response.status_code == 422
    assert reason_part in response.json()["error"]["reason"]
    assert agent.graph.sends() == []


async def test_send_outside_the_window_is_409_with_the_reason(agent: Service) -> None:
    conversation_id = await _open_conversation(agent)
    agent.graph.send_error = (403, {
        "message": "(#10) This message is sent outside of allowed window.",
        "type": "OAuthException", "code": 10, "error_subcode": 2534022, "fbtrace_id": "A1",
    })  # fmt: skip
    response = await agent.client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "Late reply"}
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["reason"] == WINDOW_CLOSED
    assert error["graph"] == {
        "code": 10,
        "subcode": 2534022,
        "message": "(#10) This message is sent outside of allowed window.",
    }
    [conversation] = await agent.conversations()
    assert [m["direction"] for m in conversation["messages"]] == ["in"]
    [failure] = agent.router.store.send_failures()
    assert failure["text"] == "Late reply" and failure["subcode"] == 2534022


@pytest.mark.parametrize(
    ("error", "status"),
    [
        ({"message": "(#200) no role", "code": 200, "error_subcode": 2018028}, 422),
        ({"message": "(#190) Error validating access token", "code": 190}, 502),
        ({"message": "(#100) No matching user", "code": 100, "error_subcode": 2534014}, 422),
    ],
)
async def test_other_refusals_name_meta_error(agent: Service, error: dict, status: int) -> None:
    conversation_id = await _open_conversation(agent)
    agent.graph.send_error = (400, error)
    response = await agent.client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "hi"}
    )
    assert response.status_code == status
    assert response.json()["error"]["graph"]["code"] == error["code"]
    assert response.json()["error"]["reason"]


async def test_unreachable_graph_is_502_not_500(agent: Service) -> None:
    conversation_id = await _open_conversation(agent)
    agent.graph.send_raises = httpx.ConnectError("connection refused")
    response = await agent.client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "hi"}
    )
    assert response.status_code == 502
    assert "not sent" in response.json()["error"]["reason"]


async def test_ended_conversation_cannot_be_answered_or_ended_again(agent: Service) -> None:
    conversation_id = await _open_conversation(agent)
    await agent.client.post(f"/api/conversations/{conversation_id}/end", json={})
    again = await agent.client.post(f"/api/conversations/{conversation_id}/end", json={})
    assert again.status_code == 409
    sent = await agent.client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "hi"}
    )
    assert sent.status_code == 409
    assert agent.graph.sends() == []


async def test_human_agent_tag_only_between_24_hours_and_7_days(agent: Service) -> None:
    user_wrote_at = 1_718_000_000_000
    conversation_id = await _open_conversation(agent, ts=user_wrote_at)
    url = f"/api/conversations/{conversation_id}/messages"
    for hours, tagged in [(1, False), (30, True), (24 * 8, False)]:
        agent.router.clock = lambda hours=hours: user_wrote_at + hours * HOUR_MS
        assert (await agent.client.post(url, json={"text": f"{hours}h"})).status_code == 201
        payload = agent.graph.sends()[-1]
        assert ("tag" in payload) is tagged, hours
        if tagged:
            assert payload["messaging_type"] == "MESSAGE_TAG" and payload["tag"] == "HUMAN_AGENT"


async def test_another_agent_cannot_see_the_conversation(agent: Service) -> None:
    from routing_service.auth import hash_password

    conversation_id = await _open_conversation(agent)
    agent.router.store.upsert_agent("bea", "Bea Agent", hash_password("pw"))
    await agent.logout()
    await agent.login("bea", "pw")
    assert (await agent.client.get(f"/api/conversations/{conversation_id}")).status_code == 404
    assert await agent.conversations() == []
