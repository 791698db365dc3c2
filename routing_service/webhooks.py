"""``/webhooks/instagram``: the verification handshake and signed event deliveries."""

from __future__ import annotations

import hashlib
import hmac
import logging
import sqlite3

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from routing_service.errors import ServiceError, error_response
from routing_service.ingest import Ingest, parse_stored
from routing_service.routing import Router

__all__ = ["routes", "signature_of"]

WEBHOOK_PATH = "/webhooks/instagram"  # the callback Meta is given
log = logging.getLogger("routing_service.webhooks")
SIGNATURE_HEADER = "X-Hub-Signature-256"


def signature_of(secret: str, body: bytes) -> str:
    """``sha256=<hex>`` as Meta computes it over the exact raw body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def handshake(request: Request) -> Response:
    """Answer Meta's ``hub.challenge`` when the verify token matches, else 403; a request with
    the right token but no challenge is not Meta's: 400, never an empty 200."""
    params = request.query_params
    token = params.get("hub.verify_token", "")
    expected = request.app.state.settings.verify_token
    if params.get("hub.mode") == "subscribe" and hmac.compare_digest(
        token.encode(), expected.encode()
    ):
        challenge = params.get("hub.challenge")
        if not challenge:
            return PlainTextResponse("missing hub.challenge", status_code=400)
        return PlainTextResponse(challenge)
    return PlainTextResponse("verification failed", status_code=403)


async def receive(request: Request) -> Response:
    """Verify, store, answer: the events are acted on after the 200 (``ingest.py``).

    The body is capped (``max_webhook_bytes``) by its Content-Length and while it streams,
    before the signature is checked; a body without a signature header is not read at all.
    A verified body is stored before anything else, so nothing Meta sent is lost: a body that
    is not a webhook is kept and answered 400; one that cannot be stored is a 503, the only
    answer that makes Meta send it again.
    """
    settings = request.app.state.settings
    provided = request.headers.get(SIGNATURE_HEADER)
    unchecked = "signature_check_off" in settings.broken  # deliberate_breaks.py
    if not provided and not unchecked:
        return error_response(401, f"missing {SIGNATURE_HEADER}")
    body = await _read_capped(request, settings.max_webhook_bytes)
    expected = signature_of(settings.app_secret, body)
    if not unchecked and not hmac.compare_digest(
        (provided or "").strip().lower().encode(), expected.encode()
    ):
        return error_response(403, f"{SIGNATURE_HEADER} does not match the body")
    provided = provided or ""
    router: Router = request.app.state.router
    ingest: Ingest = request.app.state.ingest
    try:
        audit_id = router.store.add_webhook_event(body, provided, router.clock())
    except sqlite3.Error:
        log.exception("a verified webhook body could not be stored; Meta will retry it")
        return error_response(503, "the body could not be stored; send it again")
    try:
        received = parse_stored(audit_id, body)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, WebhookShapeError
        reason = f"not a webhook body: {_short(exc)}"
        router.store.finish_webhooks([audit_id], router.clock(), reason)
        return error_response(400, reason)
    ingest.accepted(received)
    return JSONResponse(
        {"received": len(received.events), "object": received.object, "stored": audit_id}
    )


async def _read_capped(request: Request, cap: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ServiceError(400, "Content-Length is not a number")
        if int(declared) > cap:
            raise ServiceError(413, f"the body is over {cap} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise ServiceError(413, f"the body is over {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _short(exc: BaseException) -> str:
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:200]


routes = [
    Route(WEBHOOK_PATH, handshake, methods=["GET"]),
    Route(WEBHOOK_PATH, receive, methods=["POST"]),
]
