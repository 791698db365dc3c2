"""The `/_sim` control API: contract shapes and 4xx JSON for bad input (never a 500)."""

from __future__ import annotations

import asyncio
import json

import pytest

from simulator.contract.signing import verify
from tests.unit.simulator.conftest import Stack, deliveries_of, wait_for

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


async def test_reset_with_a_seed_gives_other_users_and_keeps_the_account(stack: Stack) -> None:
    before = (await stack.client.get("/_sim/state")).json()
    first = (await stack.client.post("/_sim/users", json={})).json()
    answer = await stack.client.post("/_sim/reset", json={"seed": 77})
    assert answer.json()["seed"] == 77
    other = (await stack.client.post("/_sim/users", json={})).json()
    after = (await stack.client.get("/_sim/state")).json()
    assert other["igsid"] != first["igsid"] and after["seed"] == 77
    assert after["business"] == before["business"] and after["app"] == before["app"]
    for bad in ({"seed": -1}, {"seed": "7"}, {"seed": True}):
        refused = await stack.client.post("/_sim/reset", json=bad)
        assert refused.status_code == 400 and "seed" in refused.json()["error"]["reason"]


async def test_redeliver_reposts_the_same_events_with_a_new_time_and_signature(
    stack: Stack,
) -> None:
    """[MPWH] redeliveries keep `mid`/`timestamp`, get a new `entry.time`; no retry follows."""
    await stack.subscribe()
    msg = stack.sim.send_text(stack.sim.create_user(), "Olá äöå 😀")
    [first] = await wait_for(stack.sim, deliveries_of(msg.mid))
    stack.sim.clock.advance(60)
    stack.callback.statuses = [503]
    r = await stack.client.post(f"/_sim/deliveries/{first.data['id']}/redeliver")
    again = r.json()
    assert r.status_code == 200, r.text
    assert (again["attempt"], again["status"], again["outcome"]) == (2, 503, "failed")
    assert again["event_mids"] == [msg.mid] and again["id"] != first.data["id"]
    original, resent = json.loads(first.data["body"]), json.loads(again["body"])
    assert resent["entry"][0]["time"] == original["entry"][0]["time"] + 60_000
    assert resent["entry"][0]["messaging"] == original["entry"][0]["messaging"]
    body, headers = stack.callback.received[-1]
    assert body.decode() == again["body"] and body.isascii()
    assert verify(stack.sim.config.app_secret, body, headers["x-hub-signature-256"])
    assert headers["x-hub-signature-256"] != first.data["headers"]["X-Hub-Signature-256"]
    logged = (await stack.client.get("/_sim/deliveries")).json()
    assert [d["attempt"] for d in logged] == [1, 2]  # a failed redelivery is not retried


async def test_redeliver_refuses_unknown_and_never_sent_deliveries(stack: Stack) -> None:
    msg = stack.sim.send_text(stack.sim.create_user(), "not subscribed yet")
    [entry] = await wait_for(stack.sim, deliveries_of(msg.mid))
    r = await stack.client.post(f"/_sim/deliveries/{entry.data['id']}/redeliver")
    assert r.status_code == 409 and "never sent" in r.json()["error"]["reason"]
    r = await stack.client.post("/_sim/deliveries/dlv_99999/redeliver")
    assert r.status_code == 404 and r.json()["error"]["reason"]
    assert len((await stack.client.get("/_sim/deliveries")).json()) == 1
