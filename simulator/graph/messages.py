"""Send API: `POST /{v}/me/messages` and `POST /{v}/{IG_ID}/messages` [IGSEND][MPSEND].

Checks, in order: token, node, payload, recipient (100/2534014), role in development mode
(200/2018028), the 24 h window (10/2534022; 7 days with `HUMAN_AGENT`). Text or one
attachment `{type, payload:{url}}`; sender actions answer without `message_id`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.backend.tokens import MANAGE_MESSAGES
from simulator.errors import (
    InvalidMessageData,
    InvalidParameter,
    NoMatchingUser,
    NoRole,
    OutsideWindow,
    UnsupportedRequest,
)
from simulator.graph.common import graph_endpoint, json_body
from simulator.graph.tokens import account_token
from simulator.state.models import IgUser

if TYPE_CHECKING:
    from simulator.service import Simulator

MAX_TEXT_BYTES = 1000  # [IGSEND] UTF-8, <= 1000 bytes
WINDOW_MS = 24 * 3600 * 1000  # [IGSEND] 24 h after the user's last message
HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600 * 1000  # [IGOV] HUMAN_AGENT: 7 days
MESSAGING_TYPES = ("RESPONSE", "UPDATE", "MESSAGE_TAG")
SENDER_ACTIONS = ("typing_on", "typing_off", "mark_seen", "react", "unreact")
REACTIONS = ("love", "like", "laugh", "wow", "sad", "angry")  # webhook values (spec 1.1)
ATTACHMENT_TYPES = ("image", "audio", "video", "file")


def _text(message: dict[str, Any]) -> str | None:
    text = message.get("text")
    if text is None:
        return None
    if not isinstance(text, str) or not text:
        raise InvalidMessageData("Invalid message data: empty text")
    size = len(text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:  # subcode for this case UNCONFIRMED (spec section 3)
        raise InvalidMessageData(
            f"Invalid message data: text is {size} bytes, the limit is {MAX_TEXT_BYTES} bytes UTF-8"
        )
    return text


def _attachments(message: dict[str, Any]) -> list[dict[str, Any]]:
    attachment = message.get("attachment")
    if attachment is None:
        return []
    payload = attachment.get("payload") if isinstance(attachment, dict) else None
    url = payload.get("url") if isinstance(payload, dict) else None
    kind = attachment.get("type") if isinstance(attachment, dict) else None
    if kind not in ATTACHMENT_TYPES or not isinstance(url, str) or not url.startswith("http"):
        raise InvalidMessageData("Invalid message data: attachment needs a type and a payload url")
    return [{"type": kind, "payload": {"url": url}}]


def _check_reaction(sim: Simulator, user: IgUser, body: dict[str, Any]) -> None:
    """[IGSEND] `"sender_action":"react","payload":{"message_id","reaction"}`; `unreact` needs
    only `message_id`. The business's own reactions give no webhook (spec 1.1)."""
    payload = body.get("payload")
    mid = payload.get("message_id") if isinstance(payload, dict) else None
    if not isinstance(mid, str) or not any(m.mid == mid for m in sim.thread(user)):
        raise InvalidParameter("Param payload[message_id] must be a message in this thread")
    if body["sender_action"] == "react" and payload.get("reaction") not in REACTIONS:
        raise InvalidParameter(f"Param payload[reaction] must be one of {', '.join(REACTIONS)}")


def _window_ms(body: dict[str, Any]) -> int:
    messaging_type = body.get("messaging_type", "RESPONSE")
    if messaging_type not in MESSAGING_TYPES:
        raise InvalidParameter(f"Param messaging_type must be one of {', '.join(MESSAGING_TYPES)}")
    tag = body.get("tag")
    if tag is None:
        return WINDOW_MS
    if tag != "HUMAN_AGENT":  # other tags fail with 100 since Apr 27 2026 (spec section 2)
        raise InvalidParameter(f"Param tag[{tag}] is not a supported message tag")
    return HUMAN_AGENT_WINDOW_MS


def _recipient(sim: Simulator, body: dict[str, Any]) -> IgUser:
    recipient = body.get("recipient")
    igsid = recipient.get("id") if isinstance(recipient, dict) else None
    if not isinstance(igsid, str | int) or not str(igsid):
        raise InvalidParameter("The parameter recipient is required")
    user = sim.store.users.get(str(igsid))
    if user is None:
        raise NoMatchingUser()
    return user


def _check_policy(sim: Simulator, user: IgUser, window_ms: int) -> None:
    if sim.store.app.mode == "development" and user.role is None:
        raise NoRole()  # [MPERR] 200/2018028
    last = sim.last_user_message_ms(user)
    if last is None or sim.clock.now_ms() - last > window_ms:
        raise OutsideWindow()  # [IGSEND] 10/2534022


@graph_endpoint
async def send_message(request: Request, sim: Simulator) -> dict[str, Any]:
    await account_token(request, sim, MANAGE_MESSAGES)
    node = request.path_params["node"]
    if node not in ("me", sim.business.ig_id):
        raise UnsupportedRequest("POST", node)
    body = await json_body(request)
    message, action = body.get("message"), body.get("sender_action")
    if message is None and action is None:
        raise InvalidParameter("Must send either message or sender_action")
    if action is not None and action not in SENDER_ACTIONS:
        raise InvalidParameter(f"Param sender_action must be one of {', '.join(SENDER_ACTIONS)}")
    text: str | None = None
    attachments: list[dict[str, Any]] = []
    if message is not None:
        if not isinstance(message, dict):
            raise InvalidMessageData()
        text, attachments = _text(message), _attachments(message)
        if text is None and not attachments:
            raise InvalidMessageData("Invalid message data: no text and no attachment")
    window_ms = _window_ms(body)
    user = _recipient(sim, body)
    _check_policy(sim, user, window_ms)
    if message is None:
        if action in ("react", "unreact"):
            _check_reaction(sim, user, body)
        return {"recipient_id": user.igsid}  # sender actions omit message_id (UNCONFIRMED)
    sent = sim.business_send(user, text=text, attachments=attachments)
    return {"recipient_id": user.igsid, "message_id": sent.mid}


def routes() -> list[Route]:
    return [Route("/{version}/{node}/messages", send_message, methods=["POST"])]
