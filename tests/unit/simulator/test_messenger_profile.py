"""The Messenger Profile API for Instagram (ice breakers, persistent menu, Get Started) and
what the test user sees and taps (IL/messaging-api/ice-breakers)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.unit.simulator.conftest import Stack, deliveries_of, wait_for

pytestmark = pytest.mark.anyio
URL = "/graph/v25.0/me/messenger_profile"
ICE = [
    {
        "locale": "default",
        "call_to_actions": [
            {"question": "Where is my order?", "payload": "ORDER_STATUS"},
            {"question": "Do you ship abroad?", "payload": "SHIPPING"},
        ],
    }
]
MENU = [
    {
        "locale": "default",
        "call_to_actions": [
            {"type": "postback", "title": "Talk to a human", "payload": "HUMAN"},
            {"type": "web_url", "title": "Shop", "url": "https://shop.example"},
        ],
    }
]


async def _post(stack: Stack, body: dict[str, Any]) -> Any:
    return await stack.client.post(URL, json=body, headers=stack.bearer())


async def test_set_read_and_delete_the_profile(stack: Stack) -> None:
    set_all = await _post(
        stack,
        {"platform": "instagram", "ice_breakers": ICE, "persistent_menu": MENU,
         "get_started": {"payload": "START"}},
    )  # fmt: skip
    assert set_all.json() == {"result": "success"}
    read = await stack.client.get(
        URL, params={"platform": "instagram", "fields": "ice_breakers,get_started"},
        headers=stack.bearer(),
    )  # fmt: skip
    assert read.json() == {"data": [{"ice_breakers": ICE, "get_started": {"payload": "START"}}]}
    deleted = await stack.client.request(
        "DELETE", URL, json={"platform": "instagram", "fields": ["ice_breakers"]},
        headers=stack.bearer(),
    )  # fmt: skip
    assert deleted.json() == {"result": "success"}
    after = await stack.client.get(URL, params={"platform": "instagram"}, headers=stack.bearer())
    assert set(after.json()["data"][0]) == {"persistent_menu", "get_started"}


@pytest.mark.parametrize(
    "body",
    [
        {"ice_breakers": ICE},  # no platform
        {"platform": "messenger", "ice_breakers": ICE},
        {"platform": "instagram"},  # nothing to set
        {"platform": "instagram", "ice_breakers": [{"locale": "pt_BR", "call_to_actions": [
            {"question": "Oi", "payload": "OI"}]}]},  # no default locale
        {"platform": "instagram", "ice_breakers": [{"locale": "default", "call_to_actions": [
            {"question": f"Q{i}", "payload": f"P{i}"} for i in range(5)]}]},  # over 4
        {"platform": "instagram", "persistent_menu": [{"locale": "default", "call_to_actions": [
            {"type": "nested", "title": "More"}]}]},
        {"platform": "instagram", "get_started": "START"},
    ],
)  # fmt: skip
async def test_a_profile_meta_would_refuse_is_refused(stack: Stack, body: dict) -> None:
    response = await _post(stack, body)
    assert response.status_code == 400 and response.json()["error"]["code"] == 100
    assert stack.sim.store.messenger_profile == {}


async def test_an_ice_breaker_tap_is_a_postback_and_opens_the_conversation(stack: Stack) -> None:
    """The tap reaches the app on messaging_postbacks; the app may then answer and read the
    user's profile (meta-platform.md section 2: consent after an ice breaker)."""
    await stack.subscribe()
    await stack.client.post(
        "/graph/v25.0/me/subscribed_apps",
        params={"subscribed_fields": "messages,messaging_postbacks"},
        headers=stack.bearer(),
    )
    cfg = stack.sim.config
    saved = await stack.client.post(
        f"/graph/v25.0/{cfg.app_id}/subscriptions",
        data={"object": "instagram", "callback_url": "http://callback.test/webhook",
              "fields": "messages,messaging_postbacks", "verify_token": "verify-me",
              "access_token": cfg.app_token},
    )  # fmt: skip
    assert saved.json() == {"success": "true"}
    await _post(stack, {"platform": "instagram", "ice_breakers": ICE})
    user = stack.sim.create_user()
    tapped = stack.sim.postback(user, title="Where is my order?", payload="ORDER_STATUS")
    await wait_for(stack.sim, deliveries_of(tapped.mid))
    [event] = json.loads(stack.callback.received[-1][0])["entry"][0]["messaging"]
    assert event["postback"] == {
        "mid": tapped.mid, "title": "Where is my order?", "payload": "ORDER_STATUS"
    }  # fmt: skip
    assert "message" not in event
    profile = await stack.client.get(f"/graph/v25.0/{user.igsid}", headers=stack.bearer())
    assert profile.status_code == 200
    answer = await stack.send(user.igsid, "It ships today.")
    assert answer.status_code == 200
