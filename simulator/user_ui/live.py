"""Live updates of the Direct thread as server-sent events.

``GET /direct/t/{thread_id}/events`` follows ``sim.events`` from ``?after=<seq>`` (or the
``Last-Event-ID`` the browser sends when it reconnects) and emits ``thread.message``,
``thread.unsend`` and ``thread.reaction`` events of this user's thread, each carrying the
bubble's HTML. The stream ends after ``STREAM_LIFETIME_S`` so a stopping server never waits
on it; EventSource reconnects.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from simulator.user_ui import messages
from simulator.user_ui.pages import UiState, current_user, render_bubble, sim_of, thread_id_for

THREAD_EVENTS = ("thread.message", "thread.unsend", "thread.reaction")
POLL_S = 10.0
STREAM_LIFETIME_S = 60.0
RETRY_MS = 1000


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


def current_seq(sim: Any) -> int:
    """The sequence number of the newest simulator event (0 when there is none)."""
    return int(sim.events.last_seq)


def sse(data: str, *, event: str | None = None, event_id: int | None = None) -> str:
    """One event in the text/event-stream format."""
    lines = [f"id: {event_id}"] if event_id is not None else []
    if event:
        lines.append(f"event: {event}")
    lines.extend(f"data: {line}" for line in data.splitlines() or [""])
    return "\n".join(lines) + "\n\n"


async def thread_events(
    sim: Any,
    user: Any,
    after: int,
    render: Callable[[Any], str],
    *,
    poll_s: float = POLL_S,
    lifetime_s: float = STREAM_LIFETIME_S,
) -> AsyncIterator[str]:
    """The SSE text for events of ``user``'s thread newer than ``after``."""
    yield f"retry: {RETRY_MS}\n\n"
    seq = after
    deadline = time.monotonic() + lifetime_s
    while (left := deadline - time.monotonic()) > 0:
        batch = await sim.events.wait_after(seq, min(poll_s, left), types=THREAD_EVENTS)
        if not batch:
            yield ": keep-alive\n\n"
            continue
        for event in batch:
            seq = max(seq, int(_get(event, "seq")))
            data = _get(event, "data") or {}
            kind = _get(event, "type")
            if kind not in THREAD_EVENTS or _get(data, "igsid") != user.igsid:
                continue
            message = messages.find(sim.thread(user), str(_get(data, "mid")))
            if message is None:
                continue
            view = messages.view(message)
            payload = {"mid": view.mid, "direction": view.direction, "deleted": view.deleted}
            payload["html"] = render(message)
            yield sse(json.dumps(payload), event=kind, event_id=seq)


def _start_seq(request: Request) -> int:
    for raw in (request.headers.get("last-event-id"), request.query_params.get("after")):
        if raw and raw.strip().isdigit():
            return int(raw)
    return current_seq(sim_of(request))


async def events(ui: UiState, request: Request) -> Response:
    """GET /direct/t/{thread_id}/events."""
    user = current_user(ui, request)
    if user is None:
        return JSONResponse({"error": "Log in to continue."}, status_code=401)
    sim = sim_of(request)
    if request.path_params["thread_id"] != thread_id_for(sim, user):
        return JSONResponse({"error": "No such thread."}, status_code=404)
    stream = thread_events(
        sim,
        user,
        _start_seq(request),
        lambda message: render_bubble(request, message),
        poll_s=POLL_S,
        lifetime_s=STREAM_LIFETIME_S,
    )
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)
