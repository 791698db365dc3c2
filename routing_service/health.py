"""``GET /healthz``: the service is up, and how many webhook bodies wait to be handled.

For load balancers and operators: ``pending`` counts stored bodies not yet processed (they are
handled after a restart too), ``queued`` those waiting in this process's worker.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from routing_service.ingest import Ingest
from routing_service.store import Store

__all__ = ["routes"]


async def health(request: Request) -> JSONResponse:
    store: Store = request.app.state.store
    ingest: Ingest = request.app.state.ingest
    webhooks = {"pending": store.pending_webhook_count(), "queued": ingest.backlog}
    return JSONResponse({"status": "ok", "webhooks": webhooks})


routes = [Route("/healthz", health, methods=["GET"])]
