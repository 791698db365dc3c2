"""The user follows the business (the worked example of one Meta behaviour: a backend rule,
a contract entry, a driver method): no webhook, and Meta's User Profile API then answers
``is_user_follow_business: true`` (User Profile API, updated 2026-04-01) [IGPROF]."""

from __future__ import annotations

import pytest

from simulator.contract import control as api
from tests.unit.simulator.conftest import Stack

pytestmark = [pytest.mark.anyio, pytest.mark.meta_verified]
FIELDS = "is_user_follow_business,is_business_follow_user,name"


async def _profile(stack: Stack, igsid: str) -> dict:
    r = await stack.client.get(f"/graph/v25.0/{igsid}?fields={FIELDS}", headers=stack.bearer())
    assert r.status_code == 200, r.text
    return r.json()


async def test_following_the_business_shows_in_the_profile_read(stack: Stack) -> None:
    user = stack.sim.create_user(role="tester")
    stack.sim.send_text(user, "hello")  # the consent the profile read needs
    assert (await _profile(stack, user.igsid))["is_user_follow_business"] is False
    follows = await stack.client.post(api.FOLLOW.path(igsid=user.igsid), json={"following": True})
    assert follows.json() == {"igsid": user.igsid, "following": True}
    profile = await _profile(stack, user.igsid)
    assert (
        profile["is_user_follow_business"] is True and profile["is_business_follow_user"] is False
    )
    await stack.client.post(api.FOLLOW.path(igsid=user.igsid), json={"following": False})
    assert (await _profile(stack, user.igsid))["is_user_follow_business"] is False


async def test_a_follow_needs_a_yes_or_no_and_a_known_user(stack: Stack) -> None:
    user = stack.sim.create_user(role="tester")
    bad = await stack.client.post(api.FOLLOW.path(igsid=user.igsid), json={"following": "yes"})
    assert bad.status_code == 400 and "'following'" in bad.json()["error"]["reason"]
    unknown = await stack.client.post(api.FOLLOW.path(igsid="404"), json={"following": True})
    assert unknown.status_code == 404
