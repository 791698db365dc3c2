"""Turn a verified webhook body into the few kinds of event the service acts on.

Parsing is lenient per entry and event (a malformed one is skipped and logged, so Meta does not
redeliver the whole batch forever) and strict on the envelope (``WebhookShapeError`` -> 400).
Strings are made storable (a lone surrogate becomes its ``\\uXXXX`` text) and timestamps
outside years 1970..9999 read as absent; the raw body keeps the original either way.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Echo", "Inbound", "Parsed", "Unsend", "WebhookShapeError", "parse_body", "sent_at"]

log = logging.getLogger("routing_service.webhooks")

MAX_TIMESTAMP_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z, the last ISO 8601 instant
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


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
    account: str = ""  # the business side: recipient.id (entry.id when they differ)

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
    account: str = ""  # the business side: sender.id (entry.id when they differ)


@dataclass(frozen=True)
class Unsend:
    """The user unsent ``mid`` (``is_deleted``)."""

    igsid: str
    mid: str
    timestamp: int
    account: str = ""  # the business side: recipient.id (entry.id when they differ)


Parsed = Inbound | Echo | Unsend


def parse_body(body: Any) -> tuple[str, list[Parsed]]:
    """The envelope's ``object`` and its events, oldest first (Meta may reorder retries)."""
    if not isinstance(body, dict) or not isinstance(body.get("object"), str):
        raise WebhookShapeError("expected an object with 'object' and 'entry'")
    entries = body.get("entry")
    if not isinstance(entries, list):
        raise WebhookShapeError("'entry' must be a list of objects")
    object_ = _clean(body["object"])
    if object_ != "instagram":
        return object_, []
    events: list[Parsed] = []
    for entry in entries:
        if not isinstance(entry, dict):
            log.warning("skipping an entry that is not an object")
            continue
        # ``changes`` (the dashboard "Test" button) and ``standby`` are stored, not acted on.
        messaging = entry.get("messaging")
        if not isinstance(messaging, list):
            continue
        for raw in messaging:
            parsed = _parse_event(raw, _id(entry))
            if parsed is not None:
                events.append(parsed)
    events.sort(key=lambda e: e.timestamp)
    return "instagram", events


def sent_at(body: Any) -> int | None:
    """The latest ``entry[].time``: Meta's clock when it sent the body (checked by the caller)."""
    entries = body.get("entry") if isinstance(body, dict) else None
    times = [
        e["time"] for e in entries if isinstance(e, dict) and type(e.get("time")) is int
    ] if isinstance(entries, list) else []  # fmt: skip
    return max(times, default=None)


def _parse_event(raw: Any, entry_id: str | None = None) -> Parsed | None:
    if not isinstance(raw, dict):
        log.warning("skipping a messaging event that is not an object")
        return None
    message = raw.get("message")
    if not isinstance(message, dict):
        return None  # reactions, reads, postbacks, referrals: stored only
    sender, recipient = _id(raw.get("sender")), _id(raw.get("recipient"))
    mid = _str(message.get("mid"))
    if not sender or not recipient or not mid:
        log.warning("skipping a message event without sender, recipient or mid")
        return None
    ts = _timestamp(raw.get("timestamp"))
    echo = message.get("is_echo") is True
    ours = sender if echo else recipient  # the business's side of the event
    account = ours if entry_id in (None, ours) else f"{entry_id}|{ours}"  # never matches one id
    if message.get("is_deleted") is True:
        return Unsend(igsid=sender, mid=mid, timestamp=ts, account=account)
    text = _str(message.get("text"))
    attachments = _attachments(message)
    if echo:
        return Echo(recipient, mid, ts, text, attachments, account=account)
    return Inbound(sender, mid, ts, text, attachments, account=account)


def _timestamp(value: Any) -> int:
    """Milliseconds; 0 when absent, unreadable or out of range (the router uses its clock)."""
    if isinstance(value, bool):
        return 0
    try:
        ms = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: Infinity
        return 0
    return ms if 0 < ms <= MAX_TIMESTAMP_MS else 0


def _clean(value: str) -> str:
    """Lone surrogates (JSON ``"\\ud800"``) spelled out: SQLite needs UTF-8, ids stay distinct."""
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def _str(value: Any) -> str | None:
    return _clean(value) if isinstance(value, str) else None


def _id(value: Any) -> str | None:
    raw = value.get("id") if isinstance(value, dict) else None
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return None
    return _clean(str(raw))


def _attachments(message: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    raw = message.get("attachments")
    for item in raw if isinstance(raw, list) else []:
        kind = _str(item.get("type")) if isinstance(item, dict) else None
        if kind is None:
            continue
        payload = item.get("payload") if isinstance(item.get("payload"), dict) else {}
        found.append({"type": kind, "url": _str(payload.get("url"))})
    reply_to = message.get("reply_to")
    story = reply_to.get("story") if isinstance(reply_to, dict) else None
    if isinstance(story, dict):
        # A story reply is a Direct message; the story it answers is shown with it.
        found.append({"type": "story_reply", "url": _str(story.get("url"))})
    return found
