"""The `/_sim` routes that read Meta's side back: the event stream (long-polled), the webhook
delivery log (and a redelivery) and the Graph call log, paged."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from simulator.contract import control as api
from simulator.control.common import ControlError, endpoint, number, route
from simulator.events import EVENT_TYPES
from simulator.state.logs import BoundedList

MAX_WAIT_S = 60.0

if TYPE_CHECKING:
    from simulator.service import Simulator


@endpoint
async def events(request: Request, sim: Simulator) -> dict[str, Any]:
    after = int(number(request, "after", 0))
    timeout = min(number(request, "timeout", 0), MAX_WAIT_S)
    types = tuple(t for t in request.query_params.get("types", "").split(",") if t) or None
    unknown = set(types or ()) - set(EVENT_TYPES)
    if unknown:
        raise ControlError(
            400, f"unknown event types {sorted(unknown)}; known: {list(EVENT_TYPES)}"
        )
    found = await sim.events.wait_after(after, timeout, types)
    if "limit" in request.query_params:  # a page: resume from the last one returned
        found = found[: max(1, int(number(request, "limit", 1)))]
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
    after = int(number(request, "after", log.dropped))
    limit = int(number(request, "limit", total))
    if "last" in request.query_params:
        after = max(log.dropped, total - int(number(request, "last", 0)))
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


def routes() -> list[Route]:
    return [
        route(events, api.EVENTS),
        route(deliveries, api.DELIVERIES),
        route(redeliver, api.REDELIVER),
        route(graph_calls, api.GRAPH_CALLS),
    ]
