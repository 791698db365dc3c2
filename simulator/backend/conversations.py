"""The Conversations API and message nodes [IGCONV][STORY] (docs/meta-platform.md section 2).

- ``GET /me/conversations?platform=instagram`` lists threads, newest first, with paging;
  ``&user_id=<IGSID>`` the one with that user;
- ``GET /{conversation-id}?fields=messages`` lists its messages newest first;
- ``GET /{mid}?fields=id,created_time,from,to,message,attachments,story,shares,reactions``;
- only the 20 most recent messages of a thread can be read: an older (or unsent) one answers
  "This message has been deleted" (code UNCONFIRMED: 100 here; the 20 is a constant, the knob).
Attachment, share and reaction shapes beyond ``story`` are not shown by Meta (UNCONFIRMED).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from simulator.backend.fields import Field
from simulator.errors import GraphError, InvalidParameter, NonexistingField
from simulator.state.models import IgUser, ThreadMessage

READABLE_MESSAGES = 20  # [IGCONV] "only the 20 most recent messages"
DEFAULT_LIMIT = 25  # Graph's default page size
MAX_LIMIT = 100
CONVERSATION_FIELDS = ("id", "updated_time", "participants", "messages", "message_count")
MESSAGE_FIELDS = (
    "id",
    "created_time",
    "from",
    "to",
    "message",
    "attachments",
    "story",
    "shares",
    "reactions",
    "is_unsupported",
)


class MessageDeleted(GraphError):
    """[IGCONV] older than the 20 most recent, or unsent (code not given by Meta)."""

    code = 100
    default_message = "This message has been deleted"


def graph_time(ms: int) -> str:
    """``2022-07-12T19:11:07+0000``, Graph's timestamp format [IGCONV]."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def offset_of(value: str | None) -> int:
    if not value:
        return 0
    try:
        padded = value + "=" * (-len(value) % 4)
        kind, _, number = base64.urlsafe_b64decode(padded).decode().partition(":")
        if kind == "offset" and number.isdigit():
            return int(number)
    except (ValueError, UnicodeDecodeError):
        pass
    raise InvalidParameter("Invalid cursor: pass back the before/after values Graph gave")


def limit_of(raw: str | int | None, default: int = DEFAULT_LIMIT) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidParameter("Param limit must be a number") from None
    return max(1, min(value, MAX_LIMIT))


def page(
    items: list[Any],
    *,
    limit: int,
    after: str | None,
    render: Callable[[Any], dict[str, Any]],
    next_url: Callable[[str], str],
) -> dict[str, Any]:
    """Graph's cursor paging: ``{"data":[...], "paging":{"cursors":{...}, "next"?}}``."""
    start = offset_of(after)
    chunk = items[start : start + limit]
    body: dict[str, Any] = {"data": [render(item) for item in chunk]}
    if chunk:
        paging: dict[str, Any] = {
            "cursors": {"before": cursor(start), "after": cursor(start + len(chunk))}
        }
        if start + len(chunk) < len(items):
            paging["next"] = next_url(cursor(start + len(chunk)))
        body["paging"] = paging
    return body


def _party(username: str, igsid: str) -> dict[str, str]:
    return {"username": username, "id": igsid}


def readable(thread: list[ThreadMessage]) -> list[ThreadMessage]:
    """Newest first, at most the 20 most recent, unsent ones left out [IGCONV]."""
    return [m for m in reversed(thread[-READABLE_MESSAGES:]) if not m.is_deleted]


def check_fields(asked: list[Field], known: tuple[str, ...], node_type: str) -> None:
    for item in asked:
        if item.name not in known:
            raise NonexistingField(item.name, node_type)


def message_view(
    message: ThreadMessage,
    user: IgUser,
    business: dict[str, str],
    stories: dict[str, Any],
    asked: list[Field],
) -> dict[str, Any]:
    """A message node with the fields asked for (``id`` and ``created_time`` by default)."""
    asked = asked or [Field("id"), Field("created_time")]
    check_fields(asked, MESSAGE_FIELDS, "Message")
    sender, receiver = (
        (_party(user.username, user.igsid), _party(business["username"], business["id"]))
        if message.from_user
        else (_party(business["username"], business["id"]), _party(user.username, user.igsid))
    )
    values: dict[str, Any] = {
        "id": message.mid,
        "created_time": graph_time(message.timestamp),
        "from": sender,
        "to": {"data": [receiver]},
        "message": message.text or "",
    }
    out: dict[str, Any] = {}
    for item in asked:
        if item.name in values:
            out[item.name] = values[item.name]
        elif item.name == "story":
            story = _story(message, stories)
            if story is not None:
                out["story"] = story
        elif item.name == "attachments":
            media = [
                _attachment(a) for a in message.attachments if a.get("type") != "story_mention"
            ]
            if media:
                out["attachments"] = {"data": media}
        elif item.name == "shares":
            # a shared post is ``ig_post`` since Nov 3 2025 (messaging changelog)
            shares = [a for a in message.attachments if a.get("type") in ("share", "ig_post")]
            if shares:
                out["shares"] = {"data": [{"link": _share_link(a)} for a in shares]}
        elif item.name == "reactions":
            out["reactions"] = {"data": _reactions(message, user)}
        elif item.name == "is_unsupported":
            out["is_unsupported"] = False
    out["id"] = message.mid  # Graph always answers the node's id
    return out


def _reactions(message: ThreadMessage, user: IgUser) -> list[dict[str, Any]]:
    """The user's reaction to ``message``: ``[{"reaction", "users":[{"username","id"}]}]``
    (the business's own reactions are not reported, as for webhooks [IGEX])."""
    if message.reaction is None:
        return []
    return [{"reaction": message.reaction, "users": [_party(user.username, user.igsid)]}]


def _story(message: ThreadMessage, stories: dict[str, Any]) -> dict[str, Any] | None:
    """[STORY] ``{"mention":{"link":<CDN_URL>,"id":<STORY_ID>}}`` for a story mention;
    ``{"reply_to":{"link","id"}}`` for a reply to the business's story [IGCONV]."""
    if message.story_reply is not None:
        return {"reply_to": {"link": message.story_reply["url"], "id": message.story_reply["id"]}}
    for attachment in message.attachments:
        if attachment.get("type") == "story_mention":
            url = attachment["payload"]["url"]
            story_id = next((s.id for s in stories.values() if s.url == url), "")
            return {"mention": {"link": url, "id": story_id}}
    return None


def _attachment(attachment: dict[str, Any]) -> dict[str, Any]:
    kind, payload = attachment.get("type"), attachment.get("payload") or {}
    if kind == "image":
        return {"image_data": {"url": payload.get("url"), "preview_url": payload.get("url")}}
    if kind in ("video", "ig_reel"):
        return {"video_data": {"url": payload.get("url")}}
    if kind in ("audio", "file"):
        return {"file_url": payload.get("url")}
    return {"type": kind}


def _share_link(attachment: dict[str, Any]) -> str:
    payload = attachment.get("payload") or {}
    return payload.get("url") or f"https://www.instagram.com/p/{payload.get('id', '')}/"


def conversation_view(
    conversation_id: str,
    user: IgUser,
    thread: list[ThreadMessage],
    business: dict[str, str],
    asked: list[Field],
    render_messages: Callable[[Field], dict[str, Any]],
) -> dict[str, Any]:
    """A conversation node; ``messages`` (newest first) rendered by the caller's paging."""
    asked = asked or [Field("id")]
    check_fields(asked, CONVERSATION_FIELDS, "Conversation")
    out: dict[str, Any] = {}
    for item in asked:
        if item.name == "updated_time":
            out["updated_time"] = graph_time(thread[-1].timestamp if thread else 0)
        elif item.name == "participants":
            out["participants"] = {
                "data": [
                    _party(business["username"], business["id"]),
                    _party(user.username, user.igsid),
                ]
            }
        elif item.name == "message_count":
            out["message_count"] = len(thread)
        elif item.name == "messages":
            out["messages"] = render_messages(item)
    out["id"] = conversation_id
    return out
