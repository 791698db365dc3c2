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


def batched(ig_id: str, time_ms: int, events: list[Event], entries: str = "one") -> Body:
    """Several events in one POST [GS][IGWH]: in one entry (``entries="one"``) or one entry
    each (``"each"``); Meta sends up to 1000 updates per POST."""
    if entries == "one":
        return envelope(ig_id, time_ms, events)
    return {
        "object": "instagram",
        "entry": [{"id": ig_id, "time": time_ms, "messaging": [event]} for event in events],
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
) -> dict[str, Any]:
    """The ``message`` object: text and/or attachments; ``is_echo`` for the business's own;
    ``quick_reply.payload`` for a tapped quick reply; ``reply_to.mid`` for an inline reply."""
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
    """Every ``messaging[]`` event of a body, in the order sent."""
    data = parse(body) if isinstance(body, str | bytes) else body
    return [event for entry in data.get("entry", []) for event in entry.get("messaging", [])]


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
