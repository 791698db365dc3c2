"""``HUMAN_AGENT`` only on human replies 24 h..7 days after the user's last message.

Both ends are Meta's clock: the user's message ``timestamp`` and each webhook's ``entry.time``
(rejection reason 7); the service's own clock is set far off to show it does not count.
"""

from __future__ import annotations

from typing import Any

import pytest

from routing_service.outbound import WINDOW_CLOSED
from tests.unit.routing_service.conftest import IG_ID, Service, text_event

pytestmark = pytest.mark.anyio

HOUR = 3_600_000
T = 1_718_000_000_000  # the user writes, on Meta's clock
OUTSIDE_WINDOW = (403, {
    "message": "(#10) This message is sent outside of allowed window.", "type": "OAuthException",
    "code": 10, "error_subcode": 2534022, "fbtrace_id": "A1",
})  # fmt: skip


def _delivery(meta_now: int, event: dict[str, Any]) -> dict[str, Any]:
    return {"object": "instagram", "entry": [{"id": IG_ID, "time": meta_now, "messaging": [event]}]}


def _read(meta_now: int) -> dict[str, Any]:
    """The user read our reply: not a message (the window stays), but Meta's clock shows."""
    event = text_event("111", "unused", "", ts=meta_now)
    del event["message"]
    return _delivery(meta_now, {**event, "read": {"mid": "m_in"}})


async def _user_wrote_then(agent: Service, hours: float) -> str:
    """The user writes at ``T``; a webhook then shows Meta's clock ``hours`` later."""
    agent.router.clock = lambda: T + 10 * 24 * HOUR  # the service's clock: ten days off
    assert (await agent.webhook(_delivery(T, text_event("111", "m_in", "hi", ts=T)))).is_success
    assert (await agent.webhook(_read(T + round(hours * HOUR)))).is_success
    [conversation] = await agent.conversations()
    return f"/api/conversations/{conversation['id']}/messages"


@pytest.mark.parametrize(
    ("hours", "tagged"),
    [(1, False), (24, False), (24.01, True), (30, True), (24 * 7, True), (24 * 7 + 0.01, False)],
)
async def test_tag_follows_metas_clock(agent: Service, hours: float, tagged: bool) -> None:
    url = await _user_wrote_then(agent, hours)
    assert (await agent.client.post(url, json={"text": "Sorry for the wait"})).status_code == 201
    [payload] = agent.graph.sends()
    if tagged:
        assert payload["messaging_type"] == "MESSAGE_TAG" and payload["tag"] == "HUMAN_AGENT"
    else:
        assert "tag" not in payload and "messaging_type" not in payload


async def test_a_closed_window_meta_reports_is_learned_and_the_reply_resent_tagged(
    agent: Service,
) -> None:
    # The simulator's clock moved 30 h after its last webhook: only the refusal tells.
    url = await _user_wrote_then(agent, 0)
    agent.graph.send_error = OUTSIDE_WINDOW
    agent.graph.send_error_if = lambda payload: "tag" not in payload
    sent = await agent.client.post(url, json={"text": "Still there?"})
    assert sent.status_code == 201
    assert [p.get("tag") for p in agent.graph.sends()] == [None, "HUMAN_AGENT"]
    assert agent.router.store.send_failures() == []
    [conversation] = await agent.conversations()
    assert [m["text"] for m in conversation["messages"]] == ["hi", "Still there?"]
    assert (await agent.client.post(url, json={"text": "Next"})).status_code == 201
    assert [p.get("tag") for p in agent.graph.sends()][2:] == ["HUMAN_AGENT"]  # no second try


async def test_past_7_days_by_metas_clock_nothing_is_tagged(agent: Service) -> None:
    url = await _user_wrote_then(agent, 24 * 8)
    agent.graph.send_error = OUTSIDE_WINDOW
    sent = await agent.client.post(url, json={"text": "Hello?"})
    assert sent.status_code == 409 and sent.json()["error"]["reason"] == WINDOW_CLOSED
    assert [p.get("tag") for p in agent.graph.sends()] == [None]


async def test_a_refused_tagged_reply_is_not_retried(agent: Service) -> None:
    url = await _user_wrote_then(agent, 30)
    agent.graph.send_error = OUTSIDE_WINDOW  # Meta's clock is past 7 days after all
    assert (await agent.client.post(url, json={"text": "Hello?"})).status_code == 409
    assert [p.get("tag") for p in agent.graph.sends()] == ["HUMAN_AGENT"]
    assert len(agent.router.store.send_failures()) == 1


async def test_other_refusals_are_not_retried(agent: Service) -> None:
    url = await _user_wrote_then(agent, 0)
    agent.graph.send_error = (400, {"message": "(#190) Error validating access token", "code": 190})
    assert (await agent.client.post(url, json={"text": "hi"})).status_code == 502
    assert len(agent.graph.sends()) == 1


async def test_the_dashboard_test_time_in_seconds_is_not_metas_clock(agent: Service) -> None:
    url = await _user_wrote_then(agent, 30)
    test_button = {"object": "instagram", "entry": [{"id": "0", "time": 1527459824, "changes": []}]}
    assert (await agent.webhook(test_button)).is_success
    assert (await agent.client.post(url, json={"text": "hi"})).status_code == 201
    assert agent.graph.sends()[0]["tag"] == "HUMAN_AGENT"
