"""Facts of docs/meta-platform.md pinned where other tests leave them loose; each
test name cites its source key."""

from __future__ import annotations

import json

import pytest

from simulator import errors
from tests.unit.simulator.conftest import START_MS, Stack, deliveries_of, wait_for

pytestmark = [pytest.mark.anyio, pytest.mark.meta_verified]


async def test_entry_time_and_event_timestamp_are_milliseconds_IGEX(stack: Stack) -> None:
    await stack.subscribe()
    user = stack.sim.create_user()
    stack.sim.clock.advance(1.234)
    msg = stack.sim.send_text(user, "hi")
    await wait_for(stack.sim, deliveries_of(msg.mid))
    body = json.loads(stack.callback.received[-1][0])
    [entry] = body["entry"]
    [event] = entry["messaging"]
    assert event["timestamp"] == START_MS + 1234 == msg.timestamp  # ms, not s
    assert isinstance(entry["time"], int) and entry["time"] == START_MS + 1234


async def test_attachment_reply_is_echoed_with_is_echo_and_swapped_ids_MPWH(stack: Stack) -> None:
    await stack.subscribe()
    user = stack.sim.create_user()
    stack.sim.send_text(user, "a photo please")
    picture = stack.sim.store.urls.profile_pic(user.igsid)  # Meta must be able to fetch it
    attachment = {"type": "image", "payload": {"url": picture}}
    body = {"recipient": {"id": user.igsid}, "message": {"attachment": attachment}}
    r = await stack.client.post("/graph/v25.0/me/messages", json=body, headers=stack.bearer())
    mid = r.json()["message_id"]
    assert r.json() == {"recipient_id": user.igsid, "message_id": mid}  # [IGSEND]
    await wait_for(stack.sim, deliveries_of(mid))
    [event] = json.loads(stack.callback.received[-1][0])["entry"][0]["messaging"]
    assert event["sender"] == {"id": stack.sim.business.ig_id}
    assert event["recipient"] == {"id": user.igsid}
    assert event["message"] == {"mid": mid, "attachments": [attachment], "is_echo": True}


async def test_success_is_a_string_for_app_subscriptions_SUBS_and_a_boolean_for_IG_IGWH(
    stack: Stack,
) -> None:
    cfg = stack.sim.config
    app = await stack.client.post(
        f"/graph/v25.0/{cfg.app_id}/subscriptions",
        data={
            "object": "instagram",
            "callback_url": "http://callback.test/webhook",
            "fields": "messages",
            "verify_token": "verify-me",
            "access_token": cfg.app_token,
        },
    )
    assert app.text == '{"success":"true"}'
    account = await stack.client.post(
        "/graph/v25.0/me/subscribed_apps?subscribed_fields=messages", headers=stack.bearer()
    )
    assert account.text == '{"success":true}'


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (errors.UnknownError(), 500),  # 1 and 2: transient, 500
        (errors.InvalidParameter(), 400),
        (errors.InvalidToken(), 400),  # 190
        (errors.ExpiredToken(), 400),  # 190/463
        (errors.OutsideWindow(), 403),  # 10/2534022
        (errors.NoRole(), 403),  # 200/2018028
        (errors.ConsentRequired(), 403),  # 230 lies in 200-299
        (errors.NoMatchingUser(), 400),  # 100/2534014
        (errors.CallbackVerificationFailed("x"), 400),  # 2200 is not in 200-299
    ],
)
def test_error_http_status_defaults_GERR_spec_section_3(
    error: errors.GraphError, status: int
) -> None:
    assert error.status == status
    body = error.body("trace")["error"]
    assert body["message"].startswith(f"(#{error.code}) ") and body["type"] == "OAuthException"


async def test_react_and_unreact_sender_actions_IGSEND(stack: Stack) -> None:
    await stack.subscribe()
    user = stack.sim.create_user()
    mid = stack.sim.send_text(user, "thanks!").mid
    url, headers = "/graph/v25.0/me/messages", stack.bearer()
    react = {"recipient": {"id": user.igsid}, "sender_action": "react"}
    r = await stack.client.post(
        url, json=react | {"payload": {"message_id": mid, "reaction": "love"}}, headers=headers
    )
    assert r.json() == {"recipient_id": user.igsid}
    unreact = react | {"sender_action": "unreact", "payload": {"message_id": mid}}
    assert (await stack.client.post(url, json=unreact, headers=headers)).status_code == 200
    bad = react | {"payload": {"message_id": "nope", "reaction": "love"}}
    assert (await stack.client.post(url, json=bad, headers=headers)).json()["error"]["code"] == 100
    no_reaction = react | {"payload": {"message_id": mid}}
    r = await stack.client.post(url, json=no_reaction, headers=headers)
    assert r.json()["error"]["code"] == 100
    assert [m.mid for m in stack.sim.thread(user)] == [mid]  # a reaction adds no message
