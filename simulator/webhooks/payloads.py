"""Thread messages as webhook events: the simulator's records mapped onto Meta's shapes
(``simulator/contract/webhooks.py`` holds the shapes)."""

from __future__ import annotations

from simulator.contract.webhooks import (
    Event,
    deleted_message,
    envelope,
    message,
    messaging_event,
    story_mention_attachment,
)
from simulator.state.models import ThreadMessage

__all__ = ["deleted_event", "envelope", "message_event", "story_mention_attachment"]


def message_event(msg: ThreadMessage) -> Event:
    """Text and/or attachments; an echo when the business sent it (`is_echo`, sender and
    recipient already swapped in `msg`) [MPWH]."""
    body = message(
        msg.mid,
        text=msg.text,
        attachments=msg.attachments,
        is_echo=not msg.from_user,
        quick_reply_payload=msg.quick_reply_payload,
        reply_to_mid=msg.reply_to,
        reply_to_story=msg.story_reply,
        referral=msg.referral,
    )
    return messaging_event(msg.sender_id, msg.recipient_id, msg.timestamp, body)


def deleted_event(msg: ThreadMessage, timestamp: int) -> Event:
    """The user unsent `msg` [IMWH]."""
    return messaging_event(msg.sender_id, msg.recipient_id, timestamp, deleted_message(msg.mid))
