"""The harness reads webhooks with ``simulator.contract.webhooks``; here it reads the golden
bodies the simulator's own deliveries wrote (``simulator/contract/golden``), so the steps and
the simulator agree on one source for every shape."""

from __future__ import annotations

import pytest

from simulator.contract import golden
from simulator.contract.webhooks import events_of, is_unsend_of, kind_of, story_mention_urls

KINDS = {
    "echo_instagram_app": "echo",
    "echo_send_api": "echo",
    "postback": "postback",
    "reaction_react": "reaction",
    "reaction_unreact": "reaction",
    "read": "read",
    "referral_ig_me": "referral",
    "unsend": "unsend",
}


@pytest.mark.parametrize("name", [n for n in golden.names() if n != "dashboard_test"])
def test_every_golden_event_is_read_with_its_kind(name: str) -> None:
    events = events_of(golden.load(name))
    assert events, f"{name}: the reader found no event"
    assert {kind_of(e) for e in events} == {KINDS.get(name, "message")}
    for event in events:
        assert event["timestamp"] == "<timestamp>"
        assert {event["sender"]["id"], event["recipient"]["id"]} >= {"<ig_id>"}


def test_the_dashboard_test_carries_changes_and_no_messaging_event() -> None:
    body = golden.load("dashboard_test")
    assert events_of(body) == []
    assert body["entry"][0]["changes"][0]["field"] == "messages"


def test_story_mentions_and_unsends_are_found_in_their_golden_bodies() -> None:
    assert story_mention_urls(golden.load("story_mention")) == ["<cdn_url:1>"]
    assert story_mention_urls(golden.load("story_reply")) == []
    assert is_unsend_of(golden.load("unsend"), "<mid:1>")
    assert not is_unsend_of(golden.load("text"), "<mid:1>")


def test_standby_events_are_read_like_messaging_ones() -> None:
    body = golden.load("standby")
    assert "standby" in body["entry"][0] and "messaging" not in body["entry"][0]
    [event] = events_of(body)
    assert event["message"]["text"] == "to the other app"


def test_batched_bodies_give_every_event_in_order() -> None:
    for name in ("batched_one_entry", "batched_entry_each"):
        texts = [e["message"]["text"] for e in events_of(golden.load(name))]
        assert texts == ["one", "two", "three"], name
