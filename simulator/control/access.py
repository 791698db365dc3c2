"""The `/_sim` routes for who the Meta app serves: the App Dashboard's Roles and its mode.

- ``POST /_sim/users/{igsid}/role`` ``{"role": "admin"|"developer"|"tester"|null}``: the user
  gets (or loses) a role on the app, as when a developer adds a tester in App Roles and the
  tester accepts the invitation (the simulator skips the invitation);
- ``POST /_sim/app/mode`` ``{"mode": "development"|"live"}``: ``live`` is the app published
  with Advanced Access (App Review passed), which serves everyone [IMWH][IGAR]; in
  ``development`` only people with a role reach webhooks and the Send API
  (docs/meta-platform.md section 4, Access).

Both are configuration: they emit no webhook, and ``/_sim/reset`` restores the config's values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.config import APP_MODES
from simulator.contract import control as api
from simulator.control.common import ControlError, body_of, endpoint, route, string, user_of
from simulator.state.models import ROLES

if TYPE_CHECKING:
    from simulator.service import Simulator


@endpoint
async def set_role(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"role": ...}`` (null: no role); the user as ``POST /_sim/users`` answers it."""
    user = user_of(request, sim)
    body = await body_of(request)
    if "role" not in body:
        raise ControlError(400, f"'role' is required: one of {list(ROLES)} or null")
    role = string(body, "role")
    if role is not None and role not in ROLES:
        raise ControlError(400, f"'role' must be one of {list(ROLES)} or null, not {role!r}")
    user.role = role
    return user.to_dict()


@endpoint
async def set_mode(request: Request, sim: Simulator) -> dict[str, Any]:
    """``{"mode": "development"|"live"}``; answers ``{"mode"}``."""
    mode = string(await body_of(request), "mode", required=True)
    if mode not in APP_MODES:
        raise ControlError(400, f"'mode' must be one of {list(APP_MODES)}, not {mode!r}")
    sim.store.app.mode = mode
    return {"mode": mode}


def routes() -> list[Route]:
    return [
        route(set_role, api.USER_ROLE),
        route(set_mode, api.APP_MODE),
    ]
