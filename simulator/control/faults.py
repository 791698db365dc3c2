"""The `/_sim` routes of the faults a test asks Meta's side for (webhook POSTs that fail) and
the alerts Meta sends the developer about them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.contract import control as api
from simulator.control.common import body_of, call, endpoint, route, string

if TYPE_CHECKING:
    from simulator.service import Simulator


@endpoint
async def faults(request: Request, sim: Simulator) -> Any:
    """POST ``{"kind","value","count"|"for_s"}`` adds a fault; GET lists; DELETE clears."""
    if request.method == "DELETE":
        sim.store.faults.clear()
        return {"faults": []}
    if request.method == "POST":
        body = await body_of(request)
        kind = string(body, "kind", required=True)
        fault = call(
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


def routes() -> list[Route]:
    return [
        route(faults, api.FAULTS, api.ADD_FAULT, api.CLEAR_FAULTS),
        route(alerts, api.ALERTS),
    ]
