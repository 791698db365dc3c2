"""Tokens as Meta checks them: scopes, expiry on the simulated clock, appsecret_proof,
debug_token, and the control API's scoped, expiring tokens (meta-platform.md sections 2-4)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from simulator.app import create_app
from simulator.backend.tokens import appsecret_proof
from simulator.config import SimulatorConfig
from tests.unit.simulator.conftest import Stack

pytestmark = pytest.mark.anyio
V = "/graph/v25.0"


async def _mint(stack: Stack, **body: Any) -> str:
    answer = await stack.client.post("/_sim/tokens", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


async def _user_with_message(stack: Stack) -> str:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    return user.igsid


def _error(response: httpx.Response) -> tuple[int, int, int | None, str, str]:
    error = response.json()["error"]
    return (
        response.status_code,
        error["code"],
        error.get("error_subcode"),
        error["type"],
        error["message"],
    )


async def test_a_token_without_manage_messages_cannot_send(stack: Stack) -> None:
    igsid = await _user_with_message(stack)
    token = await _mint(stack, scopes=["instagram_business_basic"])
    answer = await stack.client.post(
        f"{V}/me/messages",
        json={"recipient": {"id": igsid}, "message": {"text": "hello"}},
        headers={"Authorization": f"Bearer {token}"},
    )
    status, code, _, kind, message = _error(answer)
    assert (status, code, kind) == (403, 200, "OAuthException")
    assert message == (
        "(#200) Requires instagram_business_manage_messages permission to manage the object"
    )


async def test_a_profile_read_needs_both_instagram_permissions(stack: Stack) -> None:
    igsid = await _user_with_message(stack)
    basic_only = await _mint(stack, scopes=["instagram_business_basic"])
    messages_only = await _mint(stack, scopes=["instagram_business_manage_messages"])
    me = await stack.client.get(f"{V}/me", params={"access_token": basic_only})
    assert me.status_code == 200
    profile = await stack.client.get(f"{V}/{igsid}", params={"access_token": basic_only})
    assert _error(profile)[1] == 200
    no_basic = await stack.client.get(f"{V}/me", params={"access_token": messages_only})
    assert "instagram_business_basic" in _error(no_basic)[4]


async def test_the_deprecated_business_names_still_grant(stack: Stack) -> None:
    """``business_*`` names were deprecated Jan 27 2025 [IGOV]: they count as the new ones."""
    igsid = await _user_with_message(stack)
    token = await _mint(stack, scopes=["business_basic", "business_manage_messages"])
    profile = await stack.client.get(f"{V}/{igsid}", params={"access_token": token})
    assert profile.status_code == 200, profile.text


async def test_a_token_expires_on_the_simulated_clock(stack: Stack) -> None:
    token = await _mint(stack, expires_in=3600)
    assert (await stack.client.get(f"{V}/me", params={"access_token": token})).status_code == 200
    await stack.client.post("/_sim/clock/advance", json={"seconds": 3601})
    expired = await stack.client.get(f"{V}/me", params={"access_token": token})
    assert _error(expired)[:3] == (400, 190, 463)
    debug = await stack.client.get(
        f"{V}/debug_token",
        params={"input_token": token, "access_token": stack.sim.config.app_token},
    )
    data = debug.json()["data"]
    assert data["is_valid"] is False and data["error"]["subcode"] == 463


async def test_debug_token_reflects_the_minted_scopes_and_expiry(stack: Stack) -> None:
    answer = await stack.client.post(
        "/_sim/tokens", json={"scopes": ["instagram_business_basic"], "expires_in": 60}
    )
    minted = answer.json()
    debug = await stack.client.get(
        f"{V}/debug_token",
        params={"input_token": minted["access_token"], "access_token": stack.sim.config.app_token},
    )
    data = debug.json()["data"]
    assert data["scopes"] == ["instagram_business_basic"] and data["is_valid"] is True
    assert data["expires_at"] == minted["expires_at"] == stack.sim.clock.now_s() + 60
    assert data["type"] == "USER" and data["app_id"] == stack.sim.config.app_id


@pytest.mark.parametrize(
    "body",
    [
        {"scopes": ["instagram_everything"]},
        {"scopes": "instagram_basic"},
        {"kind": "APP"},
        {"expires_in": "soon"},
        {"expires_in": -1},
    ],
)
async def test_minting_refuses_what_meta_would_never_issue(stack: Stack, body: dict) -> None:
    answer = await stack.client.post("/_sim/tokens", json=body)
    assert answer.status_code == 400 and answer.json()["error"]["reason"]


async def test_a_wrong_appsecret_proof_is_refused_even_when_not_required(stack: Stack) -> None:
    token = stack.sim.business.access_token
    right = appsecret_proof(stack.sim.config.app_secret, token)
    ok = await stack.client.get(f"{V}/me", params={"access_token": token, "appsecret_proof": right})
    assert ok.status_code == 200
    wrong = await stack.client.get(
        f"{V}/me", params={"access_token": token, "appsecret_proof": "0" * 64}
    )
    assert _error(wrong) == (
        400,
        100,
        None,
        "GraphMethodException",
        "(#100) Invalid appsecret_proof provided in the API argument",
    )


async def test_an_app_that_requires_the_proof_refuses_calls_without_it() -> None:
    config = SimulatorConfig(seed=2, require_appsecret_proof=True)
    app = create_app(config)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
            token = app.state.sim.business.access_token
            missing = await client.get(f"{V}/me", headers={"Authorization": f"Bearer {token}"})
            proof = appsecret_proof(config.app_secret, token)
            proved = await client.post(
                f"{V}/me/subscribed_apps",
                data={"subscribed_fields": "messages", "appsecret_proof": proof},
                headers={"Authorization": f"Bearer {token}"},
            )
    assert _error(missing)[1:4] == (100, None, "GraphMethodException")
    assert "require an appsecret_proof" in _error(missing)[4]
    assert proved.json() == {"success": True}
