"""Webhook subscriptions: the app's (`/{app-id}/subscriptions`, with the verification
handshake [GS][SUBS]) and the account's (`/me/subscribed_apps` [IGWH]). The handlers parse,
call Meta's rules (``simulator/backend/subscriptions.py``) and render; the handshake's GET
is made here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
from starlette.requests import Request
from starlette.routing import Route

from simulator.backend import subscriptions as rules
from simulator.backend.tokens import MANAGE_MESSAGES, PAGE_METADATA, PageTokenRequired
from simulator.errors import UnsupportedRequest
from simulator.graph.common import graph_endpoint, params
from simulator.graph.tokens import account_token, app_token

if TYPE_CHECKING:
    from simulator.service import Simulator


def _check_app(request: Request, sim: Simulator) -> None:
    app_id = request.path_params["app_id"]
    if app_id != sim.store.app.id:
        raise UnsupportedRequest(request.method, app_id)


async def handshake(sim: Simulator, callback_url: str, verify_token: str) -> None:
    """Meta's verification GET to the callback; 2200 unless it echoes the challenge [GS]."""
    challenge = str(sim.store.ids.challenge())
    query = rules.handshake_query(challenge, verify_token)
    timeout = sim.config.webhook_timeout_s
    try:
        async with sim.http_client_factory() as client:
            response = await client.get(callback_url, params=query, timeout=timeout)
    except httpx.TimeoutException as exc:
        raise rules.timed_out(timeout) from exc
    except Exception as exc:  # refused connection, or an in-process app raising
        raise rules.unreachable(exc) from exc
    rules.check_challenge_answer(
        response.status_code, response.reason_phrase, response.text, challenge
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
    rules.check_object(obj)
    if request.method == "DELETE":
        app.subscription = None
        return {"success": True}
    callback_url = query.get("callback_url", "")
    rules.check_callback(callback_url)
    fields = rules.field_list(query.get("fields"), "fields")
    verify_token = query.get("verify_token", "")
    await handshake(sim, callback_url, verify_token)
    rules.save(app, obj, callback_url, fields, verify_token, request.path_params["version"])
    return {"success": "true"}  # a string here [SUBS][MPWH]


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
    biz.page_subscribed_fields = rules.field_list(raw, "subscribed_fields", rules.PAGE_FIELDS)
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
    biz.subscribed_fields = rules.field_list(
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
