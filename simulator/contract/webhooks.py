"""Webhook bodies for the ``messages`` field and friends (docs/meta-platform.md 1.1, [IGEX][IMWH]).

Inbound events: ``sender`` = IGSID, ``recipient`` = IG_ID; echoes swap them. Times are ms.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

Event = dict[str, Any]
Body = dict[str, Any]


def envelope(ig_id: str, time_ms: int, events: list[Event]) -> Body:
    """``{"object":"instagram","entry":[{"id":IG_ID,"time":ms,"messaging":[...]}]}`` [IGEX];
    ``object`` is ``instagram`` in both login flavours."""
    return {"object": "instagram", "entry": [{"id": ig_id, "time": time_ms, "messaging": events}]}


def batched(
    ig_id: str, time_ms: int, events: list[Event], entries: str = "one", key: str = "messaging"
) -> Body:
    """Several events in one POST [GS][IGWH]: in one entry (``entries="one"``) or one entry
    each (``"each"``); Meta sends up to 1000 updates per POST. ``key`` is ``standby`` when
    another app owns the thread [IMWH]."""
    if entries == "one":
        return {"object": "instagram", "entry": [{"id": ig_id, "time": time_ms, key: events}]}
    return {
        "object": "instagram",
        "entry": [{"id": ig_id, "time": time_ms, key: [event]} for event in events],
    }


def _event(sender: str, recipient: str, timestamp: int, **body: Any) -> Event:
    return {
        "sender": {"id": sender},
        "recipient": {"id": recipient},
        "timestamp": timestamp,
        **body,
    }


def reaction_event(
    sender: str,
    recipient: str,
    timestamp: int,
    *,
    mid: str,
    reaction: str | None,
    emoji: str | None,
) -> Event:
    """``message_reactions`` [IGEX]: ``{"reaction":{"mid","action":"react","reaction","emoji"}}``,
    or ``{"mid","action":"unreact"}`` when ``reaction`` is None."""
    if reaction is None:
        return _event(sender, recipient, timestamp, reaction={"mid": mid, "action": "unreact"})
    body = {"mid": mid, "action": "react", "reaction": reaction, "emoji": emoji}
    return _event(sender, recipient, timestamp, reaction=body)


def read_event(sender: str, recipient: str, timestamp: int, mid: str) -> Event:
    """``messaging_seen`` [IGEX]: ``{"read":{"mid"}}`` (the newest message the user saw)."""
    return _event(sender, recipient, timestamp, read={"mid": mid})


def referral_event(sender: str, recipient: str, timestamp: int, *, ref: str, source: str) -> Event:
    """``messaging_referral`` [IGEX]: an ig.me link into an existing thread."""
    return _event(
        sender, recipient, timestamp, referral={"ref": ref, "source": source, "type": "OPEN_THREAD"}
    )


def media_attachment(kind: str, url: str) -> dict[str, Any]:
    """image, video, audio, file (``{"type", "payload": {"url"}}``) [IGEX]."""
    return {"type": kind, "payload": {"url": url}}


def ig_post_attachment(media_id: str, title: str, url: str) -> dict[str, Any]:
    """A shared post since Nov 3 2025 (``share`` ended Apr 27 2026, messaging changelog)."""
    return {
        "type": "ig_post",
        "payload": {"ig_post_media_id": media_id, "title": title, "url": url},
    }


def ig_reel_attachment(url: str, title: str, reel_video_id: str) -> dict[str, Any]:
    return {
        "type": "ig_reel",
        "payload": {"url": url, "title": title, "reel_video_id": reel_video_id},
    }


def dashboard_test_body(field: str = "messages") -> Body:
    """The App Dashboard's "Test" button: a ``changes`` shape with sample values (public
    fixture, chatwoot; docs/meta-platform.md section 1, Preconditions)."""
    value = {
        "sender": {"id": "12334"},
        "recipient": {"id": "23245"},
        "timestamp": "1527459824",
        "message": {"mid": "random_mid", "text": "random_text"},
    }
    return {
        "object": "instagram",
        "entry": [{"id": "0", "time": 1527459824, "changes": [{"field": field, "value": value}]}],
    }


def messaging_event(sender: str, recipient: str, timestamp: int, message: dict[str, Any]) -> Event:
    return {
        "sender": {"id": sender},
        "recipient": {"id": recipient},
        "timestamp": timestamp,
        "message": message,
    }


def message(
    mid: str,
    *,
    text: str | None = None,
    attachments: list[dict[str, Any]] | None = None,
    is_echo: bool = False,
    quick_reply_payload: str | None = None,
    reply_to_mid: str | None = None,
    reply_to_story: dict[str, str] | None = None,
    referral: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``message`` object: text and/or attachments; ``is_echo`` for the business's own;
    ``quick_reply.payload`` for a tapped quick reply; ``reply_to.mid`` for an inline reply,
    ``reply_to.story`` (``url``, ``id``) for a story reply; ``referral`` for an ad click
    [IGEX]."""
    body: dict[str, Any] = {"mid": mid}
    if text is not None:
        body["text"] = text
    if attachments:
        body["attachments"] = attachments
    if is_echo:
        body["is_echo"] = True
    if quick_reply_payload is not None:
        body["quick_reply"] = {"payload": quick_reply_payload}
    if reply_to_mid is not None:
        body["reply_to"] = {"mid": reply_to_mid}
    if reply_to_story is not None:
        body["reply_to"] = {"story": dict(reply_to_story)}
    if referral is not None:
        body["referral"] = dict(referral)
    return body


def postback_event(
    sender: str, recipient: str, timestamp: int, *, mid: str, title: str, payload: str
) -> Event:
    """A tapped postback button (template, ice breaker, persistent menu) on the
    ``messaging_postbacks`` field: ``{"postback":{"mid","title","payload"}}`` [IGEX]."""
    return {
        "sender": {"id": sender},
        "recipient": {"id": recipient},
        "timestamp": timestamp,
        "postback": {"mid": mid, "title": title, "payload": payload},
    }


def deleted_message(mid: str) -> dict[str, Any]:
    """The user unsent ``mid``: ``{"mid": DELETED_MID, "is_deleted": true}`` [IMWH]."""
    return {"mid": mid, "is_deleted": True}


def story_mention_attachment(url: str) -> dict[str, Any]:
    return {"type": "story_mention", "payload": {"url": url}}


# -- reading bodies (the harness's side) -----------------------------------------------------
def parse(body: str | bytes) -> Body:
    return json.loads(body)


def events_of(body: str | bytes | Body) -> list[Event]:
    """Every ``messaging[]`` (or ``standby[]``) event of a body, in the order sent."""
    data = parse(body) if isinstance(body, str | bytes) else body
    return [
        event
        for entry in data.get("entry", [])
        for key in ("messaging", "standby")
        for event in entry.get(key, [])
    ]


def kind_of(event: Event) -> str:
    """What a messaging event is, in one word: ``message``, ``echo``, ``unsend``,
    ``reaction``, ``read``, ``postback`` or ``referral`` (docs/meta-platform.md 1.1)."""
    message = event.get("message")
    if message is not None:
        if message.get("is_deleted"):
            return "unsend"
        return "echo" if message.get("is_echo") else "message"
    for kind in ("reaction", "read", "postback", "referral"):
        if kind in event:
            return kind
    return "unknown"


def attachments_of(event: Event) -> Iterator[dict[str, Any]]:
    yield from event.get("message", {}).get("attachments", []) or []


def story_mention_urls(body: str | bytes | Body) -> list[str]:
    return [
        attachment["payload"]["url"]
        for event in events_of(body)
        for attachment in attachments_of(event)
        if attachment.get("type") == "story_mention"
    ]


def is_unsend_of(body: str | bytes | Body, mid: str) -> bool:
    return any(
        event.get("message", {}).get("is_deleted") and event["message"].get("mid") == mid
        for event in events_of(body)
    )
