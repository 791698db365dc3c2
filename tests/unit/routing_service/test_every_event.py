"""Every event a user can cause, as the agent sees it (issue 8, item 3). The bodies are the
simulator's golden webhooks (``simulator/contract/golden``: what Meta sends), filled in; the
few shapes the simulator does not send (like_heart, is_unsupported, ig_story, message_edit,
timestamps in seconds) are written from Meta's docs and public payloads."""

from __future__ import annotations

import re
from typing import Any

import pytest

from simulator.contract.golden import load
from tests.unit.routing_service.conftest import IG_ID, Service, envelope, text_event

pytestmark = pytest.mark.anyio

TS = 1_718_000_000_123
_PLACEHOLDER = re.compile(r"<([a-z_]+)(?::(\d+))?>")


def golden(name: str, mids: dict[int, str] | None = None, igsid: str = "111") -> dict[str, Any]:
    """The golden body ``name`` with its placeholders given values."""
    mids = mids or {1: f"{name}.m1", 2: f"{name}.m2"}

    def value(match: re.Match[str]) -> Any:
        family, number = match.group(1), int(match.group(2) or 1)
        return {
            "ig_id": IG_ID, "igsid": igsid, "mid": mids.get(number, f"m{number}"),
            "timestamp": TS + number, "time": TS + 100, "cdn_url": f"https://cdn.test/{number}.jpg",
            "media_id": f"1790000000000000{number}",
        }[family]  # fmt: skip

    def fill(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: fill(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fill(v) for v in node]
        if isinstance(node, str) and (found := _PLACEHOLDER.fullmatch(node)):
            return value(found)
        return node

    return fill(load(name))


async def _only_conversation(agent: Service) -> dict[str, Any]:
    [conversation] = await agent.conversations()
    return conversation


async def _shown(agent: Service, body: dict[str, Any]) -> dict[str, Any]:
    """The last message of the only conversation, once the body was handled."""
    assert (await agent.webhook(body)).status_code == 200
    return (await _only_conversation(agent))["messages"][-1]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("postback", "Tapped 'Get started'"),
        ("referral_ig_me", "Opened the chat from an ig.me link (ref spring_sale)"),
        ("ig_reel", "Shared a reel: Unboxing"),
        ("ig_post", "Shared a post: Our new store"),
        ("image", "Sent a photo"),
        ("video", "Sent a video"),
        ("audio", "Sent a voice message"),
        ("file", "Sent a file"),
        ("quick_reply", "Red"),
        ("referral_ad", "Is it on?"),
    ],
)
async def test_each_event_opens_a_conversation_the_agent_can_read(
    agent: Service, name: str, shown: str
) -> None:
    message = await _shown(agent, golden(name))
    assert message["display_text"] == shown
    assert message["direction"] == "in"


async def test_a_postback_keeps_its_payload_and_continues_the_open_chat(agent: Service) -> None:
    await agent.message("111", "m0", "hello")
    message = await _shown(agent, golden("postback"))
    assert message["details"]["postback"] == {"title": "Get started", "payload": "GET_STARTED"}
    conversation = await _only_conversation(agent)
    assert [m["mid"] for m in conversation["messages"]] == ["m0", "postback.m1"]


async def test_a_postback_without_a_mid_is_deduplicated_on_redelivery(agent: Service) -> None:
    body = golden("postback")
    del body["entry"][0]["messaging"][0]["postback"]["mid"]  # before Graph API v11
    await agent.webhook(body)
    await agent.webhook(body)
    assert len((await _only_conversation(agent))["messages"]) == 1


async def test_shares_keep_their_title_link_and_id(agent: Service) -> None:
    message = await _shown(agent, golden("ig_reel"))
    assert message["attachments"] == [{"type": "ig_reel", "url": "https://cdn.test/1.jpg",
                                       "title": "Unboxing", "id": "17900000000000001"}]  # fmt: skip


async def test_a_quick_reply_keeps_its_payload(agent: Service) -> None:
    message = await _shown(agent, golden("quick_reply"))
    assert message["details"] == {"quick_reply_payload": "COLOR_RED"}


async def test_an_ad_click_says_which_ad(agent: Service) -> None:
    message = await _shown(agent, golden("referral_ad"))
    assert message["details"]["referral"]["ad_title"] == "Spring sale"
    assert message["details"]["referral"]["ad_id"] == "23850000000000001"


async def test_an_inline_reply_names_the_message_it_answers(agent: Service) -> None:
    await agent.message("111", "m_first", "Do you ship to Porto?")
    message = await _shown(agent, golden("inline_reply", {1: "m_answer", 2: "m_first"}))
    assert message["details"] == {"reply_to_mid": "m_first"}
    assert message["display_text"] == "yes"


async def test_a_reaction_lands_on_its_message_and_can_be_taken_back(agent: Service) -> None:
    await agent.message("111", "m_first", "Here is my order number")
    start = agent.router.bus.last_seq
    await agent.webhook(golden("reaction_react", {1: "m_first"}))
    [message] = (await _only_conversation(agent))["messages"]
    assert message["reaction"] == {"reaction": "love", "emoji": "\u2764\ufe0f"}
    events, _ = await agent.router.bus.wait_after(start, 0)
    assert [e.type for e in events] == ["message.updated"]
    await agent.webhook(golden("reaction_unreact", {1: "m_first"}))
    [message] = (await _only_conversation(agent))["messages"]
    assert message["reaction"] is None


async def test_a_reaction_to_an_unknown_message_opens_nothing(agent: Service) -> None:
    assert (await agent.webhook(golden("reaction_react", {1: "nowhere"}))).status_code == 200
    assert await agent.conversations() == []


async def test_a_read_marks_the_business_replies_seen(agent: Service) -> None:
    await agent.message("111", "m_in", "hi")
    conversation = await _only_conversation(agent)
    url = f"/api/conversations/{conversation['id']}/messages"
    for text in ("One moment", "Found it"):
        assert (await agent.client.post(url, json={"text": text})).status_code == 201
    sent = [m["mid"] for m in (await _only_conversation(agent))["messages"][1:]]
    await agent.webhook(golden("read", {1: sent[0]}))
    seen = [m["seen"] for m in (await _only_conversation(agent))["messages"]]
    assert seen == [False, True, False]
    await agent.webhook(golden("read", {1: sent[1]}))
    seen = [m["seen"] for m in (await _only_conversation(agent))["messages"]]
    assert seen == [False, True, True]


def _message_event(message: dict[str, Any], ts: int | str = TS) -> dict[str, Any]:
    event = text_event("111", str(message["mid"]), "", ts=ts)  # type: ignore[arg-type]
    event["message"] = message
    return envelope(event)


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ({"mid": "h", "attachments": [{"type": "like_heart"}]}, "\u2764\ufe0f"),
        ({"mid": "u", "is_unsupported": True}, "Unsupported message: open Instagram to view it"),
        ({"mid": "u2", "attachments": [{"type": "image", "payload": {"url": "https://x/1"}}],
          "is_unsupported": True}, "Unsupported message: open Instagram to view it"),
        ({"mid": "s", "attachments": [{"type": "ig_story", "payload": {
            "story_media_url": "https://cdn.test/story.jpg", "title": "Sunday market"}}]},
         "Shared a story: Sunday market"),
        ({"mid": "r", "attachments": [{"type": "share", "payload": {"url": "https://x/p"}}]},
         "Shared a post"),
        ({"mid": "z", "attachments": [{"type": "sticker-of-the-future"}]}, "Sent an attachment"),
    ],
)  # fmt: skip
async def test_payloads_from_meta_the_simulator_does_not_send(
    agent: Service, message: dict[str, Any], shown: str
) -> None:
    assert (await _shown(agent, _message_event(message)))["display_text"] == shown


async def test_an_ig_story_is_shown_from_metas_url(agent: Service) -> None:
    message = {"mid": "s", "attachments": [{"type": "ig_story", "payload": {
        "story_media_url": "https://cdn.test/story.jpg"}}]}  # fmt: skip
    shown = await _shown(agent, _message_event(message))
    assert shown["attachments"][0]["url"] == "https://cdn.test/story.jpg"


@pytest.mark.parametrize("ts", [1_718_000_000, "1718000000", 1_718_000_000_000])
async def test_timestamps_in_seconds_or_milliseconds_are_both_read_right(
    agent: Service, ts: int | str
) -> None:
    shown = await _shown(agent, _message_event({"mid": "t", "text": "hi"}, ts=ts))
    assert shown["meta_timestamp"].startswith("2024-06-10T06:13:20")


async def test_an_edit_is_shown_as_edited_if_meta_sends_it(agent: Service) -> None:
    """``message_edit`` is documented for Messenger only (Webhook Events Reference); handled
    the same way should Instagram send it."""
    await agent.message("111", "m1", "See you at 5")
    edit = text_event("111", "m1", "")
    del edit["message"]
    edit["message_edit"] = {"mid": "m1", "text": "See you at 6", "num_edit": 1}
    await agent.webhook(envelope(edit))
    [message] = (await _only_conversation(agent))["messages"]
    assert (message["text"], message["edited"]) == ("See you at 6", True)


async def test_standby_and_the_dashboard_test_open_nothing(agent: Service) -> None:
    for name in ("standby", "dashboard_test"):
        assert (await agent.webhook(golden(name))).status_code == 200
    assert await agent.conversations() == []
