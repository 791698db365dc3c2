"""Fixtures for the simulator's unit tests: the app in-process, a callback app, helpers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from simulator.app import create_app
from simulator.clock import Clock
from simulator.config import SimulatorConfig
from simulator.events import Event
from simulator.service import Simulator

START_MS = 1_718_000_000_000
CALLBACK_URL = "http://callback.test/webhook"
VERIFY_TOKEN = "verify-me"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class CallbackApp:
    """A stand-in for the system under test: answers the handshake, records webhooks."""

    clock: Clock
    verify_token: str = VERIFY_TOKEN
    statuses: list[int] = field(default_factory=list)  # answers to the next POSTs, then 200
    handshake_status: int | None = None
    hang: bool = False  # never answer webhooks (a callback slower than Meta's timeout)
    received: list[tuple[bytes, dict[str, str]]] = field(default_factory=list)
    media: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name -> (type, bytes)
    down_status: int | None = None  # answer every POST with this (an outage) until cleared
    gate: int = 0  # hold each POST until this many are in flight at once (a barrier)
    in_flight: int = 0
    max_in_flight: int = 0
    _arrived: asyncio.Condition | None = None

    async def handshake(self, request: Request) -> Response:
        q = request.query_params
        if self.handshake_status is not None:
            return PlainTextResponse("nope", status_code=self.handshake_status)
        if q.get("hub.mode") == "subscribe" and q.get("hub.verify_token") == self.verify_token:
            return PlainTextResponse(q["hub.challenge"])
        return PlainTextResponse("Forbidden", status_code=403)

    async def webhook(self, request: Request) -> Response:
        self.received.append((await request.body(), dict(request.headers)))
        if self.hang:
            await asyncio.Event().wait()  # cancelled by the dispatcher's timeout
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.gate:
                await self._barrier()
        finally:
            self.in_flight -= 1
        if self.down_status is not None:
            return PlainTextResponse("down", status_code=self.down_status)
        status = self.statuses.pop(0) if self.statuses else 200
        if status != 200:
            self.clock.advance(1)  # so a redelivery shows a new entry.time
        return PlainTextResponse("EVENT_RECEIVED", status_code=status)

    async def _barrier(self) -> None:
        """Wait (at most 5 s) until ``gate`` POSTs are in flight together."""
        if self._arrived is None:
            self._arrived = asyncio.Condition()
        async with self._arrived:
            self._arrived.notify_all()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._arrived.wait_for(lambda: self.max_in_flight >= self.gate), 5.0
                )
            self._arrived.notify_all()

    async def serve_media(self, request: Request) -> Response:
        """The app's own media, which Meta downloads before it sends."""
        found = self.media.get(request.path_params["name"])
        if found is None:
            return PlainTextResponse("no such media", status_code=404)
        return Response(found[1], media_type=found[0])

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/webhook", self.handshake, methods=["GET"]),
                Route("/webhook", self.webhook, methods=["POST"]),
                Route("/media/{name}", self.serve_media, methods=["GET"]),
            ]
        )


@dataclass
class Stack:
    sim: Simulator
    client: httpx.AsyncClient
    callback: CallbackApp

    @property
    def token(self) -> str:
        return self.sim.business.access_token

    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def subscribe(self, fields: str = "messages") -> None:
        """What a developer does in the dashboard: app subscription + account subscription."""
        cfg = self.sim.config
        r = await self.client.post(
            f"/graph/v25.0/{cfg.app_id}/subscriptions",
            data={
                "object": "instagram",
                "callback_url": CALLBACK_URL,
                "fields": fields,
                "verify_token": VERIFY_TOKEN,
                "access_token": cfg.app_token,
            },
        )
        assert r.json() == {"success": "true"}, r.text
        r = await self.client.post(
            "/graph/v25.0/me/subscribed_apps",
            params={"subscribed_fields": fields},
            headers=self.bearer(),
        )
        assert r.json() == {"success": True}, r.text

    async def send(self, igsid: str, text: str, **extra: Any) -> httpx.Response:
        body = {"recipient": {"id": igsid}, "message": {"text": text}, **extra}
        return await self.client.post("/graph/v25.0/me/messages", json=body, headers=self.bearer())


async def wait_for(
    sim: Simulator, predicate: Callable[[Event], bool], count: int = 1, timeout: float = 5.0
) -> list[Event]:
    """Events matching `predicate` until `count` are seen; fails after `timeout` s (no sleeps)."""
    seen = [e for e in sim.events.after(0) if predicate(e)]
    seq = sim.events.last_seq
    while len(seen) < count:
        batch = await sim.events.wait_after(seq, timeout)
        assert batch, f"timed out waiting for {count} events, saw {len(seen)}"
        seq = batch[-1].seq
        seen += [e for e in batch if predicate(e)]
    return seen


def deliveries_of(mid: str) -> Callable[[Event], bool]:
    return lambda e: e.type == "delivery" and mid in e.data["event_mids"]


@pytest.fixture
def config() -> SimulatorConfig:
    # Meta waits 5 s; an in-process callback is given 30 s so a busy machine never turns an
    # answer into a timeout (the timeout tests use a callback that never answers)
    return SimulatorConfig(seed=7, retry_delays_s=(0.0, 0.0, 0.0), webhook_timeout_s=30.0)


@pytest.fixture
def clock() -> Clock:
    return Clock(start_ms=START_MS)


@pytest.fixture
def callback(clock: Clock) -> CallbackApp:
    return CallbackApp(clock)


async def open_stack(
    config: SimulatorConfig, clock: Clock, callback: CallbackApp | None = None
) -> AsyncIterator[Stack]:
    """The simulator in-process with a callback app behind its HTTP client."""
    callback = callback or CallbackApp(clock)
    callback_app = callback.app()

    def factory() -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=callback_app))

    app = create_app(config, factory, clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=config.public_url) as client:
            yield Stack(app.state.sim, client, callback)


@pytest.fixture
async def stack(
    config: SimulatorConfig, clock: Clock, callback: CallbackApp
) -> AsyncIterator[Stack]:
    async for opened in open_stack(config, clock, callback):
        yield opened
