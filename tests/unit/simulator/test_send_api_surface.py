"""The Send API whole [IGSEND][MPSEND]: what a real app sends is accepted, kept, shown and
echoed as Meta does, and what Meta refuses is refused with its code and subcode."""

from __future__ import annotations

import json
from typing import Any

import pytest

from simulator.state.models import IgUser
from tests.unit.simulator.conftest import Stack, deliveries_of, wait_for

pytestmark = pytest.mark.anyio
MEDIA = "http://callback.test/media/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
async def user(stack: Stack) -> IgUser:
    await stack.subscribe()
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi there")
    stack.callback.media["a.png"] = ("image/png", PNG)
    return user


async def _send(stack: Stack, user: IgUser, message: dict[str, Any] | None = None, **extra: Any):
    body: dict[str, Any] = {"recipient": {"id": user.igsid}, **extra}
    if message is not None:
        body["message"] = message
    return await stack.client.post("/graph/v25.0/me/messages", json=body, headers=stack.bearer())


async def _echo(stack: Stack, mid: str) -> dict[str, Any]:
    await wait_for(stack.sim, deliveries_of(mid))
    bodies = [json.loads(body) for body, _ in stack.callback.received]
    events = [e for b in bodies for entry in b["entry"] for e in entry["messaging"]]
    return next(e["message"] for e in events if e["message"]["mid"] == mid)


def _refused(response: Any) -> tuple[int, int | None]:
    error = response.json()["error"]
    return error["code"], error.get("error_subcode")


async def test_up_to_ten_images_in_attachments(stack: Stack, user: IgUser) -> None:
    images = [{"type": "image", "payload": {"url": f"{MEDIA}a.png"}} for _ in range(10)]
    sent = await _send(stack, user, {"attachments": images})
    assert sent.status_code == 200, sent.text
    echo = await _echo(stack, sent.json()["message_id"])
    assert echo["attachments"] == images and echo["is_echo"] is True
    eleven = await _send(stack, user, {"attachments": [*images, images[0]]})
    assert _refused(eleven) == (100, 2534015)
    mixed = [images[0], {"type": "video", "payload": {"url": f"{MEDIA}a.png"}}]
    assert _refused(await _send(stack, user, {"attachments": mixed})) == (100, 2534015)


async def test_like_heart_media_share_and_a_generic_template(stack: Stack, user: IgUser) -> None:
    heart = await _send(stack, user, {"attachment": {"type": "like_heart"}})
    assert (await _echo(stack, heart.json()["message_id"]))["attachments"] == [
        {"type": "like_heart"}
    ]
    share = await _send(
        stack, user, {"attachment": {"type": "MEDIA_SHARE", "payload": {"id": "17900000000000001"}}}
    )
    assert share.status_code == 200, share.text
    element = {
        "title": "Blue jacket",
        "subtitle": "In stock",
        "image_url": f"{MEDIA}a.png",
        "default_action": {"type": "web_url", "url": "https://shop.example/jacket"},
        "buttons": [
            {"type": "web_url", "url": "https://shop.example/jacket", "title": "View"},
            {"type": "postback", "title": "Buy", "payload": "BUY_JACKET"},
        ],
    }
    template = {"type": "template", "payload": {"template_type": "generic", "elements": [element]}}
    sent = await _send(stack, user, {"attachment": template})
    assert sent.status_code == 200, sent.text
    echoed = (await _echo(stack, sent.json()["message_id"]))["attachments"][0]
    assert echoed == {
        "type": "template",
        "payload": {"template_type": "generic", "elements": [element]},
    }


@pytest.mark.parametrize(
    "payload",
    [
        {"template_type": "button", "text": "x", "buttons": []},
        {"template_type": "generic", "elements": []},
        {"template_type": "generic", "elements": [{"title": "x"}] * 11},
        {"template_type": "generic", "elements": [{"title": "t" * 81}]},
        {"template_type": "generic", "elements": [{"title": "x", "buttons": [
            {"type": "postback", "title": "a", "payload": "A"}] * 4}]},
        {"template_type": "generic", "elements": [{"title": "x", "buttons": [
            {"type": "phone_number", "title": "Call", "payload": "+1"}]}]},
    ],
)  # fmt: skip
async def test_templates_instagram_cannot_show_are_refused(
    stack: Stack, user: IgUser, payload: dict[str, Any]
) -> None:
    sent = await _send(stack, user, {"attachment": {"type": "template", "payload": payload}})
    assert _refused(sent) == (100, 2534015), sent.text


async def test_quick_replies_are_kept_in_the_thread(stack: Stack, user: IgUser) -> None:
    replies = [
        {"content_type": "text", "title": "Red", "payload": "COLOR_RED"},
        {"content_type": "text", "title": "Blue", "payload": "COLOR_BLUE"},
    ]
    sent = await _send(stack, user, {"text": "Which colour?", "quick_replies": replies})
    assert sent.status_code == 200, sent.text
    kept = stack.sim.thread(user)[-1]
    assert kept.text == "Which colour?" and kept.quick_replies == replies
    too_many = [{"content_type": "text", "title": f"{i}", "payload": f"P{i}"} for i in range(14)]
    assert _refused(await _send(stack, user, {"text": "x", "quick_replies": too_many})) == (
        100,
        2534015,
    )
    long_title = [{"content_type": "text", "title": "x" * 21, "payload": "P"}]
    assert _refused(await _send(stack, user, {"text": "x", "quick_replies": long_title}))[0] == 100


async def test_a_tapped_quick_reply_reaches_the_app_with_its_payload(
    stack: Stack, user: IgUser
) -> None:
    """[IGEX] ``{"message":{"mid","text":"Red","quick_reply":{"payload":"COLOR_RED"}}}``."""
    tapped = stack.sim.send_text(user, "Red", quick_reply="COLOR_RED")
    echo = await _echo(stack, tapped.mid)
    assert echo == {"mid": tapped.mid, "text": "Red", "quick_reply": {"payload": "COLOR_RED"}}


async def test_reply_to_points_at_a_message_of_the_thread(stack: Stack, user: IgUser) -> None:
    first = stack.sim.thread(user)[0].mid
    sent = await _send(stack, user, {"text": "About that:"}, reply_to={"mid": first})
    assert sent.status_code == 200, sent.text
    assert stack.sim.thread(user)[-1].reply_to == first
    assert (await _echo(stack, sent.json()["message_id"]))["reply_to"] == {"mid": first}
    unknown = await _send(stack, user, {"text": "x"}, reply_to={"mid": "aWdfnot-here"})
    assert _refused(unknown)[0] == 100


async def test_an_uploaded_attachment_is_sent_by_its_id(stack: Stack, user: IgUser) -> None:
    upload = await stack.client.post(
        "/graph/v25.0/me/message_attachments",
        json={"platform": "instagram", "message": {"attachment": {
            "type": "image", "payload": {"url": f"{MEDIA}a.png", "is_reusable": True}}}},
        headers=stack.bearer(),
    )  # fmt: skip
    attachment_id = upload.json()["attachment_id"]
    by_id = {"type": "image", "payload": {"attachment_id": attachment_id}}
    sent = await _send(stack, user, {"attachment": by_id})
    assert sent.status_code == 200, sent.text
    echoed = (await _echo(stack, sent.json()["message_id"]))["attachments"]
    assert echoed == [{"type": "image", "payload": {"url": f"{MEDIA}a.png"}}]
    wrong = {"type": "video", "payload": {"attachment_id": attachment_id}}
    assert _refused(await _send(stack, user, {"attachment": wrong}))[0] == 100


@pytest.mark.parametrize(
    ("name", "served", "expected"),
    [
        ("gone.png", None, (100, 2018008)),  # 404 at the app
        ("page.png", ("text/html", b"<html></html>"), (100, 2018008)),  # not an image
        ("huge.png", ("image/png", b"\0" * ((8 << 20) + 1)), (100, 2018109)),  # over 8 MB
    ],
)
async def test_media_meta_cannot_fetch_is_refused(
    stack: Stack, user: IgUser, name: str, served: Any, expected: tuple[int, int]
) -> None:
    if served:
        stack.callback.media[name] = served
    sent = await _send(
        stack, user, {"attachment": {"type": "image", "payload": {"url": MEDIA + name}}}
    )
    assert _refused(sent) == expected, sent.text
    assert stack.sim.thread(user)[-1].text == "hi there"  # nothing was sent


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"messaging_type": "MESSAGE_TAG", "tag": "ACCOUNT_UPDATE"}, "no longer supported"),
        ({"messaging_type": "MESSAGE_TAG", "tag": "POST_PURCHASE_UPDATE"}, "no longer supported"),
        ({"messaging_type": "MESSAGE_TAG"}, "tag is required"),
        ({"messaging_type": "PROMOTION"}, "messaging_type must be one of"),
    ],
)
async def test_tag_rules(stack: Stack, user: IgUser, extra: dict, reason: str) -> None:
    sent = await _send(stack, user, {"text": "update"}, **extra)
    assert _refused(sent)[0] == 100 and reason in sent.json()["error"]["message"]


async def test_text_and_an_attachment_together_are_refused(stack: Stack, user: IgUser) -> None:
    both = {"text": "x", "attachment": {"type": "like_heart"}}
    assert _refused(await _send(stack, user, both)) == (100, 2534015)
