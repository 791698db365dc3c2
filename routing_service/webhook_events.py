"""Turn a verified webhook body into the kinds of event the service acts on.

Parsing is lenient per entry and event (a malformed one is skipped and logged, so Meta does not
redeliver the whole batch forever) and strict on the envelope (``WebhookShapeError`` -> 400).
Strings are made storable (a lone surrogate becomes its ``\\uXXXX`` text) and timestamps
outside years 2001..9999 read as absent (seconds are read as seconds); the raw body keeps the
original either way. Fields [IGWH]: ``messages`` (messages, echoes, unsends, ``message_edit``
if Meta ever sends it for Instagram: it is documented for Messenger only), ``message_reactions``,
``messaging_seen``, ``messaging_postbacks`` and ``messaging_referral``; a postback or a
referral is an ``Inbound`` without text (it opens or continues a conversation like a message).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from routing_service.webhook_payloads import (
    attachments_of,
    clean,
    details_of,
    id_of,
    referral_of,
    str_of,
    timestamp_of,
)

__all__ = [
    "Echo",
    "Edit",
    "Inbound",
    "Parsed",
    "Reaction",
    "Read",
    "Unsend",
    "WebhookShapeError",
    "parse_body",
    "sent_at",
]

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
    account: str = ""  # the business side: recipient.id (entry.id when they differ)
    details: dict[str, Any] = field(default_factory=dict)  # webhook_payloads.details_of

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


@dataclass(frozen=True)
class Reaction:
    """The user reacted to ``mid`` (``reaction`` None: took the reaction back)."""

    igsid: str
    mid: str
    timestamp: int
    reaction: str | None
    emoji: str | None
    account: str = ""


@dataclass(frozen=True)
class Read:
    """The user saw the business's messages up to ``mid``."""

    igsid: str
    mid: str
    timestamp: int
    account: str = ""


@dataclass(frozen=True)
class Edit:
    """The user edited ``mid`` (Messenger's ``message_edit``; not documented for Instagram)."""

    igsid: str
    mid: str
    timestamp: int
    text: str
    account: str = ""


Parsed = Inbound | Echo | Unsend | Reaction | Read | Edit


def parse_body(body: Any) -> tuple[str, list[Parsed]]:
    """The envelope's ``object`` and its events, oldest first (Meta may reorder retries)."""
    if not isinstance(body, dict) or not isinstance(body.get("object"), str):
        raise WebhookShapeError("expected an object with 'object' and 'entry'")
    entries = body.get("entry")
    if not isinstance(entries, list):
        raise WebhookShapeError("'entry' must be a list of objects")
    object_ = clean(body["object"])
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
            parsed = _parse_event(raw, id_of(entry))
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
    sender, recipient = id_of(raw.get("sender")), id_of(raw.get("recipient"))
    if not sender or not recipient:
        log.warning("skipping a messaging event without sender or recipient")
        return None
    ts = timestamp_of(raw.get("timestamp"))
    message = raw.get("message")
    if isinstance(message, dict):
        return _message(message, sender, recipient, ts, entry_id)
    account = _account(recipient, entry_id)
    for key, parse in _OTHER_EVENTS.items():
        if isinstance(raw.get(key), dict):
            return parse(raw[key], sender, ts, account)
    return None  # optins, handover and what else Meta adds: stored only


def _account(ours: str, entry_id: str | None) -> str:
    """The business side; when ``entry.id`` disagrees, a value no one account id matches."""
    return ours if entry_id in (None, ours) else f"{entry_id}|{ours}"


def _message(
    message: dict[str, Any], sender: str, recipient: str, ts: int, entry_id: str | None
) -> Parsed | None:
    mid = str_of(message.get("mid"))
    if not mid:
        log.warning("skipping a message event without mid")
        return None
    echo = message.get("is_echo") is True
    account = _account(sender if echo else recipient, entry_id)
    if message.get("is_deleted") is True:
        return Unsend(igsid=sender, mid=mid, timestamp=ts, account=account)
    text = str_of(message.get("text"))
    attachments = attachments_of(message)
    if echo:
        return Echo(recipient, mid, ts, text, attachments, account=account)
    details = details_of(message)
    return Inbound(sender, mid, ts, text, attachments, account=account, details=details)


def _reaction(raw: dict[str, Any], igsid: str, ts: int, account: str) -> Parsed | None:
    mid = str_of(raw.get("mid"))
    if not mid:
        return None
    if raw.get("action") == "unreact":
        return Reaction(igsid, mid, ts, None, None, account)
    reaction = str_of(raw.get("reaction")) or "other"
    return Reaction(igsid, mid, ts, reaction[:40], (str_of(raw.get("emoji")) or "")[:40] or None,
                    account)  # fmt: skip


def _read(raw: dict[str, Any], igsid: str, ts: int, account: str) -> Parsed | None:
    mid = str_of(raw.get("mid"))
    return Read(igsid, mid, ts, account) if mid else None


def _postback(raw: dict[str, Any], igsid: str, ts: int, account: str) -> Parsed | None:
    title, payload = str_of(raw.get("title")) or "", str_of(raw.get("payload")) or ""
    # Postbacks carry a mid from v11; an older one gets a stable one (a redelivery dedupes).
    mid = str_of(raw.get("mid")) or f"postback:{igsid}:{ts}:{payload}"[:300]
    details = {"postback": {"title": title[:500], "payload": payload[:1000]}}
    return Inbound(igsid, mid, ts, None, [], account=account, details=details)


def _referral(raw: dict[str, Any], igsid: str, ts: int, account: str) -> Parsed | None:
    referral = referral_of(raw) or {}
    mid = f"referral:{igsid}:{ts}:{referral.get('ref', '')}"[:300]
    return Inbound(igsid, mid, ts, None, [], account=account, details={"referral": referral})


def _edit(raw: dict[str, Any], igsid: str, ts: int, account: str) -> Parsed | None:
    mid, text = str_of(raw.get("mid")), str_of(raw.get("text"))
    return Edit(igsid, mid, ts, text, account) if mid and text is not None else None


_OTHER_EVENTS = {
    "reaction": _reaction,
    "read": _read,
    "postback": _postback,
    "referral": _referral,
    "message_edit": _edit,
}
