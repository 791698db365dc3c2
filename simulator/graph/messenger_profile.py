"""``/{v}/me/messenger_profile?platform=instagram``: POST, GET, DELETE (rules in
``simulator/backend/messenger_profile.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.backend import messenger_profile as rules
from simulator.backend.fields import parse
from simulator.backend.tokens import MANAGE_MESSAGES
from simulator.errors import UnsupportedRequest
from simulator.graph.common import graph_endpoint, json_body, params
from simulator.graph.tokens import account_token

if TYPE_CHECKING:
    from simulator.service import Simulator


@graph_endpoint
async def messenger_profile(request: Request, sim: Simulator) -> dict[str, Any]:
    await account_token(request, sim, MANAGE_MESSAGES)
    node = request.path_params["node"]
    if node not in sim.business.nodes():
        raise UnsupportedRequest(request.method, node)
    query = await params(request)
    body = await json_body(request) if request.method != "GET" else {}
    rules.check_platform(body.get("platform") or query.get("platform"))
    store = sim.store
    if request.method == "GET":
        return rules.read(store.messenger_profile, [f.name for f in parse(query.get("fields"))])
    if request.method == "DELETE":
        for name in rules.fields_to_delete(body.get("fields") or query.get("fields")):
            store.messenger_profile.pop(name, None)
        return {"result": "success"}
    store.messenger_profile = rules.updated(store.messenger_profile, body)
    return {"result": "success"}


def routes() -> list[Route]:
    return [
        Route(
            "/{version}/{node}/messenger_profile",
            messenger_profile,
            methods=["GET", "POST", "DELETE"],
        )
    ]
