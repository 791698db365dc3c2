"""The OpenAPI document of the simulator's Graph API and control API, at ``/_sim/openapi.json``.

The Graph half is hand-written (the routes are few and Meta publishes none), the control half
comes from the control API's contract (``simulator/contract/control.py``): each Graph
operation answers 200 or Meta's error shape (``docs/meta-platform.md`` section 3), each
control call 200 or the control API's ``{"error":{"reason"}}``;
``tests/unit/simulator/test_openapi.py`` runs schemathesis against it (no 500; every error in
its documented shape).
"""

from __future__ import annotations

from typing import Any

from simulator.contract import control as api

META_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message", "type", "code", "fbtrace_id"],
            "properties": {
                "message": {"type": "string", "pattern": r"^\(#\d+\) "},
                "type": {"type": "string"},
                "code": {"type": "integer"},
                "error_subcode": {"type": "integer"},
                "fbtrace_id": {"type": "string"},
            },
        }
    },
}
CONTROL_ERROR = api.ERROR
OBJECT: dict[str, Any] = {"type": "object"}
ANY_JSON: dict[str, Any] = {}


def _param(name: str, where: str = "query", schema: dict | None = None, required: bool = False):
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "schema": schema or {"type": "string"},
    }


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _graph(summary: str, *params: dict, body: dict | None = None) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "tags": ["Graph API"],
        "parameters": [_param("version", "path"), _param("access_token"), *params],
        "responses": {
            "200": _json("Meta's answer", OBJECT),
            "400": _json("Meta's error", META_ERROR),
            "403": _json("Meta's error", META_ERROR),
        },
    }
    if body is not None:
        operation["requestBody"] = {"content": {"application/json": {"schema": body}}}
    return operation


def _control(summary: str, *params: dict, body: dict | None = None, ok: dict = OBJECT):
    operation: dict[str, Any] = {
        "summary": summary,
        "tags": ["control API"],
        "parameters": list(params),
        "responses": {
            "200": _json("done", ok),
            **{status: _json("refused", CONTROL_ERROR) for status in ("400", "404", "409", "413")},
        },
    }
    if body is not None:
        operation["requestBody"] = {"content": {"application/json": {"schema": body}}}
    return operation


SEND = {
    "type": "object",
    "properties": {
        "recipient": {"type": "object", "properties": {"id": {"type": "string"}}},
        "message": {
            "type": "object",
            "properties": {
                "text": {"type": "string"},
                "attachment": OBJECT,
                "attachments": {"type": "array", "items": OBJECT},
                "quick_replies": {"type": "array", "items": OBJECT},
            },
        },
        "messaging_type": {"type": "string"},
        "tag": {"type": "string"},
        "sender_action": {"type": "string"},
        "reply_to": OBJECT,
    },
}
NODE = _param("node", "path")
FIELDS = _param("fields")


def document() -> dict[str, Any]:
    g = "/graph/{version}"
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Meta simulator: Graph API and control API",
            "version": "1",
            "description": "The Graph API as the simulator serves it (docs/meta-platform.md "
            "sections 2-4), and the harness's control API under /_sim.",
        },
        "paths": {
            f"{g}/{{node}}": {
                "get": _graph(
                    "A node: the account, a user, a conversation, a message", NODE, FIELDS
                )
            },
            f"{g}/{{node}}/messages": {
                "post": _graph("The Send API", NODE, body=SEND),
                "get": _graph(
                    "A conversation's messages", NODE, FIELDS, _param("limit"), _param("after")
                ),
            },
            f"{g}/{{node}}/message_attachments": {
                "post": _graph("Upload an attachment", NODE, body=OBJECT)
            },
            f"{g}/{{node}}/conversations": {
                "get": _graph(
                    "The Conversations API",
                    NODE,
                    _param("platform"),
                    _param("user_id"),
                    FIELDS,
                    _param("limit"),
                    _param("after"),
                )
            },
            f"{g}/{{node}}/messenger_profile": {
                "get": _graph("Ice breakers, menu, Get Started", NODE, _param("platform"), FIELDS),
                "post": _graph("Set the Messenger Profile", NODE, body=OBJECT),
                "delete": _graph("Delete Messenger Profile fields", NODE, body=OBJECT),
            },
            f"{g}/{{node}}/subscribed_apps": {
                method: _graph(
                    "The account's (or Page's) app subscription", NODE, _param("subscribed_fields")
                )
                for method in ("get", "post", "delete")
            },
            f"{g}/{{node}}/subscriptions": {
                method: _graph(
                    "The app's webhook subscription",
                    NODE,
                    _param("object"),
                    _param("callback_url"),
                    _param("fields"),
                    _param("verify_token"),
                )
                for method in ("get", "post", "delete")
            },
            f"{g}/{{node}}/accounts": {"get": _graph("The Pages a Facebook user manages", NODE)},
            f"{g}/debug_token": {"get": _graph("Inspect a token", _param("input_token"))},
            **_control_paths(),
        },
    }


def _control_paths() -> dict[str, Any]:
    """The control API, from its contract (``simulator/contract/control.py``)."""
    paths: dict[str, Any] = {}
    for endpoint in api.ENDPOINTS:
        params = [_param(name, "path") for name in endpoint.params]
        params += [_param(name) for name in endpoint.query]
        operation = _control(endpoint.summary, *params, body=endpoint.body, ok=endpoint.answer)
        paths.setdefault(api.PREFIX + endpoint.template, {})[endpoint.method.lower()] = operation
    return paths
