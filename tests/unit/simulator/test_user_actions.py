"""What a user does in Direct beyond text, as the app sees it: the media Meta's CDN serves, the
fields that decide which events are sent, standby, the Graph's view of replies and reactions,
and a clear 4xx for every action that cannot happen (docs/meta-platform.md 1.1, [IGEX][IMWH])."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from PIL import Image

from tests.unit.simulator.conftest import Stack
from tests.unit.simulator.test_event_shapes import control, next_body, subscribe_all

pytestmark = pytest.mark.anyio


async def _get(stack: Stack, url: str) -> Any:
    return await stack.client.get(url.removeprefix(stack.sim.config.public_url))


@pytest.mark.meta_verified
@pytest.mark.parametrize(
    ("kind", "content_type", "magic"),
    [
        ("image", "image/jpeg", b"\xff\xd8\xff"),
        ("video", "video/mp4", b"ftyp"),
        ("audio", "audio/mp4", b"ftyp"),
        ("file", "application/pdf", b"%PDF-"),
    ],
)
async def test_sent_media_is_served_by_the_cdn_with_its_type(
    stack: Stack, kind: str, content_type: str, magic: bytes
) -> None:
    user = stack.sim.create_user()
    sent = await control(stack, f"/users/{user.igsid}/media", {"kind": kind, "caption": "Olá"})
    [attachment] = sent["attachments"]
    assert attachment["type"] == kind
    got = await _get(stack, attachment["payload"]["url"])
    assert got.status_code == 200
    assert got.headers["content-type"].startswith(content_type)
    assert magic in got.content[:12]
    if kind == "file":
        assert got.content.rstrip().endswith(b"%%EOF")


async def test_a_photo_is_a_real_picture_and_a_tampered_media_url_is_refused(stack: Stack) -> None:
    user = stack.sim.create_user()
    sent = await control(stack, f"/users/{user.igsid}/media", {"kind": "image"})
    url = sent["attachments"][0]["payload"]["url"]
    picture = Image.open(io.BytesIO((await _get(stack, url)).content))
    assert picture.size == (640, 640)
    forged = await _get(stack, url.replace("oh=00_", "oh=00_f"))
    assert (forged.status_code, forged.text) == (403, "Bad URL hash")
    wrong_type = await _get(stack, url.replace("_n.jpg", "_n.mp4"))
    assert wrong_type.status_code in (403, 404)


@pytest.mark.meta_verified
async def test_the_business_story_is_served_and_replies_carry_its_url_and_id(stack: Stack) -> None:
    [story] = stack.sim.store.business_stories()
    assert (await _get(stack, story.url)).headers["content-type"] == "image/jpeg"
    user = stack.sim.create_user()
    sent = await control(stack, f"/users/{user.igsid}/story_replies", {"text": "Love it"})
    assert sent["story_id"] == story.id
    node = await stack.client.get(
        f"/graph/v25.0/{sent['mid']}", params={"fields": "story"}, headers=stack.bearer()
    )
    assert node.json()["story"] == {"reply_to": {"link": story.url, "id": story.id}}


async def test_a_new_business_story_becomes_the_one_replied_to(stack: Stack) -> None:
    story = {"text": "Flash sale!", "background": "candy"}
    posted = await control(stack, "/business/stories", story)
    user = stack.sim.create_user()
    sent = await control(stack, f"/users/{user.igsid}/story_replies", {"text": "How much?"})
    assert sent["story_id"] == posted["story_id"]


@pytest.mark.meta_verified
async def test_the_subscribed_fields_decide_which_events_are_sent(stack: Stack) -> None:
    """[IGWH] a reaction rides on ``message_reactions``, a read on ``messaging_seen``."""
    await subscribe_all(stack, "messages")
    user = stack.sim.create_user(role="tester")
    seq = stack.sim.events.last_seq
    first = await control(stack, f"/users/{user.igsid}/messages", {"text": "hi"})
    await next_body(stack, seq)
    reply = await stack.send(user.igsid, "hello")
    await control(
        stack, f"/users/{user.igsid}/messages/{first['mid']}/reaction", {"reaction": "like"}
    )
    await control(stack, f"/users/{user.igsid}/read")
    reasons = [d.error for d in stack.sim.deliveries.all() if d.outcome == "not_delivered"]
    assert reasons == [
        "not delivered: the app subscription does not include the 'message_reactions' field",
        "not delivered: the app subscription does not include the 'messaging_seen' field",
    ]
    assert reply.status_code == 200


@pytest.mark.meta_verified
async def test_a_thread_owned_by_another_app_goes_on_standby_and_back(stack: Stack) -> None:
    await subscribe_all(stack)
    user = stack.sim.create_user(role="tester")
    await control(stack, f"/users/{user.igsid}/thread/owner", {"owner": "other_app"})
    seq = stack.sim.events.last_seq
    await control(stack, f"/users/{user.igsid}/messages", {"text": "one"})
    assert "standby" in (await next_body(stack, seq))["entry"][0]
    await control(stack, f"/users/{user.igsid}/thread/owner", {"owner": "us"})
    seq = stack.sim.events.last_seq
    await control(stack, f"/users/{user.igsid}/messages", {"text": "two"})
    assert "messaging" in (await next_body(stack, seq))["entry"][0]


async def test_standby_needs_its_own_field(stack: Stack) -> None:
    await subscribe_all(stack, "messages")
    user = stack.sim.create_user(role="tester")
    await control(stack, f"/users/{user.igsid}/thread/owner", {"owner": "other_app"})
    await control(stack, f"/users/{user.igsid}/messages", {"text": "to them"})
    [delivery] = stack.sim.deliveries.all()
    assert delivery.error == (
        "not delivered: the app subscription does not include the 'standby' field"
    )
    assert "standby" in json.loads(delivery.body)["entry"][0]


async def test_reactions_show_on_the_message_node_and_go_away_when_taken_back(
    stack: Stack,
) -> None:
    user = stack.sim.create_user()
    first = await control(stack, f"/users/{user.igsid}/messages", {"text": "hi"})
    path = f"/users/{user.igsid}/messages/{first['mid']}/reaction"

    async def reactions() -> list[dict[str, Any]]:
        node = await stack.client.get(
            f"/graph/v25.0/{first['mid']}", params={"fields": "reactions"}, headers=stack.bearer()
        )
        return node.json()["reactions"]["data"]

    await control(stack, path, {"reaction": "other", "emoji": "🔥"})
    assert await reactions() == [
        {"reaction": "other", "users": [{"username": user.username, "id": user.igsid}]}
    ]
    await control(stack, path, {"reaction": None})
    assert await reactions() == []


@pytest.mark.parametrize(
    ("path", "body", "status", "reason"),
    [
        ("/users/{igsid}/media", {"kind": "sticker"}, 400, "kind must be one of"),
        ("/users/{igsid}/shares", {"type": "story", "title": "x"}, 400, "'type' must be"),
        ("/users/{igsid}/story_replies", {"text": "hi", "story_id": "1"}, 404, "no story 1"),
        ("/users/{igsid}/story_replies", {"text": " "}, 400, "a story reply needs text"),
        ("/users/{igsid}/messages/nope/replies", {"text": "yes"}, 404, "no message nope"),
        ("/users/{igsid}/messages/nope/reaction", {"reaction": "love"}, 404, "no message"),
        ("/users/{igsid}/read", {}, 400, "the business has sent nothing to read"),
        ("/users/{igsid}/referrals", {"ref": "x"}, 400, "opens it with a message"),
        ("/users/{igsid}/referrals", {}, 400, "'ref' is required"),
        ("/users/{igsid}/postbacks", {"title": "Hi"}, 400, "'payload' is required"),
        ("/users/{igsid}/thread/owner", {"owner": "me"}, 400, "'owner' must be"),
        ("/users/{igsid}/business_replies", {"text": ""}, 400, "must not be empty"),
        ("/business/stories", {"text": "x", "background": "plaid"}, 400, "background must be"),
        ("/dashboard_test", {}, 409, "no webhook subscription"),
        ("/users/000/media", {"kind": "image"}, 404, "no user with igsid 000"),
    ],
)
async def test_impossible_actions_answer_a_4xx_with_the_reason(
    stack: Stack, path: str, body: dict[str, Any], status: int, reason: str
) -> None:
    user = stack.sim.create_user()
    r = await stack.client.post(f"/_sim{path.format(igsid=user.igsid)}", json=body)
    assert r.status_code == status, r.text
    assert reason in r.json()["error"]["reason"]


async def test_reactions_are_checked_against_what_meta_reports(stack: Stack) -> None:
    user = stack.sim.create_user()
    first = await control(stack, f"/users/{user.igsid}/messages", {"text": "hi"})
    path = f"/_sim/users/{user.igsid}/messages/{first['mid']}/reaction"
    for body, reason in (
        ({"reaction": "meh"}, "reaction must be one of"),
        ({"reaction": None}, "there is no reaction to take back"),
        ({"reaction": "other"}, "needs the emoji"),
        ({}, "'reaction' is required"),
    ):
        r = await stack.client.post(path, json=body)
        assert (r.status_code, reason in r.json()["error"]["reason"]) == (400, True), r.text


@pytest.mark.meta_verified
async def test_an_edit_changes_the_message_but_no_webhook_reaches_the_app(stack: Stack) -> None:
    """Webhook Events Reference: "message_edits ... Only available for Messenger conversations";
    Instagram's webhook fields have none, so an app keeps the old text unless it asks."""
    await subscribe_all(stack)
    user = stack.sim.create_user(role="tester")
    seq = stack.sim.events.last_seq
    sent = await control(stack, f"/users/{user.igsid}/messages", {"text": "See you at 5"})
    await next_body(stack, seq)
    posts = len(stack.callback.received)
    edited = await control(
        stack, f"/users/{user.igsid}/messages/{sent['mid']}/edit", {"text": "See you at 6"}
    )
    assert (edited["edits"], edited["webhook"]) == (1, False)
    node = await stack.client.get(
        f"/graph/v25.0/{sent['mid']}", params={"fields": "message"}, headers=stack.bearer()
    )
    assert node.json()["message"] == "See you at 6"
    assert len(stack.callback.received) == posts
    assert stack.sim.deliveries.all()[-1].error == (
        "not delivered: Meta sends no webhook for an edit on Instagram "
        "(message_edits is Messenger-only)"
    )
    r = await stack.client.post(
        f"/graph/v25.0/{stack.sim.config.app_id}/subscriptions",
        data={
            "object": "instagram",
            "callback_url": "http://callback.test/webhook",
            "fields": "message_edits",
            "verify_token": "verify-me",
            "access_token": stack.sim.config.app_token,
        },
    )
    assert r.status_code == 400
    assert "Param fields[0] must be one of" in r.json()["error"]["message"]


async def test_edits_end_after_fifteen_minutes_or_five_edits(stack: Stack) -> None:
    user = stack.sim.create_user()
    first = await control(stack, f"/users/{user.igsid}/messages", {"text": "v0"})
    path = f"/_sim/users/{user.igsid}/messages/{first['mid']}/edit"
    for n in range(1, 6):
        assert (await stack.client.post(path, json={"text": f"v{n}"})).status_code == 200
    sixth = await stack.client.post(path, json={"text": "v6"})
    assert "5 times at most" in sixth.json()["error"]["reason"]
    late = await control(stack, f"/users/{user.igsid}/messages", {"text": "later"})
    stack.sim.clock.advance(15 * 60 + 1)
    r = await stack.client.post(
        f"/_sim/users/{user.igsid}/messages/{late['mid']}/edit", json={"text": "too late"}
    )
    assert (r.status_code, "15 minutes" in r.json()["error"]["reason"]) == (400, True)
