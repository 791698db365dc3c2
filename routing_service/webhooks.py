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
    Parsed,
    Unsend,
    parse_body,
    sent_at,
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
    """Verify the signature, keep the raw body, then act on each messaging event.

    Every signed body is kept before it is parsed, so nothing Meta sent is lost even when it
    is refused (400) or one of its events cannot be handled (logged; the rest still are).
    """
    body = await request.body()
    provided = request.headers.get(SIGNATURE_HEADER)
    if not provided:
        return error_response(401, f"missing {SIGNATURE_HEADER}")
    secret = request.app.state.settings.app_secret
    expected = signature_of(secret, body)
    if not hmac.compare_digest(provided.strip().lower().encode(), expected.encode()):
        return error_response(403, f"{SIGNATURE_HEADER} does not match the body")
    router: Router = request.app.state.router
    audit_id = router.store.add_webhook_event(body, provided, router.clock())
    try:
        payload = json.loads(body)
        object_, events = parse_body(payload)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, WebhookShapeError
        return error_response(400, f"not a webhook body: {_short(exc)}")
    if object_ == "instagram":
        router.meta_clock.observe(sent_at(payload))
    handled = failed = 0
    for event in events:
        try:
            handled += await _act(router, event) is not None
        except Exception:  # one bad event must not cost the batch its other events
            failed += 1
            log.exception("webhook %s: could not handle %s; raw body kept", audit_id, event)
    answer = {"received": len(events), "new": handled, "object": object_}
    return JSONResponse(answer | ({"failed": failed} if failed else {}))


async def _act(router: Router, event: Parsed) -> object | None:
    if isinstance(event, Inbound):
        return await router.on_inbound(event)
    if isinstance(event, Echo):
        return await router.on_echo(event)
    assert isinstance(event, Unsend)
    return await router.on_unsend(event)


def _short(exc: BaseException) -> str:
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:200]


routes = [
    Route("/webhooks/instagram", handshake, methods=["GET"]),
    Route("/webhooks/instagram", receive, methods=["POST"]),
]
