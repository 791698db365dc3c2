"""Webhook delivery: envelope, signatures, redelivery, timeouts and "not delivered" reasons
(spec section 1, [MPWH][IMWH])."""

from __future__ import annotations

import json

import pytest

from simulator.config import SimulatorConfig
from simulator.contract.signing import verify
from tests.unit.simulator.conftest import Stack, deliveries_of, wait_for

pytestmark = pytest.mark.anyio


@pytest.mark.meta_verified
async def test_user_message_is_posted_signed_with_the_meta_envelope(stack: Stack) -> None:
    await stack.subscribe()
    user = stack.sim.create_user()
    msg = stack.sim.send_text(user, "Olá, äöå")
    [delivery] = await wait_for(stack.sim, deliveries_of(msg.mid))
    assert (delivery.data["status"], delivery.data["attempt"]) == (200, 1)
    body, headers = stack.callback.received[-1]
    assert b"Ol\\u00e1, \\u00e4\\u00f6\\u00e5" in body and body.isascii()
    secret = stack.sim.config.app_secret
    assert verify(secret, body, headers["x-hub-signature-256"])
    assert verify(secret, body, headers["x-hub-signature"])
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {
        "object": "instagram",
        "entry": [
            {
                "id": stack.sim.business.ig_id,
                "time": json.loads(body)["entry"][0]["time"],
                "messaging": [
                    {
                        "sender": {"id": user.igsid},
                        "recipient": {"id": stack.sim.business.ig_id},
                        "timestamp": msg.timestamp,
                        "message": {"mid": msg.mid, "text": "Olá, äöå"},
                    }
                ],
            }
        ],
    }
    assert delivery.data["body"] == body.decode()


@pytest.mark.meta_verified
async def test_failed_delivery_is_retried_with_same_mid_and_new_entry_time(stack: Stack) -> None:
    await stack.subscribe()
    stack.callback.statuses = [500, 503]
    user = stack.sim.create_user()
    msg = stack.sim.send_text(user, "retry me")
    attempts = await wait_for(stack.sim, deliveries_of(msg.mid), count=3)
    assert [(d.data["attempt"], d.data["status"]) for d in attempts] == [
        (1, 500),
        (2, 503),
        (3, 200),
    ]
    assert [d.data["outcome"] for d in attempts] == ["failed", "failed", "delivered"]
    assert attempts[0].data["error"] == "HTTP 500"
    bodies = [json.loads(body) for body, _ in stack.callback.received]
    events = [b["entry"][0]["messaging"][0] for b in bodies]
    assert {(e["message"]["mid"], e["timestamp"]) for e in events} == {(msg.mid, msg.timestamp)}
    times = [b["entry"][0]["time"] for b in bodies]
    assert times[0] < times[1] < times[2]


@pytest.mark.simulator_only
@pytest.mark.parametrize("config", [SimulatorConfig(seed=7, retry_delays_s=(0.0,))])
async def test_redelivery_stops_after_the_schedule(stack: Stack) -> None:
    await stack.subscribe()
    stack.callback.statuses = [500, 500, 500]
    user = stack.sim.create_user()
    msg = stack.sim.send_text(user, "x")
    attempts = await wait_for(stack.sim, deliveries_of(msg.mid), count=2)
    later = stack.sim.send_text(user, "y")  # fails once (third 500), then delivered
    await wait_for(
        stack.sim, lambda e: deliveries_of(later.mid)(e) and e.data["outcome"] == "delivered"
    )
    # one worker, in order: a third attempt of "x" would have come before "y"'s second
    assert len([e for e in stack.sim.events.after(0) if deliveries_of(msg.mid)(e)]) == 2
    assert [d.data["attempt"] for d in attempts] == [1, 2]


@pytest.mark.meta_verified
@pytest.mark.parametrize(
    "config", [SimulatorConfig(seed=7, webhook_timeout_s=0.05, retry_delays_s=())]
)
async def test_a_callback_slower_than_the_timeout_fails(stack: Stack) -> None:
    await stack.subscribe()
    stack.callback.hang = True
    msg = stack.sim.send_text(stack.sim.create_user(), "hello")
    [delivery] = await wait_for(stack.sim, deliveries_of(msg.mid))
    assert (delivery.data["status"], delivery.data["outcome"]) == (None, "failed")
    assert delivery.data["error"] == "timeout: no response within 0.05 s"
    assert len(stack.callback.received) == 1


@pytest.mark.meta_verified
async def test_not_delivered_reasons_explain_silent_failures(stack: Stack) -> None:
    sim = stack.sim
    user = sim.create_user()
    msg = sim.send_text(user, "nobody listens")
    [entry] = await wait_for(sim, deliveries_of(msg.mid))
    assert entry.data["outcome"] == "not_delivered" and entry.data["attempt"] == 0
    assert "no active webhook subscription" in entry.data["error"]

    app_id = sim.config.app_id
    await stack.client.post(
        f"/graph/v25.0/{app_id}/subscriptions",
        data={
            "object": "instagram",
            "callback_url": "http://callback.test/webhook",
            "fields": "messages",
            "verify_token": "verify-me",
            "access_token": sim.config.app_token,
        },
    )
    msg = sim.send_text(user, "account not subscribed")
    [entry] = await wait_for(sim, deliveries_of(msg.mid))
    assert "subscribed_apps" in entry.data["error"]

    await stack.subscribe()
    stranger = sim.create_user(role=None)
    msg = sim.send_text(stranger, "no role")
    [entry] = await wait_for(sim, deliveries_of(msg.mid))
    assert "development mode" in entry.data["error"] and stranger.username in entry.data["error"]
    assert stack.callback.received == []


@pytest.mark.meta_verified
async def test_story_mention_sends_a_story_mention_attachment(stack: Stack) -> None:
    await stack.subscribe()
    user = stack.sim.create_user()
    story = stack.sim.post_story(user, "Loving it @company_page!", background="ocean")
    assert story.mentions == ["company_page"] and story.mention_mid
    await wait_for(stack.sim, deliveries_of(story.mention_mid))
    event = json.loads(stack.callback.received[-1][0])["entry"][0]["messaging"][0]
    assert event["message"] == {
        "mid": story.mention_mid,
        "attachments": [{"type": "story_mention", "payload": {"url": story.url}}],
    }
    assert stack.sim.post_story(user, "no mention here").mention_mid is None


@pytest.mark.meta_verified
@pytest.mark.parametrize("config", [SimulatorConfig(seed=7, unsend_clients=("app",))])
async def test_unsend_webhook_only_from_configured_clients(stack: Stack) -> None:
    await stack.subscribe()
    user = stack.sim.create_user()
    first, second = stack.sim.send_text(user, "one"), stack.sim.send_text(user, "two")
    await wait_for(stack.sim, deliveries_of(second.mid))
    stack.sim.unsend(user, first.mid, client="web")
    stack.sim.unsend(user, second.mid, client="app")
    deliveries = await wait_for(stack.sim, deliveries_of(second.mid), count=2)
    event = json.loads(deliveries[-1].data["body"])["entry"][0]["messaging"][0]
    assert event["message"] == {"mid": second.mid, "is_deleted": True}
    assert len([e for e in stack.sim.events.after(0) if deliveries_of(first.mid)(e)]) == 1
    unsends = [e.data for e in stack.sim.events.after(0) if e.type == "thread.unsend"]
    assert [(u["mid"], u["webhook"]) for u in unsends] == [(first.mid, False), (second.mid, True)]
    assert all(m.is_deleted for m in stack.sim.thread(user))
