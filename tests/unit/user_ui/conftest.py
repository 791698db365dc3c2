"""Fixtures for the user pages: the real simulator app, an HTTP client, a logged-in tester."""

from __future__ import annotations

from collections.abc import AsyncIterator
from html.parser import HTMLParser

import httpx
import pytest
from starlette.applications import Starlette

from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.service import Simulator
from simulator.state.models import IgUser

BASE_URL = "http://simulator.test"
PASSWORD = "Secret123*"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def app() -> Starlette:
    return create_app(SimulatorConfig(seed=7))


@pytest.fixture
def sim(app: Starlette) -> Simulator:
    return app.state.sim


@pytest.fixture
def tester(sim: Simulator) -> IgUser:
    return sim.create_user(role="tester", username="ana.tester", password=PASSWORD)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
async def logged_in(client: httpx.AsyncClient, tester: IgUser) -> httpx.AsyncClient:
    response = await client.post(
        "/instagram/accounts/login/", data={"username": tester.username, "password": PASSWORD}
    )
    assert response.status_code == 303
    return client


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def elements(html: str, tag: str | None = None, **attrs: str) -> list[dict[str, str]]:
    """Attributes of the ``tag`` elements having all ``attrs`` (``data_x`` means ``data-x``)."""
    parser = _Collector()
    parser.feed(html)
    wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
    return [
        a
        for t, a in parser.found
        if (tag is None or t == tag) and all(a.get(k) == v for k, v in wanted.items())
    ]
