"""The Graph API (`graph.instagram.com`), mounted at `/graph`: one module per resource."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.routing import BaseRoute, Route

from simulator.errors import UnsupportedRequest
from simulator.graph import messages, messenger_profile, nodes, pages, subscriptions, tokens
from simulator.graph.common import graph_endpoint

ALL_METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH"]


@graph_endpoint
async def _unsupported(request: Request, sim: Any) -> dict[str, Any]:
    """Any other path: 100/33 naming the object, like Graph [GERR]."""
    path = request.path_params.get("path", "")
    parts = [p for p in path.split("/") if p]
    raise UnsupportedRequest(request.method, parts[0] if parts else "")


def _versioned_unsupported() -> Route:
    return Route("/{version}/{path:path}", _unsupported, methods=ALL_METHODS)


def graph_routes() -> list[BaseRoute]:
    return [
        *tokens.routes(),
        *messages.routes(),
        *messenger_profile.routes(),
        *subscriptions.routes(),
        *pages.routes(),
        *nodes.routes(),
        _versioned_unsupported(),
        Route("/{version}", _unsupported, methods=ALL_METHODS),
    ]


__all__ = ["graph_routes"]
