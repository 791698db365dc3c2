"""Every messaging event a user (or the business outside the app) can cause, through the control
API, delivered as the golden body of its shape (docs/meta-platform.md 1.1, [IGEX][IMWH]).

``UPDATE_GOLDEN=1`` rewrites ``simulator/contract/golden/`` from what the simulator sends.
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from simulator.clock import Clock
from simulator.config import SimulatorConfig
from simulator.contract import golden
from simulator.state.models import IgUser
from tests.unit.simulator.conftest import START_MS, Stack, open_stack

pytestmark = pytest.mark.anyio

ALL_FIELDS = (
    "messages,messaging_postbacks,message_reactions,messaging_seen,messaging_referral,"
    "messaging_optins,messaging_handover,standby"
)
Action = Callable[[Stack, IgUser], Awaitable[None]]


async def subscribe_all(stack: Stack, fields: str = ALL_FIELDS) -> None:
    await stack.subscribe(fields)


async def control(stack: Stack, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    r = await stack.client.post(f"/_sim{path}", json=body or {})
    assert r.status_code == 200, r.text
    return r.json()


async def next_body(stack: Stack, after: int) -> dict[str, Any]:
    """The body of the first webhook delivered after event ``after`` (waits, 5 s at most)."""
    seq = after
    while True:
        found = await stack.sim.events.wait_after(seq, 5.0, ("delivery",))
        assert found, "no webhook was delivered"
        for event in found:
            if event.data["outcome"] == "delivered":
                return json.loads(event.data["body"])
        seq = found[-1].seq


async def _user_message(stack: Stack, user: IgUser, text: str = "first") -> str:
    seq = stack.sim.events.last_seq
    mid = (await control(stack, f"/users/{user.igsid}/messages", {"text": text}))["mid"]
    await next_body(stack, seq)
    return mid


async def _business_message(stack: Stack, user: IgUser) -> str:
    await _user_message(stack, user)  # opens the 24 h window [IGSEND]
    seq = stack.sim.events.last_seq
    r = await stack.send(user.igsid, "How can we help?")
    assert r.status_code == 200, r.text
    await next_body(stack, seq)
    return r.json()["message_id"]


async def _inline_reply(stack: Stack, user: IgUser) -> dict[str, Any]:
    mid = await _user_message(stack, user)
    return {"path": f"/users/{user.igsid}/messages/{mid}/replies", "body": {"text": "yes"}}


async def _react(stack: Stack, user: IgUser) -> dict[str, Any]:
    mid = await _business_message(stack, user)
    return {"path": f"/users/{user.igsid}/messages/{mid}/reaction", "body": {"reaction": "love"}}


async def _unreact(stack: Stack, user: IgUser) -> dict[str, Any]:
    setup = await _react(stack, user)
    seq = stack.sim.events.last_seq
    await control(stack, setup["path"], setup["body"])
    await next_body(stack, seq)
    return {"path": setup["path"], "body": {"reaction": None}}


async def _read(stack: Stack, user: IgUser) -> dict[str, Any]:
    await _business_message(stack, user)
    return {"path": f"/users/{user.igsid}/read"}


async def _follow_link(stack: Stack, user: IgUser) -> dict[str, Any]:
    await _user_message(stack, user)
    return {"path": f"/users/{user.igsid}/referrals", "body": {"ref": "spring_sale"}}


async def _unsend(stack: Stack, user: IgUser) -> dict[str, Any]:
    mid = await _user_message(stack, user, "oops")
    return {"path": f"/users/{user.igsid}/messages/{mid}/unsend", "body": {"client": "app"}}


async def _echo_api(stack: Stack, user: IgUser) -> dict[str, Any]:
    await _user_message(stack, user)
    return {"send": "How can we help?"}


async def _echo_app(stack: Stack, user: IgUser) -> dict[str, Any]:
    await _user_message(stack, user)
    return {"path": f"/users/{user.igsid}/business_replies", "body": {"text": "Sent from IG"}}


async def _standby(stack: Stack, user: IgUser) -> dict[str, Any]:
    await control(stack, f"/users/{user.igsid}/thread/owner", {"owner": "other_app"})
    return {"path": f"/users/{user.igsid}/messages", "body": {"text": "to the other app"}}


def _simple(path: str, body: dict[str, Any] | None = None) -> Callable[..., Any]:
    async def setup(stack: Stack, user: IgUser) -> dict[str, Any]:
        return {"path": path.format(igsid=user.igsid), "body": body}

    return setup


# shape name -> how to cause it (setup answers the action: a control call or a Send API text)
SHAPES: dict[str, Callable[[Stack, IgUser], Awaitable[dict[str, Any]]]] = {
    "text": _simple("/users/{igsid}/messages", {"text": "hi"}),
    "text_emoji_and_scripts": _simple(
        "/users/{igsid}/messages", {"text": "Olá 👋🏽 こんにちは مرحبا Привет"}
    ),
    "image": _simple("/users/{igsid}/media", {"kind": "image", "caption": "my order"}),
    "video": _simple("/users/{igsid}/media", {"kind": "video"}),
    "audio": _simple("/users/{igsid}/media", {"kind": "audio"}),
    "file": _simple("/users/{igsid}/media", {"kind": "file", "caption": "invoice.pdf"}),
    "ig_post": _simple("/users/{igsid}/shares", {"type": "post", "title": "Our new store"}),
    "ig_reel": _simple("/users/{igsid}/shares", {"type": "reel", "title": "Unboxing"}),
    "story_reply": _simple("/users/{igsid}/story_replies", {"text": "Nice!"}),
    "inline_reply": _inline_reply,
    "story_mention": _simple("/users/{igsid}/stories", {"text": "Loving @company_page"}),
    "quick_reply": _simple("/users/{igsid}/messages", {"text": "Red", "quick_reply": "COLOR_RED"}),
    "postback": _simple(
        "/users/{igsid}/postbacks", {"title": "Get started", "payload": "GET_STARTED"}
    ),
    "referral_ig_me": _follow_link,
    "referral_ad": _simple(
        "/users/{igsid}/referrals",
        {"ad_id": "23850000000000001", "ad_title": "Spring sale", "text": "Is it on?"},
    ),
    "reaction_react": _react,
    "reaction_unreact": _unreact,
    "read": _read,
    "unsend": _unsend,
    "echo_send_api": _echo_api,
    "echo_instagram_app": _echo_app,
    "standby": _standby,
    "dashboard_test": _simple("/dashboard_test", {"field": "messages"}),
}


async def cause(stack: Stack, name: str) -> dict[str, Any]:
    """Cause shape ``name`` and answer its delivered body, normalized."""
    await subscribe_all(stack)
    user = stack.sim.create_user(role="tester")
    action = await SHAPES[name](stack, user)
    seq = stack.sim.events.last_seq
    if "send" in action:
        r = await stack.send(user.igsid, action["send"])
        assert r.status_code == 200, r.text
    else:
        await control(stack, action["path"], action.get("body"))
    body = await next_body(stack, seq)
    return golden.normalize(body, {stack.sim.business.ig_id: "<ig_id>"})


@pytest.mark.meta_verified
@pytest.mark.parametrize("name", sorted(SHAPES))
async def test_each_user_action_is_delivered_as_its_golden_shape(stack: Stack, name: str) -> None:
    body = await cause(stack, name)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write(name, body)
    assert body == golden.load(name)


def test_every_golden_shape_is_caused_by_a_test() -> None:
    batched = ["batched_entry_each", "batched_one_entry"]
    assert golden.names() == sorted([*SHAPES, *batched])


@pytest.mark.meta_verified
@pytest.mark.parametrize("entries", ["one", "each"])
async def test_batched_bodies_keep_their_golden_shape(entries: str) -> None:
    """[GS][IGWH] several events in one POST: in one entry, or one entry each."""
    config = SimulatorConfig(seed=7, batch_size=3, batch_entries=entries)
    async for stack in open_stack(config, Clock(start_ms=START_MS)):
        await subscribe_all(stack)
        user = stack.sim.create_user(role="tester")
        seq = stack.sim.events.last_seq
        for text in ("one", "two", "three"):  # queued before the dispatcher runs again
            stack.sim.send_text(user, text)
        body = golden.normalize(await next_body(stack, seq), {stack.sim.business.ig_id: "<ig_id>"})
        name = f"batched_{entries}_entry" if entries == "one" else "batched_entry_each"
        if os.environ.get("UPDATE_GOLDEN"):
            golden.write(name, body)
        assert body == golden.load(name)
