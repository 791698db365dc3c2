"""The `/_sim` routes of the simulator itself: its state, a reset, Meta's clock, a token minted
for a test, what Meta still has to send, and the OpenAPI document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.contract import control as api
from simulator.control.common import ControlError, body_of, call, endpoint, route, string
from simulator.openapi import document

MAX_ADVANCE_S = 10 * 365 * 24 * 3600  # ten years is more than any policy window

if TYPE_CHECKING:
    from simulator.service import Simulator


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
async def reset(request: Request, sim: Simulator) -> dict[str, Any]:
    """Back to the initial state; `{"seed": n}` draws other users (the app and account stay)."""
    seed = (await body_of(request)).get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise ControlError(400, "'seed' must be a non-negative integer")
    sim.reset(seed)
    return {"reset": True, "seed": sim.store.seed, "last_seq": sim.events.last_seq}


@endpoint
async def advance_clock(request: Request, sim: Simulator) -> dict[str, Any]:
    seconds = (await body_of(request)).get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ControlError(400, "'seconds' must be a number")
    if not 0 <= seconds <= MAX_ADVANCE_S:
        raise ControlError(400, f"'seconds' must be between 0 and {MAX_ADVANCE_S}")
    return {"now_ms": sim.clock.advance(seconds)}


@endpoint
async def mint_token(request: Request, sim: Simulator) -> dict[str, Any]:
    """`{"kind", "scopes", "expires_in"}` -> a token of the account, as a test needs one."""
    body = await body_of(request)
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
    kind = string(body, "kind", default="USER")
    token = call(lambda: sim.mint_token(kind=kind, scopes=scopes, expires_in_s=expires_in))
    return {
        "access_token": token.value,
        "kind": token.kind,
        "scopes": token.scopes,
        "expires_at": None if token.expires_at_ms is None else token.expires_at_ms // 1000,
    }


@endpoint
async def clock_speed(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"speed": 60}``: Meta's clock runs 60 simulated seconds per real second."""
    speed = (await body_of(request)).get("speed")
    if isinstance(speed, bool) or not isinstance(speed, int | float):
        raise ControlError(400, "'speed' must be a number")
    call(lambda: sim.clock.set_speed(float(speed)))
    return {"speed": sim.clock.speed, "now_ms": sim.clock.now_ms()}


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


def routes() -> list[Route]:
    return [
        route(state, api.STATE),
        route(reset, api.RESET),
        route(advance_clock, api.CLOCK_ADVANCE),
        route(clock_speed, api.CLOCK_SPEED),
        route(queue, api.QUEUE),
        route(mint_token, api.TOKENS),
        route(openapi, api.OPENAPI),
    ]
