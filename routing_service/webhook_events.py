"""Turn a verified webhook body into the few kinds of event the service acts on.

Parsing is lenient per event (a malformed event is skipped and logged, so Meta does not
redeliver the whole batch forever) and strict on the envelope (``WebhookShapeError`` -> 400).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Echo", "Inbound", "Unsend", "WebhookShapeError", "parse_body"]

log = logging.getLogger("routing_service.webhooks")


class WebhookShapeError(ValueError):
    """The body is JSON but not Meta's ``{"object":..., "entry":[...]}`` envelope."""


@dataclass(frozen=True)
class Inbound:
    """A message from the Instagram user: text, attachments, a story reply or mention."""

    igsid: str
    mid: str
    timestamp: int
    text: str | None
    attachments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        mention = any(a["type"] == "story_mention" for a in self.attachments)
        return "story_mention" if mention else "direct"


@dataclass(frozen=True)
class Echo:
    """A message the business sent (from us or any other tool), echoed back by Meta."""

    igsid: str
    mid: str
    timestamp: int
    text: str | None
    attachments: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Unsend:
    """The user unsent ``mid`` (``is_deleted``)."""

    igsid: str
    mid: str
    timestamp: int


Parsed = Inbound | Echo | Unsend


def parse_body(body: Any) -> tuple[str, list[Parsed]]:
    """The envelope's ``object`` and its events, oldest first (Meta may reorder retries)."""
    if not isinstance(body, dict) or not isinstance(body.get("object"), str):
        raise WebhookShapeError("expected an object with 'object' and 'entry'")
    entries = body.get("entry")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise WebhookShapeError("'entry' must be a list of objects")
    if body["object"] != "instagram":
        return body["object"], []
    events: list[Parsed] = []
    for entry in entries:
        # ``changes`` (the dashboard "Test" button) and ``standby`` are stored, not acted on.
        messaging = entry.get("messaging")
        if not isinstance(messaging, list):
            continue
        for raw in messaging:
            parsed = _parse_event(raw)
            if parsed is not None:
                events.append(parsed)
    events.sort(key=lambda e: e.timestamp)
    return "instagram", events


def _parse_event(raw: Any) -> Parsed | None:
    if not isinstance(raw, dict):
        log.warning("skipping a messaging event that is not an object")
        return None
    message = raw.get("message")
    if not isinstance(message, dict):
        return None  # reactions, reads, postbacks, referrals: stored only
    sender, recipient = _id(raw.get("sender")), _id(raw.get("recipient"))
    mid = message.get("mid")
    if not sender or not recipient or not isinstance(mid, str) or not mid:
        log.warning("skipping a message event without sender, recipient or mid")
        return None
    ts = _timestamp(raw.get("timestamp"))
    if message.get("is_deleted") is True:
        return Unsend(igsid=sender, mid=mid, timestamp=ts)
    text = message.get("text") if isinstance(message.get("text"), str) else None
    attachments = _attachments(message)
    if message.get("is_echo") is True:
        return Echo(igsid=recipient, mid=mid, timestamp=ts, text=text, attachments=attachments)
    return Inbound(igsid=sender, mid=mid, timestamp=ts, text=text, attachments=attachments)


def _timestamp(value: Any) -> int:
    """Milliseconds; 0 when absent or unreadable (the router then uses its own clock)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _id(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("id"), str | int):
        return str(value["id"])
    return None


def _attachments(message: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    raw = message.get("attachments")
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            continue
        payload = item.get("payload") if isinstance(item.get("payload"), dict) else {}
        url = payload.get("url")
        found.append({"type": item["type"], "url": url if isinstance(url, str) else None})
    reply_to = message.get("reply_to")
    story = reply_to.get("story") if isinstance(reply_to, dict) else None
    if isinstance(story, dict):
        # A story reply is a Direct message; the story it answers is shown with it.
        url = story.get("url")
        found.append({"type": "story_reply", "url": url if isinstance(url, str) else None})
    return found
