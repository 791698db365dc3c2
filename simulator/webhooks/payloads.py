"""Webhook bodies for the `messages` field (spec section 1.1, [IGEX][IMWH]).

Inbound events: `sender` = IGSID, `recipient` = IG_ID; echoes swap them. Times are ms.
"""

from __future__ import annotations

from typing import Any

from simulator.state.models import ThreadMessage

Event = dict[str, Any]


def envelope(ig_id: str, time_ms: int, events: list[Event]) -> dict[str, Any]:
    """`{"object":"instagram","entry":[{"id":IG_ID,"time":ms,"messaging":[...]}]}` [IGEX]."""
    return {"object": "instagram", "entry": [{"id": ig_id, "time": time_ms, "messaging": events}]}


def _event(sender: str, recipient: str, timestamp: int, message: dict[str, Any]) -> Event:
    return {
        "sender": {"id": sender},
        "recipient": {"id": recipient},
        "timestamp": timestamp,
        "message": message,
    }


def message_event(msg: ThreadMessage) -> Event:
    """Text and/or attachments (e.g. `story_mention` with the CDN `url`); echo when the
    business sent it (`is_echo`, sender/recipient already swapped in `msg`) [MPWH]."""
    message: dict[str, Any] = {"mid": msg.mid}
    if msg.text is not None:
        message["text"] = msg.text
    if msg.attachments:
        message["attachments"] = msg.attachments
    if not msg.from_user:
        message["is_echo"] = True
    return _event(msg.sender_id, msg.recipient_id, msg.timestamp, message)


def deleted_event(msg: ThreadMessage, timestamp: int) -> Event:
    """The user unsent `msg`: `{"mid": DELETED_MID, "is_deleted": true}` [IMWH]."""
    return _event(msg.sender_id, msg.recipient_id, timestamp, {"mid": msg.mid, "is_deleted": True})


def story_mention_attachment(url: str) -> dict[str, Any]:
    return {"type": "story_mention", "payload": {"url": url}}
