"""The `/_sim` control API: contract shapes and 4xx JSON for bad input (never a 500)."""

from __future__ import annotations

import asyncio

import pytest

from tests.unit.simulator.conftest import Stack

pytestmark = [pytest.mark.anyio, pytest.mark.simulator_only]


async def test_state_and_user_creation(stack: Stack) -> None:
    state = (await stack.client.get("/_sim/state")).json()
    cfg = stack.sim.config
    assert state["app"] == {
        "id": cfg.app_id,
        "secret": cfg.app_secret,
        "app_token": f"{cfg.app_id}|{cfg.app_secret}",
        "mode": "development",
    }
    assert state["business"]["username"] == "company_page"
    assert state["graph_base_url"] == "http://simulator.test/graph"
    r = await stack.client.post("/_sim/users", json={"role": None, "name": "No Role"})
    user = r.json()
    assert r.status_code == 200 and user["role"] is None and user["name"] == "No Role"
    assert set(user) >= {"igsid", "username", "name", "password", "role", "profile_pic"}
    state = (await stack.client.get("/_sim/state")).json()
    assert [u["igsid"] for u in state["users"]] == [user["igsid"]]


async def test_message_story_unsend_and_thread(stack: Stack) -> None:
    igsid = (await stack.client.post("/_sim/users", json={})).json()["igsid"]
    sent = (await stack.client.post(f"/_sim/users/{igsid}/messages", json={"text": "hi"})).json()
    assert set(sent) == {"mid", "timestamp"}
    story = (
        await stack.client.post(f"/_sim/users/{igsid}/stories", json={"text": "hey @company_page"})
    ).json()
    assert story["mentions"] == ["company_page"] and story["mention_mid"]
    r = await stack.client.post(
        f"/_sim/users/{igsid}/messages/{sent['mid']}/unsend", json={"client": "app"}
    )
    assert r.json() == {"mid": sent["mid"], "is_deleted": True, "webhook": True}
    thread = (await stack.client.get(f"/_sim/users/{igsid}/thread")).json()
    assert thread["thread_id"] == stack.sim.user(igsid).thread_id
    assert [(m["direction"], m["is_deleted"]) for m in thread["messages"]] == [
        ("out", True),
        ("out", False),
    ]
    assert thread["messages"][1]["attachments"][0]["type"] == "story_mention"


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("post", "/_sim/users/999/messages", {"text": "hi"}, 404),
        ("post", "/_sim/users/{igsid}/messages", {}, 400),
        ("post", "/_sim/users/{igsid}/messages", {"text": "   "}, 400),
        ("post", "/_sim/users/{igsid}/messages", {"text": 5}, 400),
        ("post", "/_sim/users/{igsid}/messages", {"text": "x", "client": "fax"}, 400),
        ("post", "/_sim/users/{igsid}/messages", "not json", 400),
        ("post", "/_sim/users/{igsid}/messages", [1, 2], 400),
        ("post", "/_sim/users/{igsid}/stories", {"text": "x", "background": "plaid"}, 400),
        ("post", "/_sim/users/{igsid}/messages/nope/unsend", {}, 404),
        ("get", "/_sim/users/999/thread", None, 404),
        ("post", "/_sim/users", {"role": "owner"}, 400),
        ("post", "/_sim/users", {"username": "company_page"}, 400),
        ("post", "/_sim/clock/advance", {"seconds": -1}, 400),
        ("post", "/_sim/clock/advance", {}, 400),
        ("get", "/_sim/events?after=x", None, 400),
        ("get", "/_sim/events?types=bogus", None, 400),
        ("get", "/_sim/nowhere", None, 404),
        ("delete", "/_sim/state", None, 405),
    ],
)
async def test_bad_input_gets_4xx_json_with_a_reason(
    stack: Stack, method: str, path: str, body: object, status: int
) -> None:
    igsid = stack.sim.create_user().igsid
    kwargs: dict[str, object] = {}
    if isinstance(body, str):
        kwargs["content"] = body
    elif body is not None:
        kwargs["json"] = body
    r = await stack.client.request(method.upper(), path.format(igsid=igsid), **kwargs)
    assert r.status_code == status, r.text
    assert isinstance(r.json()["error"]["reason"], str) and r.json()["error"]["reason"]


async def test_unsending_twice_or_a_business_message_is_refused(stack: Stack) -> None:
    user = stack.sim.create_user()
    mid = stack.sim.send_text(user, "hi").mid
    reply = stack.sim.business_send(user, text="hello")
    url = f"/_sim/users/{user.igsid}/messages/{{}}/unsend"
    assert (await stack.client.post(url.format(mid))).status_code == 200
    assert (await stack.client.post(url.format(mid))).status_code == 400
    assert (await stack.client.post(url.format(reply.mid))).status_code == 400


async def test_events_long_poll_returns_new_events(stack: Stack) -> None:
    last = (await stack.client.get("/_sim/state")).json()["last_seq"]
    poll = asyncio.create_task(stack.client.get(f"/_sim/events?after={last}&timeout=5"))
    user = stack.sim.create_user()
    stack.sim.send_text(user, "wake up")
    body = (await asyncio.wait_for(poll, 5)).json()
    assert body["events"][0]["type"] == "thread.message"
    assert body["events"][0]["data"]["text"] == "wake up"
    assert body["last_seq"] == body["events"][-1]["seq"] > last
    empty = (await stack.client.get(f"/_sim/events?after={body['last_seq']}&timeout=0")).json()
    assert empty == {"events": [], "last_seq": body["last_seq"]}


async def test_clock_advance_and_reset(stack: Stack) -> None:
    before = stack.sim.clock.now_ms()
    r = await stack.client.post("/_sim/clock/advance", json={"seconds": 90})
    assert r.json()["now_ms"] == before + 90_000
    first = (await stack.client.post("/_sim/users", json={})).json()
    await stack.client.post(f"/_sim/users/{first['igsid']}/messages", json={"text": "x"})
    assert (await stack.client.post("/_sim/reset")).status_code == 200
    assert (await stack.client.get("/_sim/deliveries")).json() == []
    assert (await stack.client.get("/_sim/state")).json()["users"] == []
    again = (await stack.client.post("/_sim/users", json={})).json()
    assert again["igsid"] == first["igsid"] and again["username"] == first["username"]
