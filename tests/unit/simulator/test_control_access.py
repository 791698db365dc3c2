"""App Roles and the app's mode from the control API: who reaches the app's webhooks and who
the Send API serves (docs/meta-platform.md section 4, Access; [IMWH][MPERR])."""

from __future__ import annotations

import pytest

from tests.unit.simulator.conftest import Stack, deliveries_of, wait_for

pytestmark = [pytest.mark.anyio, pytest.mark.meta_verified]


async def _write(stack: Stack, igsid: str, text: str) -> str:
    r = await stack.client.post(f"/_sim/users/{igsid}/messages", json={"text": text})
    assert r.status_code == 200, r.text
    return r.json()["mid"]


async def _outcome(stack: Stack, mid: str) -> str:
    [event] = await wait_for(stack.sim, deliveries_of(mid))
    return event.data["outcome"]


async def test_a_user_given_a_role_later_reaches_the_webhook(stack: Stack) -> None:
    await stack.subscribe()
    user = stack.sim.create_user(role=None)
    assert await _outcome(stack, await _write(stack, user.igsid, "before")) == "not_delivered"
    r = await stack.client.post(f"/_sim/users/{user.igsid}/role", json={"role": "tester"})
    assert (r.status_code, r.json()["role"]) == (200, "tester")
    assert await _outcome(stack, await _write(stack, user.igsid, "after")) == "delivered"
    r = await stack.client.post(f"/_sim/users/{user.igsid}/role", json={"role": None})
    assert r.json()["role"] is None
    assert await _outcome(stack, await _write(stack, user.igsid, "gone")) == "not_delivered"


async def test_a_live_app_reaches_and_answers_everyone_until_reset(stack: Stack) -> None:
    await stack.subscribe()
    user = stack.sim.create_user(role=None)
    r = await stack.client.post("/_sim/app/mode", json={"mode": "live"})
    assert r.json() == {"mode": "live"}
    assert (await stack.client.get("/_sim/state")).json()["app"]["mode"] == "live"
    assert await _outcome(stack, await _write(stack, user.igsid, "hello")) == "delivered"
    assert (await stack.send(user.igsid, "hi there")).status_code == 200
    await stack.client.post("/_sim/reset")
    assert (await stack.client.get("/_sim/state")).json()["app"]["mode"] == "development"


@pytest.mark.parametrize(
    ("path", "body", "status", "reason"),
    [
        ("/users/{igsid}/role", {}, 400, "'role' is required"),
        ("/users/{igsid}/role", {"role": "owner"}, 400, "must be one of"),
        ("/users/{igsid}/role", {"role": 3}, 400, "must be a string"),
        ("/users/nobody/role", {"role": "tester"}, 404, "no user with igsid nobody"),
        ("/app/mode", {}, 400, "'mode' is required"),
        ("/app/mode", {"mode": "published"}, 400, "must be one of ['development', 'live']"),
    ],
)
async def test_bad_role_or_mode_gets_a_clear_4xx(
    stack: Stack, path: str, body: dict, status: int, reason: str
) -> None:
    user = stack.sim.create_user(role=None)
    r = await stack.client.post("/_sim" + path.format(igsid=user.igsid), json=body)
    assert r.status_code == status and reason in r.json()["error"]["reason"], r.text
    assert user.role is None and stack.sim.store.app.mode == "development"
