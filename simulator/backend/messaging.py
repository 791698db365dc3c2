"""The Send API's rules [IGSEND][MPSEND] (docs/meta-platform.md sections 2 and 4).

``parse_send`` turns a request body into a ``SendRequest`` or Meta's error; ``check_recipient``
and ``check_policy`` apply who may be written to and when. Where Meta's docs give no number,
the documented Messenger default is used and marked (a constant here is the knob).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.contract.tables import SEND_REACTIONS
from simulator.errors import (
    GraphError,
    InvalidMessageData,
    InvalidParameter,
    NoMatchingUser,
    NoRole,
    OutsideWindow,
)
from simulator.state.models import IgUser

MAX_TEXT_BYTES = 1000  # [IGSEND] UTF-8, <= 1000 bytes
WINDOW_MS = 24 * 3600 * 1000  # [IGSEND] 24 h after the user's last message
HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600 * 1000  # [IGOV] HUMAN_AGENT: 7 days
MESSAGING_TYPES = ("RESPONSE", "UPDATE", "MESSAGE_TAG")
RETIRED_TAGS = ("CONFIRMED_EVENT_UPDATE", "ACCOUNT_UPDATE", "POST_PURCHASE_UPDATE")  # Apr 27 2026
SENDER_ACTIONS = ("typing_on", "typing_off", "mark_seen", "react", "unreact")
REACTIONS = SEND_REACTIONS  # webhook values (spec 1.1)
MEDIA_TYPES = ("image", "audio", "video", "file")
MAX_IMAGES = 10  # [IGSEND] up to 10 images in message.attachments[]
MAX_QUICK_REPLIES = 13  # Messenger's documented limit [MPSEND]; Instagram's UNCONFIRMED
QUICK_REPLY_TITLE_CHARS = 20  # Messenger's limit [MPSEND]
PAYLOAD_CHARS = 1000  # Messenger's postback/quick-reply payload limit [MPSEND]
MAX_ELEMENTS = 10  # generic template carousel: third-party clients cap at 10 (UNCONFIRMED)
TEMPLATE_TEXT_CHARS = 80  # Messenger's title/subtitle limit [MPSEND]
MAX_BUTTONS = 3  # Messenger's generic template limit [MPSEND]
BUTTON_TYPES = ("web_url", "postback")
# [IGSEND] image png/jpeg 8 MB; audio, video and PDF 25 MB; file = PDF
SIZE_LIMITS = {"image": 8 << 20, "audio": 25 << 20, "video": 25 << 20, "file": 25 << 20}
CONTENT_TYPES = {
    "image": ("image/png", "image/jpeg"),
    "audio": ("audio/",),
    "video": ("video/",),
    "file": ("application/pdf",),
}


class FetchFailed(GraphError):
    """[MPERR] 100/2018008: the media URL could not be fetched."""

    code = 100
    subcode = 2018008
    default_message = "Failed to fetch the file from the url"


class MediaTooLarge(GraphError):
    """[MPERR] 100/2018109: the attachment is over the type's size limit."""

    code = 100
    subcode = 2018109
    default_message = "Attachment size exceeds allowable limit"


@dataclass(frozen=True)
class MediaToFetch:
    """A URL Meta downloads before it sends (and the attachment it belongs to)."""

    kind: str
    url: str


@dataclass(frozen=True)
class Outgoing:
    """What the business sends, as the user's thread keeps it and the echo carries it."""

    text: str | None
    attachments: list[dict[str, Any]] = field(default_factory=list)
    quick_replies: list[dict[str, Any]] = field(default_factory=list)
    fetch: list[MediaToFetch] = field(default_factory=list)


@dataclass(frozen=True)
class SendRequest:
    recipient_id: str
    message: Outgoing | None
    sender_action: str | None
    action_payload: dict[str, Any] | None
    window_ms: int
    reply_to: str | None


def _fail(message: str) -> InvalidMessageData:
    return InvalidMessageData(f"Invalid message data: {message}")


def _text(message: dict[str, Any]) -> str | None:
    text = message.get("text")
    if text is None:
        return None
    if not isinstance(text, str) or not text:
        raise _fail("empty text")
    size = len(text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:  # subcode for this case UNCONFIRMED (spec section 3)
        raise _fail(f"text is {size} bytes, the limit is {MAX_TEXT_BYTES} bytes UTF-8")
    return text


def _url(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise _fail(f"{what} must be a valid URL")
    return value


def media(attachment: dict[str, Any], uploads: dict[str, dict[str, Any]]) -> tuple[dict, Any]:
    """``{type, payload:{url}}`` or ``{type, payload:{attachment_id}}`` [IGSEND]."""
    kind, payload = attachment.get("type"), attachment.get("payload")
    if not isinstance(payload, dict):
        raise _fail(f"a {kind} attachment needs a payload")
    if "attachment_id" in payload:
        uploaded = uploads.get(str(payload["attachment_id"]))
        if uploaded is None or uploaded["type"] != kind:
            raise InvalidParameter(f"Invalid attachment_id for a {kind} attachment")
        return {"type": kind, "payload": {"url": uploaded["url"]}}, None
    url = _url(payload.get("url"), f"the {kind} attachment's payload.url")
    return {"type": kind, "payload": {"url": url}}, MediaToFetch(kind, url)


def _button(button: Any, where: str) -> dict[str, Any]:
    if not isinstance(button, dict) or button.get("type") not in BUTTON_TYPES:
        raise _fail(f"{where} must be a web_url or postback button")
    title = button.get("title")
    if not isinstance(title, str) or not title:
        raise _fail(f"{where} needs a title")
    if button["type"] == "web_url":
        return {"type": "web_url", "url": _url(button.get("url"), f"{where}.url"), "title": title}
    payload = button.get("payload")
    if not isinstance(payload, str) or not payload or len(payload) > PAYLOAD_CHARS:
        raise _fail(f"{where} needs a payload of 1 to {PAYLOAD_CHARS} characters")
    return {"type": "postback", "title": title, "payload": payload}


def _generic_template(payload: dict[str, Any]) -> dict[str, Any]:
    """[IGSEND generic template] elements with title, subtitle, image_url, default_action,
    buttons (web_url | postback); several elements = a carousel."""
    elements = payload.get("elements")
    if not isinstance(elements, list) or not 1 <= len(elements) <= MAX_ELEMENTS:
        raise _fail(f"a generic template needs 1 to {MAX_ELEMENTS} elements")
    kept = []
    for i, element in enumerate(elements):
        where = f"elements[{i}]"
        if not isinstance(element, dict):
            raise _fail(f"{where} must be an object")
        title = element.get("title")
        if not isinstance(title, str) or not 0 < len(title) <= TEMPLATE_TEXT_CHARS:
            raise _fail(f"{where}.title must have 1 to {TEMPLATE_TEXT_CHARS} characters")
        item: dict[str, Any] = {"title": title}
        subtitle = element.get("subtitle")
        if subtitle is not None:
            if not isinstance(subtitle, str) or len(subtitle) > TEMPLATE_TEXT_CHARS:
                raise _fail(f"{where}.subtitle must have at most {TEMPLATE_TEXT_CHARS} characters")
            item["subtitle"] = subtitle
        if "image_url" in element:
            item["image_url"] = _url(element["image_url"], f"{where}.image_url")
        action = element.get("default_action")
        if action is not None:
            if not isinstance(action, dict) or action.get("type") != "web_url":
                raise _fail(f"{where}.default_action must be a web_url action")
            url = _url(action.get("url"), f"{where}.default_action.url")
            item["default_action"] = {"type": "web_url", "url": url}
        buttons = element.get("buttons", [])
        if not isinstance(buttons, list) or len(buttons) > MAX_BUTTONS:
            raise _fail(f"{where}.buttons: at most {MAX_BUTTONS} buttons")
        if buttons:
            item["buttons"] = [_button(b, f"{where}.buttons[{j}]") for j, b in enumerate(buttons)]
        kept.append(item)
    return {"type": "template", "payload": {"template_type": "generic", "elements": kept}}


def _attachment(attachment: Any, uploads: dict[str, dict[str, Any]]) -> tuple[dict, Any]:
    if not isinstance(attachment, dict):
        raise _fail("attachment must be an object")
    kind = attachment.get("type")
    if kind in MEDIA_TYPES:
        return media(attachment, uploads)
    if kind == "like_heart":  # a heart sticker [IGSEND]
        return {"type": "like_heart"}, None
    if kind == "MEDIA_SHARE":  # one of the account's posts [IGSEND]
        post = (attachment.get("payload") or {}).get("id")
        if not isinstance(post, str | int) or not str(post).isdigit():
            raise _fail("a MEDIA_SHARE attachment needs payload.id, the post's id")
        # the simulator keeps no media library: any numeric id counts as the account's post
        return {"type": "share", "payload": {"id": str(post)}}, None
    if kind == "template":
        payload = attachment.get("payload")
        if not isinstance(payload, dict) or payload.get("template_type") != "generic":
            raise _fail("the only template Instagram sends is template_type generic")
        return _generic_template(payload), None
    raise _fail(
        f"attachment type {kind!r}: one of image, audio, video, file, like_heart, "
        "MEDIA_SHARE or template"
    )


def _quick_replies(raw: Any) -> list[dict[str, Any]]:
    """``[{content_type:"text", title, payload}]`` [IGSEND quick replies]."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_QUICK_REPLIES:
        raise _fail(f"quick_replies must list 1 to {MAX_QUICK_REPLIES} items")
    kept = []
    for i, reply in enumerate(raw):
        where = f"quick_replies[{i}]"
        if not isinstance(reply, dict) or reply.get("content_type") != "text":
            raise _fail(f"{where}.content_type must be text")
        title, payload = reply.get("title"), reply.get("payload")
        if not isinstance(title, str) or not 0 < len(title) <= QUICK_REPLY_TITLE_CHARS:
            raise _fail(f"{where}.title must have 1 to {QUICK_REPLY_TITLE_CHARS} characters")
        if not isinstance(payload, str | int) or not 0 < len(str(payload)) <= PAYLOAD_CHARS:
            raise _fail(f"{where}.payload must have 1 to {PAYLOAD_CHARS} characters")
        kept.append({"content_type": "text", "title": title, "payload": str(payload)})
    return kept


def _outgoing(message: Any, uploads: dict[str, dict[str, Any]]) -> Outgoing:
    if not isinstance(message, dict):
        raise InvalidMessageData()
    text = _text(message)
    single, several = message.get("attachment"), message.get("attachments")
    if single is not None and several is not None:
        raise _fail("send either attachment or attachments, not both")
    parsed: list[tuple[dict, Any]] = []
    if single is not None:
        parsed.append(_attachment(single, uploads))
    if several is not None:
        if not isinstance(several, list) or not 1 <= len(several) <= MAX_IMAGES:
            raise _fail(f"attachments must list 1 to {MAX_IMAGES} images")
        parsed = [_attachment(a, uploads) for a in several]
        if any(a["type"] != "image" for a, _ in parsed):
            raise _fail("attachments[] takes images only; send other media one at a time")
    if text is not None and parsed:
        raise _fail("a message carries text or an attachment, not both")
    if text is None and not parsed:
        raise _fail("no text and no attachment")
    replies = _quick_replies(message.get("quick_replies"))
    return Outgoing(
        text=text,
        attachments=[a for a, _ in parsed],
        quick_replies=replies,
        fetch=[f for _, f in parsed if f is not None],
    )


def _window_ms(body: dict[str, Any]) -> int:
    messaging_type = body.get("messaging_type", "RESPONSE")
    if messaging_type not in MESSAGING_TYPES:
        raise InvalidParameter(f"Param messaging_type must be one of {', '.join(MESSAGING_TYPES)}")
    tag = body.get("tag")
    if tag is None:
        if messaging_type == "MESSAGE_TAG":
            raise InvalidParameter("Param tag is required when messaging_type is MESSAGE_TAG")
        return WINDOW_MS
    if tag in RETIRED_TAGS:  # fail with 100 since Apr 27 2026 (spec section 2)
        raise InvalidParameter(f"Param tag[{tag}] is no longer supported for Instagram messaging")
    if tag != "HUMAN_AGENT":
        raise InvalidParameter(f"Param tag[{tag}] is not a supported message tag")
    return HUMAN_AGENT_WINDOW_MS


def parse_send(body: dict[str, Any], uploads: dict[str, dict[str, Any]]) -> SendRequest:
    """The request, or Meta's error for the first thing wrong with it."""
    message, action = body.get("message"), body.get("sender_action")
    if message is None and action is None:
        raise InvalidParameter("Must send either message or sender_action")
    if message is not None and action is not None:
        raise InvalidParameter("Send either message or sender_action, not both")
    if action is not None and action not in SENDER_ACTIONS:
        raise InvalidParameter(f"Param sender_action must be one of {', '.join(SENDER_ACTIONS)}")
    outgoing = _outgoing(message, uploads) if message is not None else None
    recipient = body.get("recipient")
    igsid = recipient.get("id") if isinstance(recipient, dict) else None
    if not isinstance(igsid, str | int) or isinstance(igsid, bool) or not str(igsid):
        raise InvalidParameter("The parameter recipient is required")
    reply_to = body.get("reply_to")
    reply_mid = reply_to.get("mid") if isinstance(reply_to, dict) else None
    if reply_to is not None and not isinstance(reply_mid, str):
        raise InvalidParameter('Param reply_to must be {"mid": <message id>}')
    payload = body.get("payload")
    return SendRequest(
        recipient_id=str(igsid),
        message=outgoing,
        sender_action=action,
        action_payload=payload if isinstance(payload, dict) else None,
        window_ms=_window_ms(body),
        reply_to=reply_mid,
    )


def check_recipient(users: dict[str, IgUser], igsid: str) -> IgUser:
    user = users.get(igsid)
    if user is None:
        raise NoMatchingUser()  # [IGSEND] 100/2534014
    return user


def check_policy(
    *, app_mode: str, user: IgUser, last_inbound_ms: int | None, now_ms: int, window_ms: int
) -> None:
    if app_mode == "development" and user.role is None:
        raise NoRole()  # [MPERR] 200/2018028
    if last_inbound_ms is None or now_ms - last_inbound_ms > window_ms:
        raise OutsideWindow()  # [IGSEND] 10/2534022


def check_reaction(action: str, payload: dict[str, Any] | None, in_thread: bool) -> None:
    """[IGSEND] ``react`` with ``payload{message_id, reaction}``; ``unreact`` needs only the id."""
    mid = (payload or {}).get("message_id")
    if not isinstance(mid, str) or not in_thread:
        raise InvalidParameter("Param payload[message_id] must be a message in this thread")
    if action == "react" and (payload or {}).get("reaction") not in REACTIONS:
        raise InvalidParameter(f"Param payload[reaction] must be one of {', '.join(REACTIONS)}")


def check_fetched(kind: str, url: str, status: int | None, content_type: str, size: int) -> None:
    """Meta downloads the media before it sends: unreachable, refused, of the wrong type or
    too large answers its error [MPERR]."""
    if status is None or not 200 <= status < 300:
        reason = "unreachable" if status is None else f"HTTP {status}"
        raise FetchFailed(f"Failed to fetch the file from the url ({url}: {reason})")
    if not content_type.lower().startswith(CONTENT_TYPES[kind]):
        raise FetchFailed(f"Failed to fetch the file from the url ({url}: {content_type!r} "
                          f"is not a {kind} Instagram sends)")  # fmt: skip
    if size > SIZE_LIMITS[kind]:
        raise MediaTooLarge(
            f"Attachment size exceeds allowable limit ({size} bytes; {kind}: {SIZE_LIMITS[kind]})"
        )
