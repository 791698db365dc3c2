"""Access tokens: where they come from, their validation, and `GET /debug_token`.

Token from `Authorization: Bearer <t>` [IGSEND] or `access_token=<t>` [SUBS] (query or form).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.errors import ExpiredToken, GraphError, InvalidToken, MissingToken
from simulator.graph.common import graph_endpoint, params
from simulator.state.models import Token

if TYPE_CHECKING:
    from simulator.service import Simulator


class AppTokenRequired(GraphError):
    """Meta's known answer; code 15 is not in the spec table."""

    code = 15
    default_message = "This method must be called with an app access_token."


class UserTokenRequired(GraphError):
    """Meta's known answer for `/me` with an app token; code 2500 is not in the spec table."""

    code = 2500
    default_message = (
        "An active access token must be used to query information about the current user."
    )


async def token_of(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return (await params(request)).get("access_token") or None


def validate(sim: Simulator, value: str | None) -> Token:
    """The stored token, or 190 (missing, unknown) / 190-463 (expired) [GERR]."""
    if not value:
        raise MissingToken()
    token = sim.store.tokens.get(value)
    if token is None:
        raise InvalidToken()
    if token.expires_at_ms is not None and token.expires_at_ms <= sim.clock.now_ms():
        raise ExpiredToken()
    return token


async def account_token(request: Request, sim: Simulator) -> Token:
    """The Instagram user token of the business account (IG login flavour)."""
    token = validate(sim, await token_of(request))
    if token.kind != "USER":
        raise UserTokenRequired()
    return token


async def app_token(request: Request, sim: Simulator) -> Token:
    """The app token `APP_ID|APP_SECRET` [SUBS]."""
    token = validate(sim, await token_of(request))
    if token.kind != "APP":
        raise AppTokenRequired()
    return token


def _describe(sim: Simulator, token: Token) -> dict[str, Any]:
    data: dict[str, Any] = {
        "app_id": sim.store.app.id,
        "type": token.kind,
        "application": sim.store.app.name,
        "expires_at": (token.expires_at_ms or 0) // 1000,
        "is_valid": True,
        "issued_at": token.issued_at_ms // 1000,
        "scopes": token.scopes,
        "granular_scopes": [{"scope": s, "target_ids": [token.owner_id]} for s in token.scopes],
    }
    if token.kind == "USER":
        data["data_access_expires_at"] = data["expires_at"]
        data["user_id"] = token.owner_id
    return data


@graph_endpoint
async def debug_token(request: Request, sim: Simulator) -> dict[str, Any]:
    """`GET /debug_token?input_token=..` (D/graph-api/reference/debug_token)."""
    validate(sim, await token_of(request))
    value = (await params(request)).get("input_token", "")
    token = sim.store.tokens.get(value)
    if token is None:
        error = InvalidToken()
        return {
            "data": {
                "is_valid": False,
                "scopes": [],
                "error": {"code": error.code, "message": error.message},
            }
        }
    data = _describe(sim, token)
    try:
        validate(sim, value)
    except ExpiredToken as exc:
        data["is_valid"] = False
        data["error"] = {"code": exc.code, "subcode": exc.subcode, "message": exc.message}
    return {"data": data}


def routes() -> list[Route]:
    return [Route("/{version}/debug_token", debug_token, methods=["GET"])]
