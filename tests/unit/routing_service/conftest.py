"""The routing service in-process: ASGI client, lifespan run by the test, Graph API stubbed."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from routing_service.app import create_app
from routing_service.ingest import Ingest
from routing_service.routing import Router
from routing_service.settings import Settings

APP_SECRET = "0123456789abcdef0123456789abcdef"
VERIFY_TOKEN = "verify-me"
# the agent's password hashed at the lowest cost the service allows: tests start a service and
# log in hundreds of times (the default cost is 16 times dearer; its tests set their own)
CHEAP_SCRYPT_N = 1024
ACCESS_TOKEN = "IGAA-account-token"
IG_ID = "17841400000000001"
GRAPH = "http://graph.test"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class GraphStub:
    """Meta's Graph API as far as the service calls it; records every request."""

    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    profile_error: dict[str, Any] | None = None
    send_error: tuple[int, dict[str, Any]] | None = None
    send_error_if: Callable[[dict[str, Any]], bool] = lambda _payload: True  # which sends fail
    send_raises: Exception | None = None
    requests: list[httpx.Request] = field(default_factory=list)
    profile_gate: asyncio.Event | None = None  # profile reads wait for it (a slow Graph)
    profiles_waiting: int = 0
    _mids: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and self.profile_gate is not None:
            self.profiles_waiting += 1
            try:
                await self.profile_gate.wait()
            finally:
                self.profiles_waiting -= 1
        return self.handler(request)

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if request.method == "POST" and path == "/v25.0/me/messages":
            if self.send_raises is not None:
                raise self.send_raises
            payload = json.loads(request.content)
            if self.send_error is not None and self.send_error_if(payload):
                status, error = self.send_error
                return httpx.Response(status, json={"error": error})
            recipient = payload["recipient"]["id"]
            return httpx.Response(
                200, json={"recipient_id": recipient, "message_id": f"m_out_{next(self._mids)}"}
            )
        igsid = path.rsplit("/", 1)[-1]
        if request.method == "GET" and self.profile_error is not None:
            return httpx.Response(400, json={"error": self.profile_error})
        if request.method == "GET" and igsid in self.profiles:
            return httpx.Response(200, json={**self.profiles[igsid], "id": igsid})
        return httpx.Response(
            400, json={"error": {"message": "(#100) Unsupported get request", "code": 100,
                                 "error_subcode": 33, "type": "GraphMethodException"}},
        )  # fmt: skip

    def sends(self) -> list[dict[str, Any]]:
        return [
            json.loads(r.content)
            for r in self.requests
            if r.method == "POST" and r.url.path.endswith("/me/messages")
        ]


def form_token(html: str) -> str:
    """The ``csrf_token`` a page's login or logout form carries."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no csrf_token in the page"
    return found.group(1)


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def text_event(igsid: str, mid: str, text: str, ts: int = 1_718_000_000_123) -> dict[str, Any]:
    return {
        "sender": {"id": igsid},
        "recipient": {"id": IG_ID},
        "timestamp": ts,
        "message": {"mid": mid, "text": text},
    }


def envelope(*events: dict[str, Any]) -> dict[str, Any]:
    return {"object": "instagram", "entry": [{"id": IG_ID, "time": 1, "messaging": list(events)}]}


@dataclass
class Service:
    app: Starlette
    client: httpx.AsyncClient
    graph: GraphStub
    settings: Settings

    @property
    def router(self) -> Router:
        return self.app.state.router

    @property
    def ingest(self) -> Ingest:
        return self.app.state.ingest

    async def webhook(self, body: dict[str, Any] | bytes, *, wait: bool = True) -> httpx.Response:
        """POST a signed body; ``wait``: until the worker has handled it (the 200 comes first)."""
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        response = await self.client.post(
            "/webhooks/instagram",
            content=raw,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(raw)},
        )
        if wait and response.status_code == 200:
            assert await self.ingest.caught_up(response.json()["stored"]), "never handled"
        return response

    async def message(self, igsid: str, mid: str, text: str, **kw: Any) -> httpx.Response:
        response = await self.webhook(envelope(text_event(igsid, mid, text, **kw)))
        assert response.status_code == 200, response.text
        return response

    async def csrf_token(self) -> str:
        """The forms' token, as the login page (or the console, once logged in) carries it."""
        return form_token((await self.client.get("/login", follow_redirects=True)).text)

    async def post_login(self, **form: str) -> httpx.Response:
        return await self.client.post(
            "/login", data={**form, "csrf_token": await self.csrf_token()}
        )

    async def login(self, login: str = "agent", password: str = "Aa123*") -> None:
        response = await self.post_login(login=login, password=password)
        assert response.status_code == 303, response.text

    async def logout(self) -> httpx.Response:
        return await self.client.post("/logout", data={"csrf_token": await self.csrf_token()})

    async def set_status(self, status: str) -> dict[str, Any]:
        response = await self.client.put("/api/me/status", json={"status": status})
        assert response.status_code == 200, response.text
        return response.json()

    async def conversations(self) -> list[dict[str, Any]]:
        response = await self.client.get("/api/conversations")
        assert response.status_code == 200, response.text
        return response.json()


ServiceFactory = Callable[..., Any]


@pytest.fixture
def graph() -> GraphStub:
    return GraphStub(profiles={"111": {"name": "Ana Souza", "username": "ana.souza"}})


@pytest.fixture
def make_service(graph: GraphStub) -> ServiceFactory:
    """``async with make_service(**settings_overrides) as service: ...``."""

    @asynccontextmanager
    async def make(**overrides: Any) -> AsyncIterator[Service]:
        agents = overrides.pop("agents", ())  # routing.toml's [[agents]]
        settings = Settings(
            **{
                "access_token": ACCESS_TOKEN,
                "app_secret": APP_SECRET,
                "verify_token": VERIFY_TOKEN,
                "graph_base_url": GRAPH,
                "ig_id": IG_ID,
                "database": ":memory:",
                "session_secret": "test-session-secret",
                "scrypt_n": CHEAP_SCRYPT_N,
                **overrides,
            }
        )
        app = create_app(
            settings,
            lambda: httpx.AsyncClient(transport=httpx.MockTransport(graph.async_handler)),
            agents=agents,
        )
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://contact-center.test"
            ) as client,
        ):
            yield Service(app, client, graph, settings)

    return make


@pytest.fixture
async def service(make_service: ServiceFactory) -> AsyncIterator[Service]:
    async with make_service() as running:
        yield running


@pytest.fixture
async def agent(service: Service) -> Service:
    """The service with the guide's agent logged in and Operating."""
    await service.login()
    await service.set_status("operating")
    return service
