"""Send API: ``POST /{v}/me/messages`` and ``/{v}/{IG_ID}/messages`` [IGSEND][MPSEND]; the
Attachment Upload API: ``POST /{v}/me/message_attachments`` (an ``attachment_id`` to reuse).

The handler parses, calls the Send API's check chain (``simulator/backend/send_api.py``: token
and scope, node, payload, recipient, role, window, rate limit, reply and reaction targets, in
Meta's order), lets the facade fetch the media Meta downloads (100/2018008, 100/2018109) and
send, and renders. Sender actions answer without ``message_id``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.backend import messaging as rules
from simulator.backend import send_api
from simulator.backend.tokens import MANAGE_MESSAGES
from simulator.errors import InvalidParameter, UnsupportedRequest
from simulator.graph.common import graph_endpoint, json_body
from simulator.graph.tokens import account_token, credentials

if TYPE_CHECKING:
    from simulator.service import Simulator


def _check_node(request: Request, sim: Simulator) -> None:
    node = request.path_params["node"]
    if node not in sim.business.nodes():
        raise UnsupportedRequest("POST", node)


@graph_endpoint
async def send_message(request: Request, sim: Simulator) -> dict[str, Any]:
    """Parse, run the Send API's checks (``backend/send_api.py``), fetch the media, send."""
    token, proof = await credentials(request)
    accepted = send_api.accept(
        sim.store, sim.rate_limits, now_ms=sim.clock.now_ms(), token=token, proof=proof,
        proof_required=sim.config.require_appsecret_proof,
        node=request.path_params["node"], body=await json_body(request),
    )  # fmt: skip
    user, message = accepted.user, accepted.send.message
    if message is None:
        return {"recipient_id": user.igsid}  # sender actions omit message_id (UNCONFIRMED)
    for media in message.fetch:
        await sim.check_media(media.kind, media.url)
    sent = sim.business_send(
        user,
        text=message.text,
        attachments=message.attachments,
        quick_replies=message.quick_replies,
        reply_to=accepted.send.reply_to,
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
