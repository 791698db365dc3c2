"""Send API: ``POST /{v}/me/messages`` and ``/{v}/{IG_ID}/messages`` [IGSEND][MPSEND]; the
Attachment Upload API: ``POST /{v}/me/message_attachments`` (an ``attachment_id`` to reuse).

The handler parses, calls the rules (``simulator/backend/messaging.py``) and the facade, and
renders: token and scope, node, payload, recipient (100/2534014), role in development mode
(200/2018028), the 24 h window (10/2534022; 7 days with ``HUMAN_AGENT``), then the media Meta
downloads (100/2018008, 100/2018109). Sender actions answer without ``message_id``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.backend import messaging as rules
from simulator.backend.tokens import MANAGE_MESSAGES
from simulator.errors import InvalidParameter, UnsupportedRequest
from simulator.graph.common import graph_endpoint, json_body
from simulator.graph.tokens import account_token

if TYPE_CHECKING:
    from simulator.service import Simulator


def _check_node(request: Request, sim: Simulator) -> None:
    node = request.path_params["node"]
    if node not in sim.business.nodes():
        raise UnsupportedRequest("POST", node)


@graph_endpoint
async def send_message(request: Request, sim: Simulator) -> dict[str, Any]:
    await account_token(request, sim, MANAGE_MESSAGES)
    _check_node(request, sim)
    send = rules.parse_send(await json_body(request), sim.store.uploads)
    user = rules.check_recipient(sim.store.users, send.recipient_id)
    rules.check_policy(
        app_mode=sim.store.app.mode,
        user=user,
        last_inbound_ms=sim.last_user_message_ms(user),
        now_ms=sim.clock.now_ms(),
        window_ms=send.window_ms,
    )
    media = any(
        a["type"] in ("audio", "video") for a in (send.message.attachments if send.message else [])
    )
    sim.rate_limits.charge("media" if media else "send", sim.clock.now_ms())  # [IGOV]
    if send.reply_to is not None and sim.store.message(user, send.reply_to) is None:
        raise InvalidParameter("Param reply_to[mid] must be a message in this thread")
    if send.message is None:
        assert send.sender_action is not None
        if send.sender_action in ("react", "unreact"):
            mid = (send.action_payload or {}).get("message_id")
            in_thread = isinstance(mid, str) and sim.store.message(user, mid) is not None
            rules.check_reaction(send.sender_action, send.action_payload, in_thread)
        return {"recipient_id": user.igsid}  # sender actions omit message_id (UNCONFIRMED)
    for media in send.message.fetch:
        await sim.check_media(media.kind, media.url)
    sent = sim.business_send(
        user,
        text=send.message.text,
        attachments=send.message.attachments,
        quick_replies=send.message.quick_replies,
        reply_to=send.reply_to,
    )
    return {"recipient_id": user.igsid, "message_id": sent.mid}


@graph_endpoint
async def upload_attachment(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"message":{"attachment":{"type","payload":{"url","is_reusable":true}}}}`` ->
    ``{"attachment_id"}``; Meta downloads the media now."""
    await account_token(request, sim, MANAGE_MESSAGES)
    _check_node(request, sim)
    body = await json_body(request)
    message = body.get("message")
    attachment = message.get("attachment") if isinstance(message, dict) else None
    kind = attachment.get("type") if isinstance(attachment, dict) else None
    if kind not in rules.MEDIA_TYPES:
        raise InvalidParameter(
            "Param message[attachment][type] must be image, audio, video or file"
        )
    parsed, fetch = rules.media(attachment, {})
    assert fetch is not None
    await sim.check_media(fetch.kind, fetch.url)
    return {"attachment_id": sim.store.upload(kind, parsed["payload"]["url"])}


def routes() -> list[Route]:
    return [
        Route("/{version}/{node}/messages", send_message, methods=["POST"]),
        Route("/{version}/{node}/message_attachments", upload_attachment, methods=["POST"]),
    ]
