"""Both ways of running an app: in one portal loop (no socket) and served on loopback."""

from contextlib import asynccontextmanager

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from fixtures.http import PortalHttp, SocketHttp
from fixtures.servers import bind_loopback, in_process, served, url_of


def _app(started: list[str]) -> Starlette:
    async def hello(request):  # type: ignore[no-untyped-def]
        return PlainTextResponse(f"hello {request.url.hostname}")

    @asynccontextmanager
    async def lifespan(app):  # type: ignore[no-untyped-def]
        started.append("up")
        yield
        started.append("down")

    return Starlette(routes=[Route("/", hello)], lifespan=lifespan)


def test_in_process_runs_the_lifespan_and_answers_without_a_socket() -> None:
    events: list[str] = []
    app = _app(events)
    with in_process(app) as portal:
        client = PortalHttp(portal, app, "http://in-process.test")
        assert client.get("/").text == "hello in-process.test"
        client.close()
        assert events == ["up"]
    assert events == ["up", "down"]


def test_served_binds_loopback_and_stops() -> None:
    events: list[str] = []
    sock = bind_loopback()
    url = url_of(sock)
    assert url.startswith("http://127.0.0.1:")
    with served(_app(events), sock, name="hello") as base:
        client = SocketHttp(base)
        assert client.get("/").text == "hello 127.0.0.1"
        client.close()
    assert events == ["up", "down"]
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2)
