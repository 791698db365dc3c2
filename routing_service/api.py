"""The agent's JSON API (architecture.md section 2); every call needs the session cookie."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from routing_service.auth import require_agent
from routing_service.errors import ServiceError
from routing_service.events import Event
from routing_service.outbound import send_reply
from routing_service.routing import Router

__all__ = ["routes"]

MAX_WAIT_S = 60.0
DEFAULT_WAIT_S = 25.0
SSE_WAIT_S = 15.0


def _router(request: Request) -> Router:
    return request.app.state.router


async def _json_object(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except (ValueError, RecursionError):  # RecursionError: nested too deeply
        raise ServiceError(400, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise ServiceError(400, "the body must be a JSON object")
    return body


async def me(request: Request) -> Response:
    agent = require_agent(request)
    return JSONResponse(_router(request).me(agent))


async def put_status(request: Request) -> Response:
    agent = require_agent(request)
    status = (await _json_object(request)).get("status")
    if not isinstance(status, str):
        raise ServiceError(422, "'status' must be one of: operating, ready, paused")
    return JSONResponse(await _router(request).set_status(agent, status))


async def list_conversations(request: Request) -> Response:
    agent = require_agent(request)
    router = _router(request)
    found = router.store.conversations_for_agent(agent.id)
    return JSONResponse([router.conversation_json(c) for c in found])


async def get_conversation(request: Request) -> Response:
    agent = require_agent(request)
    router = _router(request)
    conversation = router.own_conversation(agent, request.path_params["id"])
    return JSONResponse(router.conversation_json(conversation))


async def post_message(request: Request) -> Response:
    agent = require_agent(request)
    text = (await _json_object(request)).get("text")
    if not isinstance(text, str):
        raise ServiceError(422, "'text' must be a string")
    router = _router(request)
    message = await send_reply(router, agent, request.path_params["id"], text)
    return JSONResponse(message.to_json(router.settings.unsent_policy), status_code=201)


async def end_conversation(request: Request) -> Response:
    agent = require_agent(request)
    router = _router(request)
    ended = await router.end(agent, request.path_params["id"])
    return JSONResponse(router.conversation_json(ended))


async def transfer_conversation(request: Request) -> Response:
    """``{"to": "<login>"}``: the chat moves to an available colleague with a free position."""
    agent = require_agent(request)
    to = (await _json_object(request)).get("to")
    if not isinstance(to, str) or not to:
        raise ServiceError(422, "'to' must be the login of another agent")
    router = _router(request)
    moved = await router.transfer(agent, request.path_params["id"], to)
    return JSONResponse(router.conversation_json(moved, with_messages=False))


async def list_agents(request: Request) -> Response:
    """The other agents, for the transfer menu: status and free positions."""
    agent = require_agent(request)
    return JSONResponse(_router(request).colleagues(agent))


def _number(request: Request, name: str, default: float, *, high: float) -> float:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ServiceError(400, f"'{name}' must be a number") from None
    if not 0 <= value <= high:
        raise ServiceError(400, f"'{name}' must be between 0 and {high:g}")
    return value


def _for_agent(agent_id: int) -> Callable[[Event], bool]:
    return lambda event: event.agent_id == agent_id


async def long_poll(request: Request) -> Response:
    """``GET /api/events?after=&timeout=``: this agent's events after ``after``."""
    agent = require_agent(request)
    after = int(_number(request, "after", 0, high=2**53))
    timeout = _number(request, "timeout", DEFAULT_WAIT_S, high=MAX_WAIT_S)
    events, last = await _router(request).bus.wait_after(after, timeout, _for_agent(agent.id))
    return JSONResponse({"events": [e.to_json() for e in events], "last_seq": last})


async def stream(request: Request) -> Response:
    """``GET /events``: the same events as server-sent events (the console's EventSource)."""
    agent = require_agent(request)
    bus = _router(request).bus
    after = int(_number(request, "after", bus.last_seq, high=2**53))
    last_id = request.headers.get("last-event-id", "")
    if last_id.isdigit():
        after = max(after, int(last_id))

    async def events():
        seq = after
        while not bus.closed:
            found, seq = await bus.wait_after(seq, SSE_WAIT_S, _for_agent(agent.id))
            for event in found:
                yield _sse(event)

    return EventSourceResponse(events(), ping=SSE_WAIT_S)


def _sse(event: Event) -> ServerSentEvent:
    return ServerSentEvent(data=json.dumps(event.to_json()), event=event.type, id=str(event.seq))


routes = [
    Route("/api/me", me, methods=["GET"]),
    Route("/api/me/status", put_status, methods=["PUT"]),
    Route("/api/conversations", list_conversations, methods=["GET"]),
    Route("/api/conversations/{id}", get_conversation, methods=["GET"]),
    Route("/api/conversations/{id}/messages", post_message, methods=["POST"]),
    Route("/api/conversations/{id}/end", end_conversation, methods=["POST"]),
    Route("/api/conversations/{id}/transfer", transfer_conversation, methods=["POST"]),
    Route("/api/agents", list_agents, methods=["GET"]),
    Route("/api/events", long_poll, methods=["GET"]),
    Route("/events", stream, methods=["GET"]),
]
