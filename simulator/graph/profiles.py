"""Nodes: the business (`/me`, `/{IG_ID}`) and user profiles (`/{IGSID}`) [IGPROF].

A user's profile is readable only once that user has messaged the account, else 230
"User consent is required..." (code per chatwoot, UNCONFIRMED). `/me` `id` is app-scoped and
`user_id` is the IG_ID seen in webhooks (reported trap, spec section 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.backend.tokens import BASIC, MANAGE_MESSAGES, require_scopes
from simulator.errors import ConsentRequired, NonexistingField, UnsupportedRequest
from simulator.graph.common import graph_endpoint, params
from simulator.graph.tokens import account_token
from simulator.state.models import IgUser

if TYPE_CHECKING:
    from simulator.service import Simulator

USER_DEFAULT_FIELDS = ("name", "username")
ACCOUNT_DEFAULT_FIELDS = ("id",)


def _fields(raw: str | None, default: tuple[str, ...]) -> list[str]:
    fields = [f.strip() for f in (raw or "").split(",") if f.strip()]
    return fields or list(default)


def _select(values: dict[str, Any], fields: list[str], node_type: str) -> dict[str, Any]:
    for field in fields:
        if field not in values:
            raise NonexistingField(field, node_type)
    out = {f: values[f] for f in fields if f != "id"}
    out["id"] = values["id"]  # Meta always answers the node id, last
    return out


def _account_values(sim: Simulator) -> dict[str, Any]:
    biz = sim.business
    return {
        "id": biz.app_scoped_id,
        "user_id": biz.ig_id,
        "username": biz.username,
        "name": biz.name,
        "account_type": "BUSINESS",
        "profile_picture_url": sim.store.urls.profile_pic(biz.ig_id),
        "followers_count": 1200,
        "follows_count": 10,
        "media_count": len(sim.store.stories),
    }


def _user_values(sim: Simulator, user: IgUser) -> dict[str, Any]:
    return {
        "id": user.igsid,
        "name": user.name,
        "username": user.username,
        "profile_pic": sim.store.urls.profile_pic(user.igsid),  # fresh URL, expires in days
        "follower_count": user.follower_count,
        "is_user_follow_business": False,
        "is_business_follow_user": False,
        "is_verified_user": user.is_verified_user,
    }


@graph_endpoint
async def node(request: Request, sim: Simulator) -> dict[str, Any]:
    token = await account_token(request, sim, BASIC)
    node_id = request.path_params["node"]
    raw_fields = (await params(request)).get("fields")
    if node_id in ("me", sim.business.ig_id, sim.business.app_scoped_id):
        return _select(_account_values(sim), _fields(raw_fields, ACCOUNT_DEFAULT_FIELDS), "User")
    require_scopes(token, MANAGE_MESSAGES)  # [IGPROF] basic + manage_messages
    user = sim.store.users.get(node_id)
    if user is None:
        raise UnsupportedRequest("GET", node_id)
    fields = _fields(raw_fields, USER_DEFAULT_FIELDS)
    values = _user_values(sim, user)
    _select(values, fields, "User")  # unknown fields fail before consent, as on Graph
    if sim.last_user_message_ms(user) is None:
        raise ConsentRequired()
    return _select(values, fields, "User")


def routes() -> list[Route]:
    return [Route("/{version}/{node}", node, methods=["GET"])]
