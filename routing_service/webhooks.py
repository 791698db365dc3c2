"""``/webhooks/instagram``: the verification handshake and signed event deliveries."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from routing_service.errors import error_response
from routing_service.routing import Router
from routing_service.webhook_events import (
    Echo,
    Inbound,
    Unsend,
    WebhookShapeError,
    parse_body,
)

__all__ = ["routes", "signature_of"]

log = logging.getLogger("routing_service.webhooks")
SIGNATURE_HEADER = "X-Hub-Signature-256"


def signature_of(secret: str, body: bytes) -> str:
    """``sha256=<hex>`` as Meta computes it over the exact raw body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def handshake(request: Request) -> Response:
    """Answer Meta's ``hub.challenge`` when the verify token matches, else 403."""
    params = request.query_params
    token = params.get("hub.verify_token", "")
    expected = request.app.state.settings.verify_token
    if params.get("hub.mode") == "subscribe" and hmac.compare_digest(
        token.encode(), expected.encode()
    ):
        return PlainTextResponse(params.get("hub.challenge", ""))
    return PlainTextResponse("verification failed", status_code=403)


async def receive(request: Request) -> Response:
    """Verify the signature, store the raw body, then act on each messaging event."""
    body = await request.body()
    provided = request.headers.get(SIGNATURE_HEADER)
    if not provided:
        return error_response(401, f"missing {SIGNATURE_HEADER}")
    secret = request.app.state.settings.app_secret
    expected = signature_of(secret, body)
    if not hmac.compare_digest(provided.strip().lower().encode(), expected.encode()):
        return error_response(403, f"{SIGNATURE_HEADER} does not match the body")
    try:
        payload = json.loads(body)
        object_, events = parse_body(payload)
    except (ValueError, WebhookShapeError) as exc:  # JSONDecodeError is a ValueError
        return error_response(400, f"not a webhook body: {exc}")
    router: Router = request.app.state.router
    router.store.add_webhook_event(body.decode("utf-8", "replace"), provided, router.clock())
    handled = 0
    for event in events:
        if isinstance(event, Inbound):
            result = await router.on_inbound(event)
        elif isinstance(event, Echo):
            result = await router.on_echo(event)
        else:
            assert isinstance(event, Unsend)
            result = await router.on_unsend(event)
        handled += result is not None
    return JSONResponse({"received": len(events), "new": handled, "object": object_})


routes = [
    Route("/webhooks/instagram", handshake, methods=["GET"]),
    Route("/webhooks/instagram", receive, methods=["POST"]),
]
