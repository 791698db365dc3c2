"""Meta's per-account rate limits on the simulated clock, and the usage headers [IGOV]."""

from __future__ import annotations

import json

import pytest

from simulator.config import SimulatorConfig
from tests.unit.simulator.conftest import Stack

pytestmark = pytest.mark.anyio
V = "/graph/v25.0"


@pytest.fixture
def config() -> SimulatorConfig:
    return SimulatorConfig(seed=7, send_rate_per_s=5, media_send_rate_per_s=1)


async def test_the_send_api_allows_its_rate_then_answers_613(stack: Stack) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    answers = [await stack.send(user.igsid, f"reply {i}") for i in range(6)]
    assert [a.status_code for a in answers[:5]] == [200] * 5
    error = answers[5].json()["error"]
    assert (error["code"], error["error_subcode"]) == (613, 2534040)
    usage = json.loads(answers[5].headers["x-business-use-case-usage"])
    assert usage[stack.sim.business.ig_id][0]["estimated_time_to_regain_access"] == 1
    stack.sim.clock.advance(1)  # the next second: the budget is back
    assert (await stack.send(user.igsid, "again")).status_code == 200


async def test_video_has_its_own_lower_limit(stack: Stack) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    stack.callback.media["v.mp4"] = ("video/mp4", b"\0" * 100)
    video = {
        "attachment": {"type": "video", "payload": {"url": "http://callback.test/media/v.mp4"}}
    }
    body = {"recipient": {"id": user.igsid}, "message": video}
    first = await stack.client.post(f"{V}/me/messages", json=body, headers=stack.bearer())
    second = await stack.client.post(f"{V}/me/messages", json=body, headers=stack.bearer())
    assert first.status_code == 200 and second.json()["error"]["code"] == 613
    assert (await stack.send(user.igsid, "text still goes")).status_code == 200


async def test_the_conversations_api_allows_two_calls_a_second() -> None:
    import httpx

    from simulator.app import create_app
    from simulator.clock import Clock

    clock = Clock(start_ms=1_718_000_000_000)
    app = create_app(SimulatorConfig(seed=3), clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
            token = {"access_token": app.state.sim.business.access_token, "platform": "instagram"}
            codes = [(await client.get(f"{V}/me/conversations", params=token)).status_code
                     for _ in range(3)]  # fmt: skip
            clock.advance(0.5)
            later = await client.get(f"{V}/me/conversations", params=token)
    assert codes == [200, 200, 400] and later.status_code == 200


async def test_every_answer_carries_the_usage_headers(stack: Stack) -> None:
    answer = await stack.client.get(f"{V}/me", headers=stack.bearer())
    app_usage = json.loads(answer.headers["x-app-usage"])
    assert set(app_usage) == {"call_count", "total_cputime", "total_time"}
    buc = json.loads(answer.headers["x-business-use-case-usage"])
    [entry] = buc[stack.sim.business.ig_id]
    assert entry["type"] == "instagram" and entry["estimated_time_to_regain_access"] == 0
