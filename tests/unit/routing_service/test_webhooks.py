"""``/webhooks/instagram``: handshake, signatures, envelope, dedupe, unsend, echoes."""

from __future__ import annotations

import json

import pytest

from tests.unit.routing_service.conftest import (
    IG_ID,
    VERIFY_TOKEN,
    Service,
    ServiceFactory,
    envelope,
    sign,
    text_event,
)

pytestmark = pytest.mark.anyio


async def test_handshake_echoes_the_challenge_when_the_token_matches(service: Service) -> None:
    params = {
        "hub.mode": "subscribe",
        "hub.challenge": "1158201444",
        "hub.verify_token": VERIFY_TOKEN,
    }
    response = await service.client.get("/webhooks/instagram", params=params)
    assert response.status_code == 200
    assert response.text == "1158201444"


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.challenge": "42", "hub.verify_token": "wrong"},
        {"hub.mode": "unsubscribe", "hub.challenge": "42", "hub.verify_token": VERIFY_TOKEN},
        {},
    ],
)
async def test_handshake_refuses_a_wrong_token_or_mode(service: Service, params: dict) -> None:
    response = await service.client.get("/webhooks/instagram", params=params)
    assert response.status_code == 403
    assert "42" not in response.text


async def test_missing_signature_is_401_and_nothing_is_stored(agent: Service) -> None:
    body = json.dumps(envelope(text_event("111", "m1", "hi"))).encode()
    response = await agent.client.post("/webhooks/instagram", content=body)
    assert response.status_code == 401
    assert agent.router.store.webhook_events() == []
    assert await agent.conversations() == []


WRONG_SIGNATURES = {
    "other body": lambda body: sign(b"another body"),
    "other secret": lambda body: sign(body, secret="not the app secret"),
    "sha1 only": lambda body: "sha1=" + sign(body)[7:47],
    "empty hex": lambda body: "sha256=",
}


@pytest.mark.parametrize("case", WRONG_SIGNATURES)
async def test_wrong_signature_is_403(agent: Service, case: str) -> None:
    body = json.dumps(envelope(text_event("111", "m1", "hi"))).encode()
    header = WRONG_SIGNATURES[case](body)
    response = await agent.client.post(
        "/webhooks/instagram", content=body, headers={"X-Hub-Signature-256": header}
    )
    assert response.status_code == 403
    assert await agent.conversations() == []


async def test_uppercase_hex_signature_is_accepted(agent: Service) -> None:
    body = json.dumps(envelope(text_event("111", "m1", "hi"))).encode()
    header = "sha256=" + sign(body)[7:].upper()
    response = await agent.client.post(
        "/webhooks/instagram", content=body, headers={"X-Hub-Signature-256": header}
    )
    assert response.status_code == 200
    assert await agent.ingest.caught_up(response.json()["stored"])
    assert len(await agent.conversations()) == 1


async def test_signature_is_over_the_exact_raw_bytes(agent: Service) -> None:
    # Meta escapes non-ASCII as \uXXXX and signs those bytes; re-serialising would break it.
    raw = b'{"object":"instagram","entry":[{"id":"' + IG_ID.encode() + b'","time":1,'
    raw += b'"messaging":[{"sender":{"id":"111"},"recipient":{"id":"' + IG_ID.encode() + b'"},'
    raw += b'"timestamp":1718000000123,"message":{"mid":"m1","text":"ol\\u00e1 \\u00e4"}}]}]}'
    response = await agent.webhook(raw)
    assert response.status_code == 200
    [conversation] = await agent.conversations()
    assert conversation["messages"][0]["text"] == "olá ä"
    assert agent.router.store.webhook_events()[0]["body"] == raw.decode()


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"[]", b'{"object":"instagram"}', b'{"object":"instagram","entry":{}}'],
)
async def test_bad_json_or_shape_is_400(service: Service, raw: bytes) -> None:
    response = await service.webhook(raw)
    assert response.status_code == 400
    assert response.json()["error"]["reason"]


async def test_duplicate_mid_is_stored_once(agent: Service) -> None:
    await agent.message("111", "m_dup", "hello")
    await agent.message("111", "m_dup", "hello")  # Meta's redelivery: same mid
    [conversation] = await agent.conversations()
    assert [m["mid"] for m in conversation["messages"]] == ["m_dup"]
    assert len(agent.router.store.webhook_events()) == 2  # both raw deliveries kept


async def test_dashboard_test_changes_shape_is_accepted_and_ignored(agent: Service) -> None:
    body = {
        "object": "instagram",
        "entry": [{"id": "0", "time": 1527459824, "changes": [{"field": "messages", "value": {
            "sender": {"id": "12334"}, "recipient": {"id": "23245"}, "timestamp": "1527459824",
            "message": {"mid": "random_mid", "text": "random_text"}}}]}],
    }  # fmt: skip
    response = await agent.webhook(body)
    assert response.status_code == 200
    assert await agent.conversations() == []
    assert len(agent.router.store.webhook_events()) == 1


async def test_story_mention_opens_a_story_mention_conversation_with_the_cdn_url(
    agent: Service,
) -> None:
    url = "http://simulator.test/cdn/stories/abc.jpg?oh=1&oe=2"
    event = text_event("111", "m_story", "")
    event["message"] = {"mid": "m_story", "attachments": [
        {"type": "story_mention", "payload": {"url": url}}]}  # fmt: skip
    await agent.webhook(envelope(event))
    [conversation] = await agent.conversations()
    assert conversation["kind"] == "story_mention"
    [message] = conversation["messages"]
    assert message["attachments"] == [{"type": "story_mention", "url": url}]
    assert message["display_text"] == "Mentioned you in their story"


async def test_story_reply_is_a_direct_message_showing_the_story(agent: Service) -> None:
    event = text_event("111", "m_reply", "Nice!")
    event["message"]["reply_to"] = {"story": {"url": "http://cdn.test/s.jpg", "id": "s1"}}
    await agent.webhook(envelope(event))
    [conversation] = await agent.conversations()
    assert conversation["kind"] == "direct"
    assert conversation["messages"][0]["text"] == "Nice!"
    assert conversation["messages"][0]["attachments"] == [
        {"type": "story_reply", "url": "http://cdn.test/s.jpg", "id": "s1"}
    ]


def _unsend(mid: str, igsid: str = "111") -> dict:
    event = text_event(igsid, mid, "")
    event["message"] = {"mid": mid, "is_deleted": True}
    return envelope(event)


async def test_unsend_shows_message_deleted_and_keeps_the_original(agent: Service) -> None:
    await agent.message("111", "m_gone", "my secret")
    await agent.webhook(_unsend("m_gone"))
    [conversation] = await agent.conversations()
    [message] = conversation["messages"]
    assert message["deleted"] is True
    assert message["display_text"] == "Message deleted"
    stored = agent.router.store.message_by_mid("m_gone")
    assert stored is not None and stored.text == "my secret" and stored.deleted_at is not None


async def test_unsend_with_ignore_policy_changes_nothing_visible(
    make_service: ServiceFactory,
) -> None:
    async with make_service(unsent_policy="ignore") as service:
        await service.login()
        await service.set_status("ready")
        await service.message("111", "m_gone", "still shown")
        await service.webhook(_unsend("m_gone"))
        [conversation] = await service.conversations()
        [message] = conversation["messages"]
        assert message["display_text"] == "still shown"
        assert message["deleted"] is True  # recorded all the same
        assert service.router.store.message_by_mid("m_gone").deleted_at is not None


async def test_unsend_before_its_message_still_marks_it_deleted(agent: Service) -> None:
    await agent.webhook(_unsend("m_late"))  # retries may reorder deliveries
    await agent.message("111", "m_late", "arrives second")
    [conversation] = await agent.conversations()
    assert conversation["messages"][0]["display_text"] == "Message deleted"


async def test_unsend_from_another_user_is_ignored(agent: Service) -> None:
    await agent.message("111", "m_mine", "mine")
    await agent.webhook(_unsend("m_mine", igsid="999"))
    [conversation] = await agent.conversations()
    assert conversation["messages"][0]["deleted"] is False


def _echo(igsid: str, mid: str, text: str) -> dict:
    return envelope({
        "sender": {"id": IG_ID}, "recipient": {"id": igsid}, "timestamp": 1_718_000_000_999,
        "message": {"mid": mid, "text": text, "is_echo": True},
    })  # fmt: skip


async def test_echo_of_our_reply_is_stored_once_as_outgoing(agent: Service) -> None:
    await agent.message("111", "m_in", "hi")
    [conversation] = await agent.conversations()
    sent = await agent.client.post(
        f"/api/conversations/{conversation['id']}/messages", json={"text": "Hello, Ana"}
    )
    assert sent.status_code == 201
    await agent.webhook(_echo("111", sent.json()["mid"], "Hello, Ana"))
    [conversation] = await agent.conversations()
    assert [(m["direction"], m["text"]) for m in conversation["messages"]] == [
        ("in", "hi"),
        ("out", "Hello, Ana"),
    ]


async def test_echo_arriving_before_the_send_answer_is_not_duplicated(agent: Service) -> None:
    await agent.message("111", "m_in", "hi")
    [conversation] = await agent.conversations()
    # Meta may deliver the echo before the Send API answers: the next mid is m_out_1.
    await agent.webhook(_echo("111", "m_out_1", "Fast"))
    sent = await agent.client.post(
        f"/api/conversations/{conversation['id']}/messages", json={"text": "Fast"}
    )
    assert sent.status_code == 201
    [conversation] = await agent.conversations()
    assert [m["mid"] for m in conversation["messages"]] == ["m_in", "m_out_1"]


async def test_echo_from_another_tool_is_outgoing_never_incoming(agent: Service) -> None:
    await agent.message("111", "m_in", "hi")
    await agent.webhook(_echo("111", "m_other_tool", "Sent from the Instagram app"))
    [conversation] = await agent.conversations()
    assert conversation["messages"][-1]["direction"] == "out"
    assert conversation["messages"][-1]["text"] == "Sent from the Instagram app"
    assert len(await agent.conversations()) == 1  # an echo never opens a conversation
