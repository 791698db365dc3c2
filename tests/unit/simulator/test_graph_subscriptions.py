"""App subscriptions with the verification handshake [GS][SUBS], account subscribed_apps [IGWH],
and debug_token."""

from __future__ import annotations

import pytest

from tests.unit.simulator.conftest import CALLBACK_URL, VERIFY_TOKEN, Stack

pytestmark = [pytest.mark.anyio, pytest.mark.meta_verified]


def _subscription(stack: Stack, **overrides: str) -> dict[str, str]:
    cfg = stack.sim.config
    return {
        "object": "instagram",
        "callback_url": CALLBACK_URL,
        "fields": "messages",
        "verify_token": VERIFY_TOKEN,
        "access_token": cfg.app_token,
    } | overrides


async def test_handshake_success_activates_the_subscription(stack: Stack) -> None:
    app_id = stack.sim.config.app_id
    r = await stack.client.post(f"/graph/v25.0/{app_id}/subscriptions", data=_subscription(stack))
    assert r.status_code == 200 and r.json() == {"success": "true"}
    r = await stack.client.get(
        f"/graph/v25.0/{app_id}/subscriptions", params={"access_token": stack.sim.config.app_token}
    )
    assert r.json() == {
        "data": [
            {
                "object": "instagram",
                "callback_url": CALLBACK_URL,
                "active": True,
                "fields": [{"name": "messages", "version": "v25.0"}],
            }
        ]
    }


async def test_handshake_with_wrong_verify_token_fails_with_2200(stack: Stack) -> None:
    app_id = stack.sim.config.app_id
    r = await stack.client.post(
        f"/graph/v25.0/{app_id}/subscriptions", data=_subscription(stack, verify_token="wrong")
    )
    error = r.json()["error"]
    assert (r.status_code, error["code"]) == (400, 2200)
    assert error["message"].startswith(
        "(#2200) Callback verification failed with the following errors:"
    )
    assert "HTTP Status Code = 403" in error["message"]
    assert stack.sim.store.app.subscription is None


async def test_handshake_answer_must_be_exactly_the_challenge(stack: Stack) -> None:
    stack.callback.handshake_status = 200  # answers 200 "nope"
    app_id = stack.sim.config.app_id
    r = await stack.client.post(f"/graph/v25.0/{app_id}/subscriptions", data=_subscription(stack))
    assert r.json()["error"]["code"] == 2200
    assert "Response does not match challenge" in r.json()["error"]["message"]


async def test_handshake_to_an_unreachable_callback_fails_with_2200(stack: Stack) -> None:
    app_id = stack.sim.config.app_id
    data = _subscription(stack, callback_url="http://callback.test/elsewhere")
    r = await stack.client.post(f"/graph/v25.0/{app_id}/subscriptions", data=data)
    assert r.json()["error"]["code"] == 2200  # the callback app answers 404 there


async def test_app_subscriptions_need_the_app_token(stack: Stack) -> None:
    app_id = stack.sim.config.app_id
    data = _subscription(stack, access_token=stack.token)
    r = await stack.client.post(f"/graph/v25.0/{app_id}/subscriptions", data=data)
    assert r.json()["error"]["code"] == 15
    r = await stack.client.post("/graph/v25.0/1/subscriptions", data=_subscription(stack))
    assert r.json()["error"]["error_subcode"] == 33


async def test_account_subscribed_apps_get_post_delete(stack: Stack) -> None:
    url = "/graph/v25.0/me/subscribed_apps"
    assert (await stack.client.get(url, headers=stack.bearer())).json() == {"data": []}
    r = await stack.client.post(
        url, params={"subscribed_fields": "messages"}, headers=stack.bearer()
    )
    assert r.json() == {"success": True}
    listed = (await stack.client.get(url, headers=stack.bearer())).json()["data"]
    assert listed == [
        {
            "id": stack.sim.config.app_id,
            "name": stack.sim.config.app_name,
            "subscribed_fields": ["messages"],
        }
    ]
    r = await stack.client.post(
        url, params={"subscribed_fields": "nonsense"}, headers=stack.bearer()
    )
    assert r.json()["error"]["code"] == 100
    assert (await stack.client.delete(url, headers=stack.bearer())).json() == {"success": True}
    assert stack.sim.business.subscribed_fields == []


async def test_debug_token_describes_valid_and_expired_tokens(stack: Stack) -> None:
    query = {"input_token": stack.token, "access_token": stack.sim.config.app_token}
    data = (await stack.client.get("/graph/v25.0/debug_token", params=query)).json()["data"]
    assert data["is_valid"] is True and data["type"] == "USER"
    assert data["user_id"] == stack.sim.business.ig_id
    assert "instagram_business_manage_messages" in data["scopes"]
    stack.sim.clock.advance(61 * 24 * 3600)
    data = (await stack.client.get("/graph/v25.0/debug_token", params=query)).json()["data"]
    assert data["is_valid"] is False and data["error"]["subcode"] == 463
    query["input_token"] = "garbage"
    data = (await stack.client.get("/graph/v25.0/debug_token", params=query)).json()["data"]
    assert data["is_valid"] is False and data["error"]["code"] == 190
