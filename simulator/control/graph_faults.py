"""``/_sim/graph_faults``: the Graph API answers one of Meta's documented errors on demand
(``simulator/backend/graph_faults.py``), for the next ``count`` calls or ``for_s`` seconds.

POST ``{"code": 613, "subcode": 2534040, "calls": "send"|"any", "count": 1}`` adds one (an
undocumented code is refused, with the documented ones); GET lists those in force; DELETE
clears them. ``POST /_sim/reset`` clears them too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.backend import graph_faults as rules
from simulator.contract import control as api
from simulator.control.common import ControlError, body_of, endpoint, route

if TYPE_CHECKING:
    from simulator.service import Simulator


@endpoint
async def graph_faults(request: Request, sim: Simulator) -> Any:
    faults = sim.store.graph_faults
    if request.method == "DELETE":
        faults.clear()
        return {"faults": []}
    now = sim.clock.now_ms()
    if request.method == "POST":
        try:
            return faults.add(rules.parse(await body_of(request), now)).to_dict()
        except ValueError as exc:
            raise ControlError(400, str(exc)) from None
    return {"faults": faults.listed(now)}


def routes() -> list[Route]:
    return [route(graph_faults, api.GRAPH_FAULTS, api.ADD_GRAPH_FAULT, api.CLEAR_GRAPH_FAULTS)]
