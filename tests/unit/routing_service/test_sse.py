"""``GET /events``: the console's server-sent events, read straight from the ASGI app.

httpx's ASGITransport buffers a streaming body until it ends, so this test speaks ASGI itself:
it reads chunks until the first event, then disconnects.
"""

from __future__ import annotations

import json

import anyio
import pytest

from tests.unit.routing_service.conftest import Service

pytestmark = pytest.mark.anyio


async def _first_event(service: Service, after: int) -> str:
    cookie = "; ".join(f"{k}={v}" for k, v in service.client.cookies.items())
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": "/events", "raw_path": b"/events",
        "query_string": f"after={after}".encode(), "root_path": "",
        "headers": [(b"host", b"contact-center.test"), (b"cookie", cookie.encode())],
        "client": ("127.0.0.1", 1), "server": ("contact-center.test", 80),
    }  # fmt: skip
    received = bytearray()
    status: list[int] = []
    got_event = anyio.Event()
    requested: list[bool] = []

    async def receive() -> dict:
        if not requested:
            requested.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await got_event.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])
        elif message["type"] == "http.response.body":
            received.extend(message.get("body", b""))
            if b"\r\n\r\n" in received and b"event:" in received:
                got_event.set()

    with anyio.fail_after(10):
        async with anyio.create_task_group() as tg:
            tg.start_soon(service.app, scope, receive, send)
            await anyio.wait_all_tasks_blocked()
            await service.message("111", "m1", "Hello over SSE")
            await got_event.wait()
    assert status == [200]
    return received.decode()


async def test_events_stream_a_new_conversation(agent: Service) -> None:
    after = (await agent.client.get("/api/events", params={"timeout": 0})).json()["last_seq"]
    text = await _first_event(agent, after)
    fields = dict(
        line.split(": ", 1) for line in text.strip().splitlines() if line and ": " in line
    )
    assert fields["event"] == "conversation.created"
    assert int(fields["id"]) == after + 1
    payload = json.loads(fields["data"])
    assert payload["type"] == "conversation.created"
    assert payload["data"]["conversation"]["messages"][0]["text"] == "Hello over SSE"
