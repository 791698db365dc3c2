"""Facebook Login, the graph.facebook.com shape [IGOV][MPWH]: a Page linked to the account,
Page and user tokens, /me/accounts, the Page's edges; webhooks still say ``instagram``."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from simulator.app import create_app
from simulator.clock import Clock
from simulator.config import SimulatorConfig
from tests.unit.simulator.conftest import (
    CALLBACK_URL,
    START_MS,
    VERIFY_TOKEN,
    CallbackApp,
    Stack,
    deliveries_of,
    wait_for,
)

pytestmark = pytest.mark.anyio
V = "/graph/v25.0"


@pytest.fixture
async def fb() -> AsyncIterator[Stack]:
    clock = Clock(start_ms=START_MS)
    callback = CallbackApp(clock)
    callback_app = callback.app()
    config = SimulatorConfig(seed=5, login_flavour="facebook", retry_delays_s=(0.0,))
    app = create_app(
        config,
        lambda: httpx.AsyncClient(transport=httpx.ASGITransport(app=callback_app)),
        clock=clock,
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
            yield Stack(app.state.sim, client, callback)


def _as(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_the_user_token_lists_the_page_and_its_token(fb: Stack) -> None:
    biz = fb.sim.business
    assert biz.user_access_token and biz.page_id and biz.access_token.startswith("EAA")
    accounts = await fb.client.get(f"{V}/me/accounts", headers=_as(biz.user_access_token))
    [page] = accounts.json()["data"]
    assert (page["id"], page["access_token"]) == (biz.page_id, biz.access_token)
    assert "MESSAGING" in page["tasks"]
    linked = await fb.client.get(
        f"{V}/{biz.page_id}", params={"fields": "instagram_business_account,name"},
        headers=_as(biz.access_token),
    )  # fmt: skip
    assert linked.json() == {
        "instagram_business_account": {"id": biz.ig_id},
        "name": biz.page_name,
        "id": biz.page_id,
    }
    me = await fb.client.get(f"{V}/me", headers=_as(biz.access_token))
    assert me.json() == {"name": biz.page_name, "id": biz.page_id}  # the Page token's /me
    ig = await fb.client.get(
        f"{V}/{biz.ig_id}", params={"fields": "username"}, headers=_as(biz.access_token)
    )
    assert ig.json() == {"username": biz.username, "id": biz.ig_id}


async def test_the_page_subscribes_with_page_fields_and_a_string_success(fb: Stack) -> None:
    biz = fb.sim.business
    answer = await fb.client.post(
        f"{V}/{biz.page_id}/subscribed_apps", params={"subscribed_fields": "feed"},
        headers=_as(biz.access_token),
    )  # fmt: skip
    assert answer.json() == {"success": "true"}  # a string on graph.facebook.com [MPWH]
    listed = await fb.client.get(
        f"{V}/{biz.page_id}/subscribed_apps", headers=_as(biz.access_token)
    )
    assert listed.json()["data"][0]["subscribed_fields"] == ["feed"]
    with_user_token = await fb.client.post(
        f"{V}/{biz.page_id}/subscribed_apps", params={"subscribed_fields": "feed"},
        headers=_as(biz.user_access_token or ""),
    )  # fmt: skip
    assert with_user_token.json()["error"]["code"] == 210
    unknown = await fb.client.post(
        f"{V}/{biz.page_id}/subscribed_apps", params={"subscribed_fields": "comments_of_mars"},
        headers=_as(biz.access_token),
    )  # fmt: skip
    assert unknown.json()["error"]["code"] == 100


async def _subscribe(fb: Stack) -> None:
    cfg, biz = fb.sim.config, fb.sim.business
    saved = await fb.client.post(
        f"{V}/{cfg.app_id}/subscriptions",
        data={"object": "instagram", "callback_url": CALLBACK_URL, "fields": "messages",
              "verify_token": VERIFY_TOKEN, "access_token": cfg.app_token},
    )  # fmt: skip
    assert saved.json() == {"success": "true"}
    await fb.client.post(
        f"{V}/{biz.page_id}/subscribed_apps", params={"subscribed_fields": "feed"},
        headers=_as(biz.access_token),
    )  # fmt: skip


async def test_webhooks_say_instagram_and_the_page_edge_sends(fb: Stack) -> None:
    """Subscribing the Page to ``feed`` is enough: the account gets the app's instagram fields."""
    await _subscribe(fb)
    biz = fb.sim.business
    user = fb.sim.create_user()
    said = fb.sim.send_text(user, "Olá from Facebook Login")
    await wait_for(fb.sim, deliveries_of(said.mid))
    body: dict[str, Any] = json.loads(fb.callback.received[-1][0])
    assert body["object"] == "instagram" and body["entry"][0]["id"] == biz.ig_id
    sent = await fb.client.post(
        f"{V}/{biz.page_id}/messages",
        json={"recipient": {"id": user.igsid}, "message": {"text": "Hi!"}},
        headers=_as(biz.access_token),
    )
    assert sent.status_code == 200 and sent.json()["recipient_id"] == user.igsid
    profile = await fb.client.get(f"{V}/{user.igsid}", headers=_as(biz.access_token))
    assert profile.json()["name"] == user.name
    convs = await fb.client.get(
        f"{V}/{biz.page_id}/conversations", params={"platform": "instagram"},
        headers=_as(biz.access_token),
    )  # fmt: skip
    assert len(convs.json()["data"]) == 1


async def test_without_the_page_subscription_nothing_is_sent_and_the_log_says_why(
    fb: Stack,
) -> None:
    cfg = fb.sim.config
    await fb.client.post(
        f"{V}/{cfg.app_id}/subscriptions",
        data={"object": "instagram", "callback_url": CALLBACK_URL, "fields": "messages",
              "verify_token": VERIFY_TOKEN, "access_token": cfg.app_token},
    )  # fmt: skip
    said = fb.sim.send_text(fb.sim.create_user(), "hello?")
    [logged] = [d for d in fb.sim.deliveries.all() if said.mid in d.event_mids]
    assert logged.outcome == "not_delivered" and "the Page has not subscribed" in (
        logged.error or ""
    )


async def test_facebook_tokens_carry_facebook_permissions(fb: Stack) -> None:
    debug = await fb.client.get(
        f"{V}/debug_token",
        params={
            "input_token": fb.sim.business.access_token,
            "access_token": fb.sim.config.app_token,
        },
    )
    data = debug.json()["data"]
    assert data["type"] == "PAGE" and "instagram_manage_messages" in data["scopes"]
    assert data["expires_at"] == 0  # Page tokens from a long-lived user token do not expire
