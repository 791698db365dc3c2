"""Profiles and nodes [IGPROF]; unknown paths and versions [GERR]."""

from __future__ import annotations

import pytest

from tests.unit.simulator.conftest import Stack

pytestmark = pytest.mark.anyio


@pytest.mark.meta_verified
async def test_profile_needs_consent_until_the_user_messages(stack: Stack) -> None:
    user = stack.sim.create_user(name="Ana Braga", username="ana_b")
    url = f"/graph/v25.0/{user.igsid}?fields=name,username,profile_pic"
    before = await stack.client.get(url, headers=stack.bearer())
    assert before.status_code == 403  # 200-299 answer 403 (spec section 3)
    assert before.json()["error"]["code"] == 230
    assert "User consent is required" in before.json()["error"]["message"]
    stack.sim.send_text(user, "hi")
    after = await stack.client.get(url, headers=stack.bearer())
    assert after.status_code == 200
    body = after.json()
    assert (body["name"], body["username"], body["id"]) == ("Ana Braga", "ana_b", user.igsid)
    picture = await stack.client.get(body["profile_pic"])
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/jpeg"


@pytest.mark.meta_verified
async def test_unknown_field_is_100_nonexisting_field(stack: Stack) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    r = await stack.client.get(
        f"/graph/v25.0/{user.igsid}?fields=name,shoe_size", headers=stack.bearer()
    )
    assert r.status_code == 400
    assert r.json()["error"]["message"] == (
        "(#100) Tried accessing nonexisting field (shoe_size) on node type (User)"
    )


@pytest.mark.meta_verified
async def test_me_gives_the_ig_id_as_user_id_and_an_app_scoped_id(stack: Stack) -> None:
    r = await stack.client.get(
        "/graph/v25.0/me", params={"fields": "user_id,username,name", "access_token": stack.token}
    )
    body = r.json()
    biz = stack.sim.business
    assert (body["user_id"], body["username"], body["name"]) == (biz.ig_id, biz.username, biz.name)
    assert body["id"] != biz.ig_id


@pytest.mark.meta_verified
async def test_unknown_object_is_100_33(stack: Stack) -> None:
    r = await stack.client.get("/graph/v25.0/4242/conversations", headers=stack.bearer())
    error = r.json()["error"]
    assert (r.status_code, error["code"], error["error_subcode"]) == (400, 100, 33)
    assert error["message"].startswith("(#100) Unsupported get request. Object with ID '4242'")
    r = await stack.client.delete(
        f"/graph/v25.0/{stack.sim.business.ig_id}", headers=stack.bearer()
    )
    assert r.json()["error"]["message"].startswith("(#100) Unsupported delete request.")
