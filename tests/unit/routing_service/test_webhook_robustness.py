"""Odd but correctly signed webhook bodies: never a 500, the raw body always kept.

Named cases pin shapes Meta sends or might send; ``test_webhook_properties`` mutates a
realistic batch at random and checks the same promises.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.unit.routing_service.conftest import IG_ID, Service, ServiceFactory, envelope, text_event

Body = dict[str, Any] | bytes


def _with(event: dict[str, Any], **message: Any) -> dict[str, Any]:
    return {**event, "message": {**event["message"], **message}}


def _event(igsid: str, **fields: Any) -> dict[str, Any]:
    """A non-message event (reaction, read, postback) from ``igsid``."""
    base = text_event(igsid, "unused", "")
    del base["message"]
    return {**base, **fields}


HUGE = "Olá 😀 " * 20_000
DASHBOARD_TEST = {"object": "instagram", "entry": [{"id": "0", "time": 1527459824, "changes": [
    {"field": "messages", "value": {
        "sender": {"id": "12334"}, "recipient": {"id": "23245"}, "timestamp": "1527459824",
        "message": {"mid": "random_mid", "text": "random_text"}}}]}]}  # fmt: skip
STANDBY = {"object": "instagram", "entry": [
    {"id": IG_ID, "time": 1, "standby": [text_event("215", "m15", "hi")]}]}  # fmt: skip
BATCH = {"object": "instagram", "entry": [
    {"id": IG_ID, "time": n, "messaging": [text_event("301", f"b{n}{k}", "x") for k in range(2)]}
    for n in range(3)]}  # fmt: skip
REACTION = {"mid": "m0", "action": "react", "reaction": "love", "emoji": "\u2764\ufe0f"}
POSTBACK = {"mid": "p1", "title": "Get started", "payload": "GO"}

# name -> (body, expected status, mids that must be stored)
# fmt: off
CASES: dict[str, tuple[Body, int, list[str]]] = {
    "entry is an object": ({"object": "instagram", "entry": {}}, 400, []),
    "entry holds a string": ({"object": "instagram", "entry": ["x", None]}, 200, []),
    "messaging is a string": ({"object": "instagram", "entry": [{"messaging": "x"}]}, 200, []),
    "message is a list": (envelope({**text_event("201", "m1", ""), "message": []}), 200, []),
    "attachments is an object": (
        envelope(_with(text_event("202", "m2", "hi"), attachments={"type": "image"})), 200, ["m2"]),
    "attachment payload is null": (envelope(_with(text_event("203", "m3", ""),
        attachments=[{"type": "image", "payload": None}])), 200, ["m3"]),
    "no sender id": (envelope({**text_event("204", "m4", "hi"), "sender": {}}), 200, []),
    "no mid": (envelope(_with(text_event("205", "m5", "hi"), mid=None)), 200, []),
    "numeric sender id": (
        envelope({**text_event("206", "m6", "hi"), "sender": {"id": 206}}), 200, ["m6"]),
    "nulls everywhere": ({"object": "instagram", "entry": [
        {"id": None, "time": None, "messaging": [None, {"message": None}]}]}, 200, []),
    "huge text": (envelope(text_event("207", "m7", HUGE)), 200, ["m7"]),
    "non-ASCII as raw UTF-8": (json.dumps(envelope(text_event("208", "m8", "äöå ✓ 😀")),
                                          ensure_ascii=False).encode(), 200, ["m8"]),
    "lone surrogate": (envelope(text_event("209", "m9", "a\ud800b")), 200, ["m9"]),
    "timestamp Infinity": (envelope(text_event("210", "m10", "hi", ts=float("inf"))), 200, ["m10"]),
    "timestamp past 9999": (envelope(text_event("211", "m11", "hi", ts=10**30)), 200, ["m11"]),
    "timestamp a word": (envelope(text_event("212", "m12", "hi", ts="soon")), 200, ["m12"]),
    "igsid with a newline": (envelope(text_event("2\n13", "m13", "hi")), 200, ["m13"]),
    "igsid that is a path": (envelope(text_event("../me/messages", "m14", "hi")), 200, ["m14"]),
    "dashboard Test (changes)": (DASHBOARD_TEST, 200, []),
    "standby instead of messaging": (STANDBY, 200, []),
    "batch of 3 entries x 2 events": (BATCH, 200, [f"b{n}{k}" for n in range(3) for k in range(2)]),
    "reaction, read, postback": (envelope(
        _event("216", reaction=REACTION), _event("216", read={"mid": "m0"}),
        _event("216", postback=POSTBACK)), 200, []),
    "another object": ({"object": "page", "entry": [{"messaging": [{}]}]}, 200, []),
    "not JSON": (b"{not json", 400, []),
    "NaN literal": (b'{"object":"instagram","entry":[NaN]}', 200, []),
    "nested too deeply": (b"[" * 50_000 + b"]" * 50_000, 400, []),
    "not UTF-8": (b'{"object":"instagram","entry":[],"x":"\xff\xfe"}', 400, []),
    "JSON array": (b"[]", 400, []),
}
# fmt: on


@pytest.mark.anyio
@pytest.mark.parametrize("case", CASES)
async def test_odd_bodies_are_answered_below_500_and_kept(agent: Service, case: str) -> None:
    body, status, stored = CASES[case]
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    response = await agent.webhook(raw)
    assert response.status_code == status, response.text
    if status >= 400:
        assert isinstance(response.json()["error"]["reason"], str)
    [kept] = agent.router.store.webhook_events()
    assert kept["body"] == (raw.decode() if _utf8(raw) else raw)  # exact bytes if not UTF-8
    for mid in stored:
        assert agent.router.store.message_by_mid(mid) is not None, mid
    listing = await agent.client.get("/api/conversations")
    assert listing.status_code == 200
    if case == "huge text":
        assert listing.json()[0]["messages"][0]["text"] == HUGE


@pytest.mark.anyio
async def test_an_igsid_is_one_path_segment_of_the_profile_call(agent: Service) -> None:
    await agent.webhook(envelope(text_event("../me/messages?x=1#", "m1", "hi")))
    [profile] = [r for r in agent.graph.requests if r.method == "GET"]
    assert profile.url.raw_path.startswith(b"/v25.0/..%2Fme%2Fmessages%3Fx%3D1%23?")


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.anyio
async def test_an_event_that_fails_costs_the_batch_nothing_else_and_is_tried_again(
    make_service: ServiceFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the retry comes a second after the failure: the checks between (no await among them)
    # run long before it, however busy the machine; the settled wait is only a safety cap
    async with make_service(webhook_retry_ms=1000) as agent:
        await agent.login()
        await agent.set_status("operating")
        handle, bug = agent.router.on_inbound, ["a bug in one event"]

        async def flaky(event: Any) -> Any:
            if event.mid == "bad" and bug:
                raise RuntimeError(bug[0])
            return await handle(event)

        monkeypatch.setattr(agent.router, "on_inbound", flaky)
        mids = ("good1", "bad", "good2")
        body = envelope(
            *(text_event("111", m, m, ts=1_718_000_000_000 + i) for i, m in enumerate(mids))
        )
        response = await agent.webhook(body)
        assert response.status_code == 200  # stored: Meta need not send it again
        assert response.json() == {"received": 3, "object": "instagram", "stored": 1}
        store = agent.router.store
        assert [store.message_by_mid(m) is not None for m in ("good1", "bad", "good2")] == [
            True, False, True,
        ]  # fmt: skip
        [row] = store.webhook_events()
        assert (row["processed_at"], row["attempts"]) == (None, 1)
        assert row["error"] == "RuntimeError: a bug in one event"
        bug.clear()  # fixed before the retry
        assert await agent.ingest.settled(timeout=30)
        [row] = store.webhook_events()
        assert row["processed_at"] is not None and (row["attempts"], row["error"]) == (2, None)
        [conversation] = await agent.conversations()
        assert [m["mid"] for m in conversation["messages"]] == list(mids)  # in Meta's order


@pytest.mark.anyio
async def test_a_body_that_keeps_failing_is_given_up_after_three_attempts_and_kept(
    make_service: ServiceFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with make_service(webhook_retry_ms=10) as service:

        async def broken(event: Any) -> Any:
            raise RuntimeError("always")

        monkeypatch.setattr(service.router, "on_inbound", broken)
        raw = json.dumps(envelope(text_event("111", "m1", "hi"))).encode()
        assert (await service.webhook(raw)).status_code == 200
        assert await service.ingest.settled()
        [row] = service.router.store.webhook_events()
        assert row["attempts"] == 3 and row["processed_at"] is not None
        assert (row["error"], row["body"]) == ("RuntimeError: always", raw.decode())
