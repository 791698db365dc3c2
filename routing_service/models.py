"""Rows of the store and their JSON shapes (architecture.md section 2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "DELETED_TEXT",
    "Agent",
    "Contact",
    "Conversation",
    "Message",
    "iso",
]

DELETED_TEXT = "Message deleted"
STATUSES = ("operating", "ready", "paused")  # what an agent sets; "offline" when logged out
AVAILABLE = ("operating", "ready")  # who is given conversations

_ATTACHMENT_TEXT = {
    "story_mention": "Mentioned you in their story",
    "story_reply": "Replied to your story",
    "image": "Sent a photo",
    "video": "Sent a video",
    "audio": "Sent a voice message",
    "file": "Sent a file",
    "share": "Shared a post",
    "ig_post": "Shared a post",
    "ig_reel": "Shared a reel",
    "reel": "Shared a reel",
    "ig_story": "Shared a story",
}
_TITLED = frozenset({"share", "ig_post", "ig_reel", "reel", "ig_story"})


UNSUPPORTED_TEXT = "Unsupported message: open Instagram to view it"


def _attachment_text(attachment: dict[str, Any]) -> str:
    kind = attachment.get("type", "")
    if kind == "like_heart":
        return "\u2764\ufe0f"
    text = _ATTACHMENT_TEXT.get(kind, "Sent an attachment")
    title = attachment.get("title")
    return f"{text}: {title}" if title and kind in _TITLED else text


def _referral_text(referral: dict[str, Any]) -> str:
    if referral.get("ad_id") or referral.get("source") == "ADS":
        return f"Came from an ad: {referral.get('ad_title') or referral.get('ad_id')}"
    ref = referral.get("ref")
    return (
        f"Opened the chat from an ig.me link (ref {ref})" if ref else "Opened the chat from a link"
    )


def iso(ms: int | None) -> str | None:
    """Milliseconds since the epoch as ISO 8601 UTC (``2026-01-02T03:04:05.678Z``)."""
    if ms is None:
        return None
    try:
        moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):  # outside years 1..9999
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


@dataclass(frozen=True)
class Agent:
    id: int
    login: str
    name: str
    password_hash: str = field(repr=False)
    status: str
    positions: int | None = None  # its own number of positions, else the service's default

    def to_json(self, positions: int, open_conversations: int) -> dict[str, Any]:
        """``positions``: the service's default, used when the agent has none of its own."""
        return {
            "login": self.login,
            "name": self.name,
            "status": self.status,
            "positions": self.positions or positions,
            "open_conversations": open_conversations,
        }


@dataclass(frozen=True)
class Contact:
    igsid: str
    name: str | None = None
    username: str | None = None
    profile_pic: str | None = None
    resolved: bool = False

    @property
    def display_name(self) -> str:
        """The profile name, else the username, else the IGSID."""
        return self.name or self.username or self.igsid


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int | None
    igsid: str
    mid: str | None
    direction: str
    text: str | None
    attachments: list[dict[str, Any]]
    source: str
    created_at: int
    meta_timestamp: int  # Meta's clock; messages are listed by it, then by ``id``
    deleted_at: int | None = None
    details: dict[str, Any] = field(default_factory=dict)  # webhook_payloads.details_of
    reaction: dict[str, Any] | None = None  # the user's: {"reaction", "emoji"}
    seen_at: int | None = None
    edited_at: int | None = None

    def display_text(self, unsent_policy: str) -> str:
        """What the console shows: "Message deleted" for a shown unsend, else a summary."""
        if self.deleted_at is not None and unsent_policy == "show":
            return DELETED_TEXT
        if self.details.get("unsupported"):
            return UNSUPPORTED_TEXT
        postback = self.details.get("postback")
        if postback is not None:
            return f"Tapped '{postback.get('title') or postback.get('payload')}'"
        if self.text:
            return self.text
        for attachment in self.attachments:
            return _attachment_text(attachment)
        referral = self.details.get("referral")
        if referral is not None:
            return _referral_text(referral)
        return ""

    def to_json(self, unsent_policy: str) -> dict[str, Any]:
        # ``text`` and ``attachments`` keep the original record; ``display_text`` is what shows.
        return {
            "id": str(self.id),
            "mid": self.mid,
            "direction": self.direction,
            "text": self.text,
            "attachments": self.attachments,
            "deleted": self.deleted_at is not None,
            "display_text": self.display_text(unsent_policy),
            "details": self.details,
            "reaction": self.reaction,
            "seen": self.seen_at is not None,
            "edited": self.edited_at is not None,
            "created_at": iso(self.created_at),
            "meta_timestamp": iso(self.meta_timestamp),
        }


@dataclass(frozen=True)
class Conversation:
    id: int
    igsid: str
    kind: str
    status: str
    agent_id: int | None
    created_at: int
    ended_at: int | None
    last_inbound_at: int | None
    contact: Contact
    messages: list[Message] = field(default_factory=list)

    def to_json(self, unsent_policy: str, *, with_messages: bool = True) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": str(self.id),
            "igsid": self.igsid,
            "contact_name": self.contact.display_name,
            "contact_username": self.contact.username,
            "profile_pic": self.contact.profile_pic,
            "status": self.status,
            "created_at": iso(self.created_at),
            "kind": self.kind,
        }
        if with_messages:
            body["messages"] = [m.to_json(unsent_policy) for m in self.messages]
        return body
