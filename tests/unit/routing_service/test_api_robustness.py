"""Odd input to the agent's JSON API: always a 4xx with ``{"error":{"reason":...}}``, never 500."""

from __future__ import annotations

import json
from functools import partial
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.routing_service.conftest import Service, ServiceFactory
from tests.unit.routing_service.odd_inputs import json_values, running

EXAMPLES = settings(max_examples=120, deadline=None, database=None, derandomize=True)
DEEP = b"[" * 50_000 + b"]" * 50_000
SEND = "/api/conversations/1/messages"

# fmt: off
CASES: list[tuple[str, str, dict[str, Any], int]] = [
    ("PUT", "/api/me/status", {"content": b"{oops"}, 400),
    ("PUT", "/api/me/status", {"content": b""}, 400),
    ("PUT", "/api/me/status", {"content": DEEP}, 400),
    ("PUT", "/api/me/status", {"content": b"\xff\xfe"}, 400),
    ("PUT", "/api/me/status", {"content": b"null"}, 400),
    ("PUT", "/api/me/status", {"json": "operating"}, 400),
    ("PUT", "/api/me/status", {"json": {"status": None}}, 422),
    ("PUT", "/api/me/status", {"json": {"status": ["ready"]}}, 422),
    ("PUT", "/api/me/status", {"json": {"status": "READY"}}, 422),
    ("PUT", "/api/me/status", {"data": {"status": "ready"}}, 415),  # a form: JSON only
    ("POST", SEND, {"content": b"{oops"}, 400),
    ("POST", SEND, {"content": DEEP}, 400),
    ("POST", SEND, {"json": {}}, 422),
    ("POST", SEND, {"json": {"text": 5}}, 422),
    ("POST", SEND, {"json": {"text": None}}, 422),
    ("POST", SEND, {"json": {"text": {"body": "hi"}}}, 422),
    ("POST", SEND, {"content": b'{"text": "\\ud800"}'}, 422),
    ("POST", SEND, {"json": {"text": "x" * 1001}}, 422),
    ("GET", "/api/conversations/999", {}, 404),
    ("GET", "/api/conversations/0", {}, 404),
    ("GET", "/api/conversations/-1", {}, 404),
    ("GET", "/api/conversations/1.0", {}, 404),
    ("GET", "/api/conversations/%C2%B2", {}, 404),  # "²" is a digit to str.isdigit()
    ("GET", "/api/conversations/" + "9" * 30, {}, 404),  # beyond SQLite's 64-bit integers
    ("POST", "/api/conversations/" + "9" * 30 + "/end", {"json": {}}, 404),
    ("POST", "/api/conversations/%EF%BC%91/messages", {"json": {"text": "x"}}, 404),  # fullwidth 1
    ("GET", "/api/events?after=nan", {}, 400),
    ("GET", "/api/events?after=1e400", {}, 400),
    ("GET", "/api/events?timeout=inf", {}, 400),
    ("GET", "/api/events?timeout=x", {}, 400),
    ("GET", "/events?after=-5", {}, 400),
    ("GET", "/api/nowhere", {}, 404),
    ("PATCH", "/api/conversations/1", {"json": {}}, 405),
]
# fmt: on


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "url", "kwargs", "status"), CASES)
async def test_odd_input_gets_a_4xx_with_a_reason(
    agent: Service, method: str, url: str, kwargs: dict[str, Any], status: int
) -> None:
    await agent.message("111", "m_in", "hi")  # conversation 1 exists and is open
    if "content" in kwargs:  # odd bytes, declared as JSON
        kwargs = {**kwargs, "headers": {"Content-Type": "application/json"}}
    response = await agent.client.request(method, url, **kwargs)
    assert response.status_code == status, response.text
    assert isinstance(response.json()["error"]["reason"], str)
    assert agent.graph.sends() == []


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "url"), [("POST", SEND), ("POST", "/api/conversations/1/end")])
async def test_an_ended_conversation_gets_409(agent: Service, method: str, url: str) -> None:
    await agent.message("111", "m_in", "hi")
    assert (await agent.client.post("/api/conversations/1/end", json={})).status_code == 200
    response = await agent.client.request(method, url, json={"text": "too late"})
    assert response.status_code == 409
    assert "ended" in response.json()["error"]["reason"]


def _assert_answered(response: Any) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert isinstance(response.json()["error"]["reason"], str), response.text


def test_any_json_body_or_id_is_answered_below_500(make_service: ServiceFactory) -> None:
    with running(make_service) as (portal, service):
        portal.call(service.login)
        portal.call(service.set_status, "operating")
        portal.call(lambda: service.message("111", "m_in", "hi"))
        calls = []

        @EXAMPLES
        @given(json_values, st.text(min_size=1, max_size=30))
        def check(body: Any, conversation_id: str) -> None:
            raw = json.dumps(body).encode()
            path = f"/api/conversations/{quote(conversation_id, safe='')}"
            for method, url, content in [
                ("PUT", "/api/me/status", raw),
                ("POST", SEND, raw),
                ("GET", path, None),
                ("POST", f"{path}/messages", b'{"text": "hi"}'),
            ]:
                request = partial(service.client.request, method, url, content=content)
                _assert_answered(portal.call(request))
            calls.append(body)

        check()
        assert len(calls) > 100  # the property really ran on many examples
