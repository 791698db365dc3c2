"""The `/_sim` control API (architecture.md section 1.3): JSON, never part of Meta.

Bad input answers 4xx `{"error":{"reason":...}}`; unknown users 404; never a bare 500.
Additions to the contract: `POST /_sim/clock/advance {"seconds": n}`, `GET /_sim/events`
accepts `types=a,b`, users carry `thread_id`, deliveries carry `url` and `outcome`,
`POST /_sim/deliveries/{id}/redeliver` re-POSTs a logged attempt.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from simulator.events import EVENT_TYPES
from simulator.inputs import BadInput, BodyTooLarge, loads, read_body
from simulator.openapi import document
from simulator.state.logs import BoundedList

if TYPE_CHECKING:
    from simulator.service import Simulator

log = logging.getLogger(__name__)
MAX_WAIT_S = 60.0
MAX_ADVANCE_S = 10 * 365 * 24 * 3600  # ten years is more than any policy window


class ControlError(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def error(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"error": {"reason": reason}}, status_code=status)


Handler = Callable[[Request, "Simulator"], Awaitable[Any]]


def endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    @functools.wraps(handler)
    async def wrapped(request: Request) -> Response:
        sim = request.app.state.sim
        try:
            result = await handler(request, sim)
            return result if isinstance(result, Response) else JSONResponse(result)
        except ControlError as exc:
            return error(exc.status, exc.reason)
        except Exception:
            log.exception("control API failed: %s %s", request.method, request.url.path)
            return error(500, "internal simulator error (see the simulator log)")

    return wrapped


async def _body(request: Request) -> dict[str, Any]:
    try:
        raw = await read_body(request)
        body = loads(raw) if raw.strip() else {}
    except BadInput as exc:
        status = 413 if isinstance(exc, BodyTooLarge) else 400
        raise ControlError(status, f"body is not usable: {exc}") from exc
    if not isinstance(body, dict):
        raise ControlError(400, "body must be a JSON object")
    return body


def _str(
    body: dict[str, Any], key: str, *, default: str | None = None, required: bool = False
) -> Any:
    value = body.get(key, default)
    if value is None and required:
        raise ControlError(400, f"'{key}' is required")
    if value is not None and not isinstance(value, str):
        raise ControlError(400, f"'{key}' must be a string")
    return value


def _user(request: Request, sim: Simulator) -> Any:
    igsid = request.path_params["igsid"]
    try:
        return sim.user(igsid)
    except KeyError:
        raise ControlError(404, f"no user with igsid {igsid}") from None


def _call(fn: Callable[[], Any], missing_status: int = 404) -> Any:
    try:
        return fn()
    except KeyError as exc:
        raise ControlError(missing_status, str(exc.args[0]) if exc.args else "not found") from exc
    except ValueError as exc:
        raise ControlError(400, str(exc)) from exc


@endpoint
async def state(request: Request, sim: Simulator) -> dict[str, Any]:
    app, biz = sim.store.app, sim.business
    return {
        "app": {"id": app.id, "secret": app.secret, "app_token": app.token, "mode": app.mode},
        "business": {
            "ig_id": biz.ig_id,
            "username": biz.username,
            "name": biz.name,
            "access_token": biz.access_token,
            "profile_pic": biz.profile_pic_url,
            "subscribed_fields": biz.subscribed_fields,
            "flavour": biz.flavour,
            "page_id": biz.page_id,
            "page_name": biz.page_name,
            "user_access_token": biz.user_access_token,
            "page_subscribed_fields": biz.page_subscribed_fields,
        },
        "subscription": None if app.subscription is None else vars(app.subscription),
        "graph_base_url": sim.config.graph_base_url,
        "graph_version": sim.config.graph_version,
        "now_ms": sim.clock.now_ms(),
        "seed": sim.store.seed,
        "last_seq": sim.events.last_seq,
        "users": [u.to_dict() for u in sim.users()],
        "posts": sim.store.post_list(),
        "stories": [{"story_id": s.id, "url": s.url} for s in sim.store.business_stories()],
    }


@endpoint
async def create_user(request: Request, sim: Simulator) -> dict[str, Any]:
    body = await _body(request)
    kwargs = {k: _str(body, k) for k in ("name", "username", "password")}
    role = _str(body, "role", default="tester")
    return _call(lambda: sim.create_user(role=role, **kwargs)).to_dict()


@endpoint
async def send_message(request: Request, sim: Simulator) -> dict[str, Any]:
    user = _user(request, sim)
    body = await _body(request)
    text = _str(body, "text", required=True)
    client = _str(body, "client", default="web")
    quick_reply = _str(body, "quick_reply")  # the payload of the quick reply tapped
    msg = _call(lambda: sim.send_text(user, text, client=client, quick_reply=quick_reply))
    return {"mid": msg.mid, "timestamp": msg.timestamp}


@endpoint
async def post_story(request: Request, sim: Simulator) -> dict[str, Any]:
    user = _user(request, sim)
    body = await _body(request)
    text = _str(body, "text", required=True)
    background = _str(body, "background", default="sunset")
    client = _str(body, "client", default="web")
    story = _call(lambda: sim.post_story(user, text, background=background, client=client))
    return {
        "story_id": story.id,
        "url": story.url,
        "mentions": story.mentions,
        "mention_mid": story.mention_mid,
    }


@endpoint
async def unsend(request: Request, sim: Simulator) -> dict[str, Any]:
    user = _user(request, sim)
    client = _str(await _body(request), "client", default="app")  # the phone app, by default
    mid = request.path_params["mid"]
    msg = _call(lambda: sim.unsend(user, mid, client=client))
    return {
        "mid": msg.mid,
        "is_deleted": msg.is_deleted,
        "webhook": sim.unsend_sends_webhook(client),
    }


@endpoint
async def thread(request: Request, sim: Simulator) -> dict[str, Any]:
    user = _user(request, sim)
    return {"thread_id": user.thread_id, "messages": [m.to_dict() for m in sim.thread(user)]}


def _number(request: Request, name: str, default: float) -> float:
    raw = request.query_params.get(name)
    try:
        value = default if raw is None else float(raw)
    except ValueError:
        raise ControlError(400, f"'{name}' must be a number") from None
    if not math.isfinite(value) or value < 0:
        raise ControlError(400, f"'{name}' must be a finite, non-negative number")
    return value


@endpoint
async def events(request: Request, sim: Simulator) -> dict[str, Any]:
    after = int(_number(request, "after", 0))
    timeout = min(_number(request, "timeout", 0), MAX_WAIT_S)
    types = tuple(t for t in request.query_params.get("types", "").split(",") if t) or None
    unknown = set(types or ()) - set(EVENT_TYPES)
    if unknown:
        raise ControlError(
            400, f"unknown event types {sorted(unknown)}; known: {list(EVENT_TYPES)}"
        )
    found = await sim.events.wait_after(after, timeout, types)
    if "limit" in request.query_params:  # a page: resume from the last one returned
        found = found[: max(1, int(_number(request, "limit", 1)))]
    last = max((e.seq for e in found), default=after)  # nothing found: resume from `after`
    return {"events": [e.to_dict() for e in found], "last_seq": last}


def _page(request: Request, log: BoundedList[Any]) -> Response:
    """A page of a bounded log, oldest first, as a JSON list (as before paging existed).

    ``after=<n>``: entries from absolute position ``n`` on (0 = the first ever logged);
    ``last=<n>``: the newest ``n``; ``limit=<n>``: at most ``n``. Headers say where the log
    stands: ``X-Total-Count`` (ever logged), ``X-Dropped`` (gone from the ring buffer, knob
    ``log_limit``) and ``X-Next-After`` (the ``after`` of the next page).
    """
    total = log.dropped + len(log)
    after = int(_number(request, "after", log.dropped))
    limit = int(_number(request, "limit", total))
    if "last" in request.query_params:
        after = max(log.dropped, total - int(_number(request, "last", 0)))
    start = max(after, log.dropped) - log.dropped
    items = log[start : start + limit]
    headers = {
        "X-Total-Count": str(total),
        "X-Dropped": str(log.dropped),
        "X-Next-After": str(log.dropped + start + len(items)),
    }
    return JSONResponse([item.to_dict() for item in items], headers=headers)


@endpoint
async def deliveries(request: Request, sim: Simulator) -> Response:
    return _page(request, sim.store.deliveries)


@endpoint
async def redeliver(request: Request, sim: Simulator) -> dict[str, Any]:
    """Re-POST a logged attempt as Meta's redelivery; answers the new attempt's record."""
    try:
        delivery = await sim.redeliver(request.path_params["delivery_id"])
    except KeyError as exc:
        raise ControlError(404, str(exc.args[0])) from exc
    except ValueError as exc:
        raise ControlError(409, str(exc)) from exc
    return delivery.to_dict()


@endpoint
async def graph_calls(request: Request, sim: Simulator) -> Response:
    return _page(request, sim.store.graph_calls)


@endpoint
async def reset(request: Request, sim: Simulator) -> dict[str, Any]:
    """Back to the initial state; `{"seed": n}` draws other users (the app and account stay)."""
    seed = (await _body(request)).get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise ControlError(400, "'seed' must be a non-negative integer")
    sim.reset(seed)
    return {"reset": True, "seed": sim.store.seed, "last_seq": sim.events.last_seq}


@endpoint
async def advance_clock(request: Request, sim: Simulator) -> dict[str, Any]:
    seconds = (await _body(request)).get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ControlError(400, "'seconds' must be a number")
    if not 0 <= seconds <= MAX_ADVANCE_S:
        raise ControlError(400, f"'seconds' must be between 0 and {MAX_ADVANCE_S}")
    return {"now_ms": sim.clock.advance(seconds)}


@endpoint
async def mint_token(request: Request, sim: Simulator) -> dict[str, Any]:
    """`{"kind", "scopes", "expires_in"}` -> a token of the account, as a test needs one."""
    body = await _body(request)
    scopes = body.get("scopes")
    if scopes is not None and (
        not isinstance(scopes, list) or not all(isinstance(x, str) for x in scopes)
    ):
        raise ControlError(400, "'scopes' must be a list of strings")
    expires_in = body.get("expires_in")
    if expires_in is not None and (
        isinstance(expires_in, bool) or not isinstance(expires_in, int | float)
    ):
        raise ControlError(400, "'expires_in' must be a number of seconds")
    kind = _str(body, "kind", default="USER")
    token = _call(lambda: sim.mint_token(kind=kind, scopes=scopes, expires_in_s=expires_in))
    return {
        "access_token": token.value,
        "kind": token.kind,
        "scopes": token.scopes,
        "expires_at": None if token.expires_at_ms is None else token.expires_at_ms // 1000,
    }


@endpoint
async def clock_speed(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"speed": 60}``: Meta's clock runs 60 simulated seconds per real second."""
    speed = (await _body(request)).get("speed")
    if isinstance(speed, bool) or not isinstance(speed, int | float):
        raise ControlError(400, "'speed' must be a number")
    _call(lambda: sim.clock.set_speed(float(speed)))
    return {"speed": sim.clock.speed, "now_ms": sim.clock.now_ms()}


@endpoint
async def faults(request: Request, sim: Simulator) -> Any:
    """POST ``{"kind","value","count"|"for_s"}`` adds a fault; GET lists; DELETE clears."""
    if request.method == "DELETE":
        sim.store.faults.clear()
        return {"faults": []}
    if request.method == "POST":
        body = await _body(request)
        kind = _str(body, "kind", required=True)
        fault = _call(
            lambda: sim.add_fault(
                kind, value=body.get("value"), count=body.get("count"), for_s=body.get("for_s")
            )
        )
        return fault.to_dict()
    now = sim.clock.now_ms()
    return {"faults": [f.to_dict() for f in sim.store.faults if f.active(now)]}


@endpoint
async def alerts(request: Request, sim: Simulator) -> list[dict[str, Any]]:
    """Meta's alerts to the developer: "Webhooks Failing" (15 min), "Webhooks Disabled" (1 h)."""
    return list(sim.store.alerts)


@endpoint
async def queue(request: Request, sim: Simulator) -> dict[str, Any]:
    """What Meta's side still has to send (never part of Meta): ``idle`` once every event
    accepted so far was answered and no retry waits; ``accepted`` only grows, so two reads
    with the same value saw no new event in between."""
    status = sim.dispatcher.status()
    return {**vars(status), "idle": status.idle}


@endpoint
async def openapi(request: Request, sim: Simulator) -> dict[str, Any]:
    """The OpenAPI document of the Graph and control APIs (``simulator/openapi.py``)."""
    return document()


async def not_found(request: Request) -> Response:
    return error(404, f"no control route {request.method} {request.url.path}")


def control_routes() -> list[Route]:
    from simulator.control_access import access_routes  # they build on this module
    from simulator.control_actions import action_routes
    from simulator.control_graph_faults import graph_fault_routes

    user = "/users/{igsid}"
    return [
        Route("/state", state, methods=["GET"]),
        Route("/users", create_user, methods=["POST"]),
        Route(f"{user}/messages", send_message, methods=["POST"]),
        Route(f"{user}/stories", post_story, methods=["POST"]),
        Route(f"{user}/messages/{{mid}}/unsend", unsend, methods=["POST"]),
        Route(f"{user}/thread", thread, methods=["GET"]),
        Route("/events", events, methods=["GET"]),
        Route("/deliveries", deliveries, methods=["GET"]),
        Route("/deliveries/{delivery_id}/redeliver", redeliver, methods=["POST"]),
        Route("/graph_calls", graph_calls, methods=["GET"]),
        Route("/reset", reset, methods=["POST"]),
        Route("/clock/advance", advance_clock, methods=["POST"]),
        Route("/clock/speed", clock_speed, methods=["POST"]),
        Route("/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/alerts", alerts, methods=["GET"]),
        Route("/queue", queue, methods=["GET"]),
        Route("/tokens", mint_token, methods=["POST"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        *action_routes(),
        *access_routes(),
        *graph_fault_routes(),
    ]
