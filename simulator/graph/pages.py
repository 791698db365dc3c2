"""Facebook Login's side of the account [IGOV][MPWH]: the Page linked to the professional
account, the Facebook user who manages it, ``/me/accounts`` and ``/{page-id}?fields=...``.

With Facebook Login an app holds a user token (``GET /me/accounts`` lists the Pages it
manages, each with its Page token) and uses the Page token for the Page's edges
(``/{page-id}/messages``, ``/{page-id}/subscribed_apps``, ``/{page-id}/conversations``).
``/{page-id}?fields=instagram_business_account`` names the IG_ID.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.backend.fields import Field
from simulator.backend.tokens import PAGES_LIST, require_scopes
from simulator.errors import NonexistingField, UnsupportedRequest
from simulator.graph.common import graph_endpoint, params
from simulator.graph.tokens import authorize
from simulator.state.models import Token

if TYPE_CHECKING:
    from simulator.service import Simulator

PAGE_CATEGORY = "Shopping & retail"
PAGE_TASKS = ["ANALYZE", "ADVERTISE", "MESSAGING", "MODERATE", "CREATE_CONTENT", "MANAGE"]


def page_values(sim: Simulator, token: Token) -> dict[str, Any]:
    biz = sim.business
    values: dict[str, Any] = {
        "id": biz.page_id,
        "name": biz.page_name,
        "category": PAGE_CATEGORY,
        "instagram_business_account": {"id": biz.ig_id},
        "connected_instagram_account": {"id": biz.ig_id},
    }
    if token.kind == "USER":  # the user who manages the Page may read its token
        values["access_token"] = biz.access_token
    return values


def fb_user_values(sim: Simulator) -> dict[str, Any]:
    biz = sim.business
    return {"id": biz.fb_user_id, "name": f"{biz.page_name} Admin"}


def instagram_account_values(sim: Simulator) -> dict[str, Any]:
    """The IG business account node as graph.facebook.com answers it: ``id`` is the IG_ID."""
    biz = sim.business
    return {
        "id": biz.ig_id,
        "ig_id": biz.ig_id,
        "username": biz.username,
        "name": biz.name,
        "profile_picture_url": sim.store.urls.profile_pic(biz.ig_id),
        "followers_count": 1200,
        "follows_count": 10,
        "media_count": len(sim.store.stories),
    }


def select(values: dict[str, Any], asked: list[Field], default: tuple[str, ...], node: str):
    names = [f.name for f in asked] or list(default)
    for name in names:
        if name not in values:
            raise NonexistingField(name, node)
    out = {n: values[n] for n in names if n != "id"}
    out["id"] = values["id"]
    return out


def facebook_node(sim: Simulator, node_id: str, token: Token, asked: list[Field]) -> Any:
    """The Page, the Facebook user or the IG account, or None when ``node_id`` is none."""
    biz = sim.business
    if node_id == biz.page_id or (node_id == "me" and token.kind == "PAGE"):
        return select(page_values(sim, token), asked, ("name",), "Page")
    if node_id == "me" and token.kind == "USER":
        return select(fb_user_values(sim), asked, ("name",), "User")
    if node_id == biz.ig_id:
        return select(instagram_account_values(sim), asked, ("id",), "IGUser")
    return None


@graph_endpoint
async def accounts(request: Request, sim: Simulator) -> dict[str, Any]:
    """``GET /me/accounts`` with the user token: the Pages it manages, with their tokens."""
    token = await authorize(request, sim, kinds=("USER",))
    require_scopes(token, PAGES_LIST)
    biz = sim.business
    if request.path_params["node"] not in ("me", biz.fb_user_id) or biz.page_id is None:
        raise UnsupportedRequest("GET", request.path_params["node"])
    await params(request)
    page = {
        "access_token": biz.access_token,
        "category": PAGE_CATEGORY,
        "category_list": [{"id": "200600219953504", "name": PAGE_CATEGORY}],
        "name": biz.page_name,
        "id": biz.page_id,
        "tasks": PAGE_TASKS,
    }
    return {"data": [page], "paging": {"cursors": {"before": "QVFIU", "after": "QVFIU"}}}


def routes() -> list[Route]:
    return [Route("/{version}/{node}/accounts", accounts, methods=["GET"])]
