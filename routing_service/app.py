"""The reference contact center as a Starlette app (architecture.md section 2)."""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware

from routing_service import api, health, media_copies, ui, webhooks
from routing_service.auth import seed_agent
from routing_service.config_file import AgentSpec
from routing_service.deliberate_breaks import BREAKS
from routing_service.errors import exception_handlers
from routing_service.events import EventBus
from routing_service.graph_client import GraphClient
from routing_service.ingest import Ingest
from routing_service.media_copies import MediaCopies
from routing_service.routing import Router
from routing_service.security import SecurityMiddleware
from routing_service.settings import Settings
from routing_service.store import Store
from routing_service.throttle import LoginThrottle

__all__ = ["create_app"]

log = logging.getLogger("routing_service")
SESSION_COOKIE = "relay_session"
HASHES_AT_ONCE = 2  # password hashes in threads at once (this many cores' worth)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()  # loads the CA bundle: once, not per app started


def _default_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=10.0, verify=_tls_context())


def create_app(
    settings: Settings,
    http_client_factory: Callable[[], httpx.AsyncClient] | None = None,
    *,
    agents: Sequence[AgentSpec] = (),
) -> Starlette:
    """Build the app; its lifespan opens the store and the Graph client and closes them."""
    factory = http_client_factory or _default_client

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        for name in settings.broken:
            log.warning("deliberately broken (ROUTING_BROKEN): %s: %s", name, BREAKS[name])
        store = Store(settings.database)
        http = factory()
        try:
            seed_agent(store, settings)
            for spec in agents:  # routing.toml's [[agents]], as the admin keeps them
                store.upsert_agent(spec.login, spec.name, spec.password_hash, spec.positions)
            bus = EventBus()
            graph = GraphClient(
                http,
                settings.graph_root,
                settings.access_token,
                profile_timeout_s=settings.profile_timeout_ms / 1000,
            )
            router = Router(store, bus, graph, settings)
            router.media_copies = app.state.media_copies = MediaCopies(http)
            ingest = Ingest(
                store,
                router.on_event,
                observe_meta_time=router.meta_clock.observe,
                after_restart=router.drain_queue,
                before_batch=router.learn_account,
                clock=lambda: router.clock(),
                retry_s=settings.webhook_retry_ms / 1000,
            )
            app.state.store, app.state.router, app.state.ingest = store, router, ingest
            app.state.throttle = LoginThrottle()
            app.state.hash_slots = asyncio.Semaphore(HASHES_AT_ONCE)
            await ingest.start()
            try:
                yield
            finally:
                await ingest.stop()
                await bus.close()
        finally:
            await http.aclose()
            store.close()

    app = Starlette(
        routes=[*webhooks.routes, *health.routes, *api.routes, *ui.routes, *media_copies.routes],
        middleware=[
            Middleware(
                SecurityMiddleware,
                public_url=settings.public_url,
                graph_base_url=settings.graph_base_url,
            ),
            Middleware(
                SessionMiddleware,
                secret_key=settings.session_secret,
                session_cookie=SESSION_COOKIE,
                same_site="lax",
                https_only=settings.secure_cookie,
                max_age=settings.session_idle_s,
            ),
        ],
        exception_handlers=exception_handlers,
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app
