"""How a Direct message looks from the test user's side of the thread."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PIL import Image, UnidentifiedImageError

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
    images: tuple[str, ...] = ()  # image attachments' URLs
    heart: bool = False  # a like_heart sticker
    shared_post: str | None = None  # a MEDIA_SHARE's post id
    cards: tuple[dict[str, Any], ...] = ()  # a generic template's elements
    quick_replies: tuple[dict[str, Any], ...] = ()
    quoted: str | None = None  # the text of the message this one answers inline
    videos: tuple[str, ...] = ()  # video attachments' URLs (played inline)
    audios: tuple[str, ...] = ()  # voice notes' URLs
    documents: tuple[str, ...] = ()  # file attachments' URLs
    share: dict[str, str] | None = None  # ig_post / ig_reel: {"kind", "title", "url"}
    story_reply_url: str | None = None  # the story this one replies to
    reaction: str | None = None  # the user's reaction (love, like, ...) to this message
    reaction_emoji: str | None = None

    @property
    def preview(self) -> str:
        """The inbox line for this message, as Instagram words it."""
        mine = self.direction == "out"
        if self.deleted:  # never the unsent text, not even in an attribute
            return "You unsent a message" if mine else "Unsent a message"
        if self.story_url:
            return "You mentioned them" if mine else "Mentioned you in their story"
        if self.story_reply_url and mine:
            return "You replied to their story"
        if self.text:
            return ("You: " if mine else "") + self.text
        what = (
            "sent a photo" if self.images else "sent a heart" if self.heart
            else "sent a video" if self.videos else "sent a voice message" if self.audios
            else "sent a file" if self.documents
            else "shared a reel" if self.share and self.share["kind"] == "ig_reel"
            else "shared a post" if self.shared_post or self.share else "sent an attachment"
        )  # fmt: skip
        return ("You " if mine else "") + (what if mine else what.capitalize())


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


def _shared(attachments: list[Any]) -> dict[str, str] | None:
    for attachment in attachments:
        kind = _field(attachment, "type")
        if kind in ("ig_post", "ig_reel"):
            payload = _field(attachment, "payload") or {}
            return {
                "kind": kind,
                "title": _field(payload, "title") or "",
                "url": _field(payload, "url") or "",
            }
    return None


def view(message: Any, quoted: str | None = None) -> MessageView:
    """Present a facade ``ThreadMessage`` (``quoted``: the text it replies to, if any)."""
    when = as_datetime(message.timestamp)
    attachments = list(message.attachments or ())
    kinds = [_field(a, "type") for a in attachments]

    def urls(*types: str) -> list[tuple[str, str]]:
        return [
            (t, _field(_field(a, "payload"), "url"))
            for a, t in zip(attachments, kinds, strict=True)
            if t in types
        ]

    template = next((a for a in attachments if _field(a, "type") == "template"), None)
    share = next((a for a in attachments if _field(a, "type") == "share"), None)
    return MessageView(
        mid=message.mid,
        direction="out" if message.from_user else "in",
        text=message.text or "",
        deleted=bool(message.is_deleted),
        story_url=story_mention_url(attachments),
        time_label=when.strftime("%H:%M"),
        iso_time=when.isoformat(),
        images=tuple(url for _, url in urls("image")),
        videos=tuple(url for _, url in urls("video")),
        audios=tuple(url for _, url in urls("audio")),
        documents=tuple(url for _, url in urls("file")),
        share=_shared(attachments),
        story_reply_url=(getattr(message, "story_reply", None) or {}).get("url"),
        reaction=getattr(message, "reaction", None),
        reaction_emoji=getattr(message, "reaction_emoji", None),
        heart="like_heart" in kinds,
        shared_post=_field(_field(share, "payload"), "id") if share else None,
        cards=tuple(_field(_field(template, "payload"), "elements") or ()) if template else (),
        quick_replies=tuple(getattr(message, "quick_replies", None) or ()),
        quoted=quoted,
    )


def views(thread: list[Any]) -> list[MessageView]:
    """Every message of a thread, each with the text it answers inline."""
    texts = {m.mid: (m.text or "an attachment") for m in thread}
    return [
        view(m, texts.get(m.reply_to) if getattr(m, "reply_to", None) else None) for m in thread
    ]


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


def is_picture(data: bytes) -> bool:
    """Whether ``data`` is an image Pillow can read (what Instagram would show as a photo)."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return False
    return True
