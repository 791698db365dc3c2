"""Send API: success, echo, and each refusal from the spec's error table [IGSEND][MPERR]."""

from __future__ import annotations

import json
from typing import Any

import pytest

from simulator.config import SimulatorConfig
from simulator.contract.signing import verify
from tests.unit.simulator.conftest import Stack, deliveries_of, wait_for

pytestmark = [pytest.mark.anyio, pytest.mark.meta_verified]


def _error(response: Any) -> tuple[int, int, int | None]:
    error = response.json()["error"]
    assert error["type"] == "OAuthException" and error["fbtrace_id"]
    assert error["message"].startswith(f"(#{error['code']}) ")
    return response.status_code, error["code"], error.get("error_subcode")


async def test_reply_in_window_lands_in_the_thread_and_is_echoed(stack: Stack) -> None:
    await stack.subscribe()
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    response = await stack.send(user.igsid, "Hello, how can I help?")
    assert response.status_code == 200
    mid = response.json()["message_id"]
    assert response.json() == {"recipient_id": user.igsid, "message_id": mid}
    reply = stack.sim.thread(user)[-1]
    assert (reply.mid, reply.from_user, reply.text) == (mid, False, "Hello, how can I help?")
    [delivery] = await wait_for(stack.sim, deliveries_of(mid))
    assert delivery.data["outcome"] == "delivered"
    body, headers = stack.callback.received[-1]
    event = json.loads(body)["entry"][0]["messaging"][0]
    assert event["message"] == {"mid": mid, "text": "Hello, how can I help?", "is_echo": True}
    assert event["sender"]["id"] == stack.sim.business.ig_id
    assert event["recipient"]["id"] == user.igsid
    assert verify(stack.sim.config.app_secret, body, headers["x-hub-signature-256"])


async def test_ig_id_path_and_form_encoded_body_work_too(stack: Stack) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    response = await stack.client.post(
        f"/graph/v21.0/{stack.sim.business.ig_id}/messages",
        data={
            "recipient": json.dumps({"id": user.igsid}),
            "message": json.dumps({"text": "ok"}),
            "access_token": stack.token,
        },
    )
    assert response.status_code == 200, response.text


async def test_bad_token_is_190(stack: Stack) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    response = await stack.client.post(
        "/graph/v25.0/me/messages",
        json={"recipient": {"id": user.igsid}, "message": {"text": "x"}},
        headers={"Authorization": "Bearer IGAAnot-a-token"},
    )
    assert _error(response) == (400, 190, None)


async def test_expired_token_is_190_463(stack: Stack) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    stack.sim.clock.advance(61 * 24 * 3600)
    assert _error(await stack.send(user.igsid, "x")) == (400, 190, 463)


async def test_outside_the_24h_window_is_10_2534022(stack: Stack) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    stack.sim.clock.advance(23 * 3600)
    assert (await stack.send(user.igsid, "still in")).status_code == 200
    stack.sim.clock.advance(2 * 3600)  # 25 h after the user's message
    assert _error(await stack.send(user.igsid, "too late")) == (403, 10, 2534022)
    assert [m.from_user for m in stack.sim.thread(user)] == [True, False]


async def test_never_messaged_user_is_outside_the_window(stack: Stack) -> None:
    user = stack.sim.create_user()
    assert _error(await stack.send(user.igsid, "hello?")) == (403, 10, 2534022)


async def test_human_agent_tag_extends_the_window_to_7_days(stack: Stack) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    stack.sim.clock.advance(25 * 3600)
    tagged = {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}
    assert (await stack.send(user.igsid, "agent here", **tagged)).status_code == 200
    stack.sim.clock.advance(6 * 24 * 3600)
    assert _error(await stack.send(user.igsid, "a week later", **tagged)) == (403, 10, 2534022)
    other_tag = {"messaging_type": "MESSAGE_TAG", "tag": "ACCOUNT_UPDATE"}
    assert _error(await stack.send(user.igsid, "x", **other_tag))[1] == 100


async def test_user_without_role_in_development_mode_is_200_2018028(stack: Stack) -> None:
    user = stack.sim.create_user(role=None)
    stack.sim.send_text(user, "hi")
    assert _error(await stack.send(user.igsid, "hello")) == (403, 200, 2018028)


@pytest.mark.parametrize("config", [SimulatorConfig(seed=7, app_mode="live")])
async def test_user_without_role_can_be_answered_when_live(stack: Stack) -> None:
    user = stack.sim.create_user(role=None)
    stack.sim.send_text(user, "hi")
    assert (await stack.send(user.igsid, "hello")).status_code == 200


async def test_text_over_1000_utf8_bytes_is_100_2534015(stack: Stack) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    assert (await stack.send(user.igsid, "é" * 500)).status_code == 200  # 1000 bytes
    response = await stack.send(user.igsid, "é" * 501)  # 501 characters, 1002 bytes
    assert _error(response) == (400, 100, 2534015)
    assert _error(await stack.send(user.igsid, "")) == (400, 100, 2534015)


async def test_unknown_recipient_is_100_2534014(stack: Stack) -> None:
    assert _error(await stack.send("1234567890123456", "hi")) == (400, 100, 2534014)


async def test_missing_recipient_and_unknown_node(stack: Stack) -> None:
    r = await stack.client.post(
        "/graph/v25.0/me/messages", json={"message": {"text": "x"}}, headers=stack.bearer()
    )
    assert _error(r)[1] == 100
    r = await stack.client.post(
        "/graph/v25.0/999/messages", json={"message": {"text": "x"}}, headers=stack.bearer()
    )
    assert _error(r) == (400, 100, 33)


async def test_sender_action_answers_without_message_id(stack: Stack) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    body = {"recipient": {"id": user.igsid}, "sender_action": "mark_seen"}
    r = await stack.client.post("/graph/v25.0/me/messages", json=body, headers=stack.bearer())
    assert r.json() == {"recipient_id": user.igsid}


async def test_every_graph_call_is_recorded(stack: Stack) -> None:
    await stack.send("1234567890123456", "hi")
    call = stack.sim.store.graph_calls[-1]
    assert (call.method, call.path, call.status, call.error_code) == (
        "POST",
        "/graph/v25.0/me/messages",
        400,
        100,
    )
    calls = (await stack.client.get("/_sim/graph_calls")).json()
    assert calls[-1]["error_subcode"] == 2534014
    assert any(e.type == "graph.call" for e in stack.sim.events.after(0))
