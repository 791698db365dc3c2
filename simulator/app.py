"""The simulator's Starlette app: Graph at `/graph`, CDN at `/cdn`, control at `/_sim`,
the Instagram user's pages at `/instagram` (architecture.md section 1)."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from simulator.cdn import cdn_routes
from simulator.clock import Clock
from simulator.config import SimulatorConfig
from simulator.control import control_routes
from simulator.control import error as control_error
from simulator.errors import InvalidParameter, UnknownError, UnsupportedRequest
from simulator.graph import graph_routes
from simulator.graph.common import error_response
from simulator.graph.versioning import GraphVersioning
from simulator.service import Simulator
from simulator.user_ui.pages import error_page
from simulator.user_ui.routes import user_ui_routes

GRAPH_METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH"]


async def _home(request: Request) -> Response:
    return RedirectResponse("/instagram/", status_code=302)


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


async def _graph_root(request: Request) -> Response:
    """`/graph` itself names no object: 100/33, not a redirect to `/graph/`."""
    error = UnsupportedRequest(request.method, request.url.path)
    return error_response(request.app.state.sim, error)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's HTTP errors (no route, wrong method, unreadable form) in each prefix's own
    shape: Meta's error JSON, the control API's reason JSON, or an Instagram page."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "Error"
    path = request.url.path
    if _under(path, "/graph"):
        sim = request.app.state.sim
        if status >= 500:
            return error_response(sim, UnknownError())
        if status in (404, 405):
            return error_response(sim, UnsupportedRequest(request.method, path))
        return error_response(sim, InvalidParameter(f"Invalid request: {detail}"))
    if _under(path, "/_sim"):
        if status in (404, 405):
            return control_error(status, f"no control route {request.method} {path}")
        return control_error(status, f"bad request: {detail}")
    if _under(path, "/instagram"):
        return error_page(request, status, detail)
    return PlainTextResponse("Page not found" if status == 404 else "Error", status_code=status)


async def _server_error(request: Request, exc: Exception) -> Response:
    if _under(request.url.path, "/graph"):
        return error_response(request.app.state.sim, UnknownError())
    if _under(request.url.path, "/instagram"):
        return error_page(request, 500, "The simulator hit an error; see its log.")
    return JSONResponse({"error": {"reason": "internal simulator error"}}, status_code=500)


@functools.cache
def _shared_routes() -> tuple[BaseRoute, ...]:
    """Routes built once per process: they hold no state (each handler reads its simulator
    from ``request.app.state``), and compiling their paths cost about 2 ms an app. The user
    pages keep state of their own (session secret, story shelf): built for each app."""
    return (
        Route("/", _home),
        Route("/graph", _graph_root, methods=GRAPH_METHODS),
        Mount("/graph", routes=graph_routes()),
        Mount("/cdn", routes=cdn_routes()),
        Mount("/_sim", routes=control_routes()),
    )


def create_app(
    config: SimulatorConfig | None = None,
    http_client_factory: Callable[[], httpx.AsyncClient] | None = None,
    *,
    clock: Clock | None = None,
) -> Starlette:
    """Build the simulator; `http_client_factory` makes the client for webhooks and handshakes
    (default ``webhooks.sender.default_client``), `clock` is injectable for tests."""
    sim = Simulator(
        config or SimulatorConfig(), clock=clock, http_client_factory=http_client_factory
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await sim.start()
        try:
            yield
        finally:
            await sim.stop()

    app = Starlette(
        routes=[*_shared_routes(), Mount("/instagram", routes=user_ui_routes())],
        lifespan=lifespan,
        middleware=[Middleware(GraphVersioning)],
        exception_handlers={HTTPException: _http_error, 500: _server_error},
    )
    app.state.sim = sim
    sim.own_app = app  # media Meta downloads from its own CDN are served without a socket
    return app
