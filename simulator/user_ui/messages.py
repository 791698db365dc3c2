"""How a Direct message looks from the test user's side of the thread."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

MAX_TEXT_CHARS = 1000


@dataclass(frozen=True)
class MessageView:
    """One bubble: ``out`` = sent by the test user, ``in`` = from the business."""

    mid: str
    direction: str
    text: str
    deleted: bool
    story_url: str | None
    time_label: str
    iso_time: str


def _field(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


def story_mention_url(attachments: Iterable[Any] | None) -> str | None:
    """The CDN URL of a story-mention attachment, if the message carries one."""
    for attachment in attachments or ():
        if _field(attachment, "type") == "story_mention":
            payload = _field(attachment, "payload")
            found = _field(payload, "url") if payload is not None else None
            return found or _field(attachment, "url")
    return None


def as_datetime(timestamp: Any) -> datetime:
    """Epoch milliseconds (or seconds, or a datetime) as an aware datetime."""
    if isinstance(timestamp, datetime):
        return timestamp if timestamp.tzinfo else timestamp.replace(tzinfo=UTC)
    value = float(timestamp or 0)
    return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, tz=UTC)


def view(message: Any) -> MessageView:
    """Present a facade ``ThreadMessage``."""
    when = as_datetime(message.timestamp)
    return MessageView(
        mid=message.mid,
        direction="out" if message.from_user else "in",
        text=message.text or "",
        deleted=bool(message.is_deleted),
        story_url=story_mention_url(message.attachments),
        time_label=when.strftime("%H:%M"),
        iso_time=when.isoformat(),
    )


def find(messages: Iterable[Any], mid: str) -> Any | None:
    """The thread message with ``mid``, if any."""
    return next((m for m in messages if m.mid == mid), None)


def validate_text(text: str) -> str | None:
    """Why ``text`` cannot be sent, or None when it can."""
    if not text.strip():
        return "Write a message before sending."
    if len(text) > MAX_TEXT_CHARS:
        return f"Messages can be at most {MAX_TEXT_CHARS} characters (this one has {len(text)})."
    return None
