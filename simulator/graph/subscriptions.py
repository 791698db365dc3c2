"""Webhook subscriptions: the app's (`/{app-id}/subscriptions`, with the verification
handshake [GS][SUBS]) and the account's (`/me/subscribed_apps` [IGWH])."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
from starlette.requests import Request
from starlette.routing import Route

from simulator.backend.tokens import MANAGE_MESSAGES, PAGE_METADATA, PageTokenRequired
from simulator.errors import CallbackVerificationFailed, InvalidParameter, UnsupportedRequest
from simulator.graph.common import graph_endpoint, params
from simulator.graph.tokens import account_token, app_token
from simulator.state.models import AppSubscription

if TYPE_CHECKING:
    from simulator.service import Simulator

INSTAGRAM_FIELDS = (
    "messages",
    "messaging_postbacks",
    "messaging_seen",
    "message_reactions",
    "messaging_referral",
    "messaging_optins",
    "messaging_handover",
    "standby",
    "comments",
    "live_comments",
    "mentions",
    "story_insights",
)


def _field_list(raw: str | None, name: str, known: tuple[str, ...] = INSTAGRAM_FIELDS) -> list[str]:
    fields = [f.strip() for f in (raw or "").strip("[]").replace('"', "").split(",") if f.strip()]
    if not fields:
        raise InvalidParameter(f"The parameter {name} is required")
    for index, field in enumerate(fields):
        if field not in known:
            raise InvalidParameter(f"Param {name}[{index}] must be one of {{{', '.join(known)}}}")
    return fields


def _check_app(request: Request, sim: Simulator) -> None:
    app_id = request.path_params["app_id"]
    if app_id != sim.store.app.id:
        raise UnsupportedRequest(request.method, app_id)


async def handshake(sim: Simulator, callback_url: str, verify_token: str) -> None:
    """`GET <callback>?hub.mode=subscribe&hub.challenge=<int>&hub.verify_token=<t>`; the
    endpoint must answer 200 with exactly the challenge [GS]. Raises 2200 otherwise."""
    challenge = str(sim.store.ids.challenge())
    query = {"hub.mode": "subscribe", "hub.challenge": challenge, "hub.verify_token": verify_token}
    timeout = sim.config.webhook_timeout_s
    try:
        async with sim.http_client_factory() as client:
            response = await client.get(callback_url, params=query, timeout=timeout)
    except httpx.TimeoutException as exc:
        raise CallbackVerificationFailed(
            f"curl_errno = 28; curl_error = Operation timed out after {int(timeout * 1000)} "
            "milliseconds with 0 bytes received; HTTP Status Code = 0; HTTP Message = Unknown"
        ) from exc
    except Exception as exc:  # refused connection, or an in-process app raising
        raise CallbackVerificationFailed(
            f"curl_errno = 7; curl_error = {type(exc).__name__}: {exc}; "
            "HTTP Status Code = 0; HTTP Message = Unknown"
        ) from exc
    if response.status_code != 200:
        raise CallbackVerificationFailed(
            f"HTTP Status Code = {response.status_code}; HTTP Message = {response.reason_phrase}"
        )
    if response.text != challenge:
        raise CallbackVerificationFailed(
            "The URL couldn't be validated. Response does not match challenge, "
            f'expected value="{challenge}", received="{response.text[:100]}"'
        )


@graph_endpoint
async def app_subscriptions(request: Request, sim: Simulator) -> dict[str, Any]:
    await app_token(request, sim)
    _check_app(request, sim)
    app = sim.store.app
    if request.method == "GET":
        sub = app.subscription
        if sub is None:
            return {"data": []}
        fields = [{"name": f, "version": sub.version} for f in sub.fields]
        item = {"object": sub.object, "callback_url": sub.callback_url, "active": sub.active}
        return {"data": [item | {"fields": fields}]}
    query = await params(request)
    obj = query.get("object", "")
    if obj != "instagram":  # the only object this simulator knows
        raise InvalidParameter(f"Param object must be one of {{instagram}}, got '{obj}'")
    if request.method == "DELETE":
        app.subscription = None
        return {"success": True}
    callback_url = query.get("callback_url", "")
    if not callback_url.startswith(("http://", "https://")):
        raise InvalidParameter("Param callback_url must be a valid URL")
    fields = _field_list(query.get("fields"), "fields")
    verify_token = query.get("verify_token", "")
    await handshake(sim, callback_url, verify_token)
    version = request.path_params["version"]
    app.subscription = AppSubscription(obj, callback_url, fields, verify_token, version)
    return {"success": "true"}  # a string here [SUBS][MPWH]


# Page webhook fields a Facebook-Login app subscribes its Page to (Messenger's list [MPWH])
PAGE_FIELDS = (
    "feed",
    "messages",
    "messaging_postbacks",
    "messaging_optins",
    "message_deliveries",
    "message_reads",
    "message_echoes",
    "messaging_handovers",
    "messaging_referrals",
    "message_reactions",
    "standby",
    "mention",
    "name",
    "picture",
)


async def _page_subscribed_apps(request: Request, sim: Simulator) -> dict[str, Any]:
    """Facebook Login: ``/{page-id}/subscribed_apps`` with the Page token and Page fields;
    the account then gets every field the app subscription selected for ``instagram``
    (Meta's webhooks setup); a string ``"true"`` [MPWH]."""
    token = await account_token(request, sim, PAGE_METADATA)
    if token.kind != "PAGE":
        raise PageTokenRequired()
    biz = sim.business
    if request.method == "GET":
        if not biz.page_subscribed_fields:
            return {"data": []}
        app = sim.store.app
        return {"data": [{"category": "Business", "link": f"https://www.facebook.com/{app.id}",
                          "name": app.name, "id": app.id,
                          "subscribed_fields": biz.page_subscribed_fields}]}  # fmt: skip
    if request.method == "DELETE":
        biz.page_subscribed_fields = []
        return {"success": "true"}
    raw = (await params(request)).get("subscribed_fields")
    biz.page_subscribed_fields = _field_list(raw, "subscribed_fields", PAGE_FIELDS)
    return {"success": "true"}


@graph_endpoint
async def subscribed_apps(request: Request, sim: Simulator) -> dict[str, Any]:
    node = request.path_params["node"]
    biz = sim.business
    if node not in biz.nodes():
        raise UnsupportedRequest(request.method, node)
    if biz.flavour == "facebook":
        return await _page_subscribed_apps(request, sim)
    await account_token(request, sim, MANAGE_MESSAGES)  # the messages field needs it [IGWH]
    if request.method == "GET":  # shape UNCONFIRMED (spec section 2)
        if not biz.subscribed_fields:
            return {"data": []}
        app = sim.store.app
        return {
            "data": [{"id": app.id, "name": app.name, "subscribed_fields": biz.subscribed_fields}]
        }
    if request.method == "DELETE":
        biz.subscribed_fields = []
        return {"success": True}
    biz.subscribed_fields = _field_list(
        (await params(request)).get("subscribed_fields"), "subscribed_fields"
    )
    return {"success": True}  # a boolean on graph.instagram.com [IGWH]


def routes() -> list[Route]:
    return [
        Route(
            "/{version}/{app_id}/subscriptions",
            app_subscriptions,
            methods=["GET", "POST", "DELETE"],
        ),
        Route(
            "/{version}/{node}/subscribed_apps", subscribed_apps, methods=["GET", "POST", "DELETE"]
        ),
    ]
