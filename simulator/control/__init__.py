"""The `/_sim` control API (architecture.md section 1.3): JSON, never part of Meta.

Bad input answers 4xx `{"error":{"reason":...}}`; unknown users 404; never a bare 500.
Additions to the contract: `POST /_sim/clock/advance {"seconds": n}`, `GET /_sim/events`
accepts `types=a,b`, users carry `thread_id`, deliveries carry `url` and `outcome`,
`POST /_sim/deliveries/{id}/redeliver` re-POSTs a logged attempt.

Its routes live in small modules, each with its own ``routes()``: ``runtime`` (state, reset,
clock, tokens, queue, OpenAPI), ``users`` (what a user does), ``actions`` (everything else a
user or the business does in Direct), ``logs`` (events, deliveries, Graph calls), ``faults``
and ``graph_faults`` (failures on demand), ``access`` (App Roles and the app's mode); what
they share is in ``common``.
"""

from __future__ import annotations

from starlette.routing import Route

from simulator.control import access, actions, faults, graph_faults, logs, runtime, users
from simulator.control.common import error

__all__ = ["control_routes", "error"]


def control_routes() -> list[Route]:
    return [
        *runtime.routes(),
        *users.routes(),
        *logs.routes(),
        *faults.routes(),
        *actions.routes(),
        *access.routes(),
        *graph_faults.routes(),
    ]
