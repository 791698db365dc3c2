"""Live updates of the Direct thread (server-sent events)."""

from __future__ import annotations

import json
from contextlib import aclosing
from typing import Any

import anyio
import httpx
import pytest
from starlette.applications import Starlette

from simulator.service import Simulator
from simulator.state.models import IgUser
from simulator.user_ui.live import sse, thread_events
from simulator.user_ui.session import COOKIE_NAME

pytestmark = pytest.mark.anyio
SAFETY_S = 30  # a bound for a broken stream; a working one ends on its events


def parse(chunks: list[str]) -> list[dict[str, str]]:
    """The events (with an ``event`` field) in a text/event-stream."""
    found = []
    for block in "".join(chunks).split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            found.append(fields)
    return found


async def test_stream_carries_this_users_thread_events_only(sim: Simulator, tester: IgUser) -> None:
    other = sim.create_user(role="tester")
    start = sim.events.last_seq
    sim.send_text(other, "not for this page")
    reply = sim.business_send(tester, text="Hello from the business")
    sim.send_text(tester, "mine")
    sim.unsend(tester, sim.thread(tester)[-1].mid)
    chunks: list[str] = []
    with anyio.fail_after(SAFETY_S):  # the stream ends on its third event, not on a timer
        stream = thread_events(sim, tester, start, str, lifetime_s=SAFETY_S)
        async with aclosing(stream):
            async for chunk in stream:
                chunks.append(chunk)
                if len(parse(chunks)) == 3:
                    break
    assert chunks[0] == "retry: 1000\n\n"
    events = parse(chunks)
    assert [e["event"] for e in events] == ["thread.message", "thread.message", "thread.unsend"]
    first = json.loads(events[0]["data"])
    assert first["mid"] == reply.mid
    assert first["direction"] == "in"
    assert json.loads(events[2]["data"])["deleted"] is True
    [unsend] = sim.events.after(start, types=("thread.unsend",))
    assert int(events[2]["id"]) == unsend.seq


async def test_stream_waits_for_a_reply_and_passes_it_on(sim: Simulator, tester: IgUser) -> None:
    chunks: list[str] = []
    waiting = anyio.Event()  # set by the first keep-alive: the stream waited and found nothing

    async def follow() -> None:
        stream = thread_events(
            sim, tester, sim.events.last_seq, str, poll_s=0.05, lifetime_s=SAFETY_S
        )
        async with aclosing(stream):
            async for chunk in stream:
                chunks.append(chunk)
                if chunk == ": keep-alive\n\n":
                    waiting.set()
                if parse(chunks):
                    break

    with anyio.fail_after(SAFETY_S):
        async with anyio.create_task_group() as tg:
            tg.start_soon(follow)
            await waiting.wait()
            sim.business_send(tester, text="late reply")
    assert [json.loads(e["data"])["direction"] for e in parse(chunks)] == ["in"]
    assert ": keep-alive\n\n" in chunks


async def test_a_stream_with_nothing_to_say_ends_at_its_lifetime(
    sim: Simulator, tester: IgUser
) -> None:
    with anyio.fail_after(SAFETY_S):  # it ends by itself: this only bounds a broken one
        stream = thread_events(sim, tester, sim.events.last_seq, str, poll_s=0.05, lifetime_s=0.2)
        chunks = [chunk async for chunk in stream]
    assert chunks[0] == "retry: 1000\n\n" and not parse(chunks)


def test_sse_format_splits_lines() -> None:
    assert sse("a\nb", event="x", event_id=3) == "id: 3\nevent: x\ndata: a\ndata: b\n\n"


async def _call(app: Starlette, path: str, headers: dict[str, str]) -> tuple[int, list[str]]:
    """Drive the ASGI app like a browser that disconnects after the first event."""
    disconnect = anyio.Event()
    status = 0
    chunks: list[str] = []
    sent_request = False

    async def receive() -> dict[str, Any]:
        nonlocal sent_request
        if not sent_request:
            sent_request = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await disconnect.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b"").decode())
            if "event: " in chunks[-1] or not message.get("more_body"):
                disconnect.set()

    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 1),
        "server": ("simulator.test", 80),
    }
    with anyio.fail_after(5):
        await app(scope, receive, send)
    return status, chunks


async def test_endpoint_streams_from_last_event_id_and_stops_on_disconnect(
    app: Starlette, sim: Simulator, tester: IgUser, logged_in: httpx.AsyncClient
) -> None:
    before = sim.events.last_seq
    reply = sim.business_send(tester, text="you there?")
    cookie = logged_in.cookies[COOKIE_NAME]
    path = f"/instagram/direct/t/{tester.thread_id}/events"
    headers = {"cookie": f"{COOKIE_NAME}={cookie}", "last-event-id": str(before)}
    status, chunks = await _call(app, path, headers)
    assert status == 200
    [event] = parse(chunks)
    assert json.loads(event["data"])["mid"] == reply.mid
    assert 'data-direction=\\"in\\"' in event["data"]


async def test_endpoint_refuses_strangers(
    app: Starlette, tester: IgUser, client: httpx.AsyncClient
) -> None:
    response = await client.get(f"/instagram/direct/t/{tester.thread_id}/events")
    assert response.status_code == 401
