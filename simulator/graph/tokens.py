"""Access tokens: where they come from, their validation, and `GET /debug_token`.

Token from `Authorization: Bearer <t>` [IGSEND] or `access_token=<t>` [SUBS] (query or form).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.backend import tokens as rules
from simulator.errors import ExpiredToken, InvalidToken
from simulator.graph.common import graph_endpoint, json_body, params
from simulator.state.models import Token

if TYPE_CHECKING:
    from simulator.service import Simulator


async def credentials(request: Request) -> tuple[str | None, str | None]:
    """(access token, appsecret_proof) from the header, the query, a form or a JSON body."""
    values = dict(await params(request))
    if request.headers.get("content-type", "").startswith("application/json"):
        body = await json_body(request)
        values = {k: v for k, v in body.items() if isinstance(v, str)} | values
    auth = request.headers.get("authorization", "")
    token = auth[7:].strip() if auth.lower().startswith("bearer ") else values.get("access_token")
    return token or None, values.get("appsecret_proof")


async def authorize(
    request: Request,
    sim: Simulator,
    *,
    kinds: tuple[str, ...],
    scopes: tuple[tuple[str, ...], ...] = (),
) -> Token:
    """The caller's token, checked as Meta does (``backend/tokens.authorize``)."""
    value, proof = await credentials(request)
    return rules.authorize(
        sim.store.tokens, sim.clock.now_ms(), value, proof,
        app_secret=sim.store.app.secret, proof_required=sim.config.require_appsecret_proof,
        kinds=kinds, scopes=scopes,
    )  # fmt: skip


async def account_token(request: Request, sim: Simulator, *scopes: tuple[str, ...]) -> Token:
    """The business account's token (an Instagram user token, or a Page token), scoped."""
    return await authorize(request, sim, kinds=("USER", "PAGE", "SYSTEM_USER"), scopes=scopes)


async def app_token(request: Request, sim: Simulator) -> Token:
    """The app token `APP_ID|APP_SECRET` [SUBS]."""
    return await authorize(request, sim, kinds=("APP",))


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
    await authorize(request, sim, kinds=rules.TOKEN_KINDS)
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
        rules.validate(sim.store.tokens, sim.clock.now_ms(), value)
    except ExpiredToken as exc:
        data["is_valid"] = False
        data["error"] = {"code": exc.code, "subcode": exc.subcode, "message": exc.message}
    return {"data": data}


def routes() -> list[Route]:
    return [Route("/{version}/debug_token", debug_token, methods=["GET"])]
