"""The OpenAPI document of the simulator's Graph API and control API, at ``/_sim/openapi.json``.

Hand-written (the routes are few and Meta publishes none): each Graph operation answers 200
or Meta's error shape (``docs/meta-platform.md`` section 3), each control call 200 or the
control API's ``{"error":{"reason"}}``; ``tests/unit/simulator/test_openapi.py`` runs
schemathesis against it (no 500; every error in its documented shape).
"""

from __future__ import annotations

from typing import Any

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
CONTROL_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["reason"],
            "properties": {"reason": {"type": "string"}},
        }
    },
}
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
            "/_sim/state": {"get": _control("The simulated world")},
            "/_sim/users": {"post": _control("Create a test user", body=OBJECT)},
            "/_sim/users/{igsid}/messages": {
                "post": _control(
                    "The user sends a Direct message", _param("igsid", "path"), body=OBJECT
                )
            },
            "/_sim/users/{igsid}/stories": {
                "post": _control("The user posts a story", _param("igsid", "path"), body=OBJECT)
            },
            "/_sim/users/{igsid}/messages/{mid}/unsend": {
                "post": _control(
                    "The user unsends", _param("igsid", "path"), _param("mid", "path"), body=OBJECT
                )
            },
            "/_sim/users/{igsid}/thread": {
                "get": _control("The user's thread", _param("igsid", "path"))
            },
            "/_sim/events": {
                "get": _control(
                    "Long-poll for events",
                    _param("after"),
                    _param("timeout"),
                    _param("types"),
                    _param("limit"),
                )
            },
            "/_sim/deliveries": {
                "get": _control("Webhook attempts (paged)", *_paging(), ok={"type": "array"})
            },
            "/_sim/deliveries/{delivery_id}/redeliver": {
                "post": _control("Meta's redelivery", _param("delivery_id", "path"))
            },
            "/_sim/graph_calls": {
                "get": _control("Graph calls (paged)", *_paging(), ok={"type": "array"})
            },
            "/_sim/reset": {"post": _control("Back to the initial state", body=OBJECT)},
            "/_sim/clock/advance": {"post": _control("Move the simulated clock", body=OBJECT)},
            "/_sim/tokens": {"post": _control("Mint a scoped, expiring token", body=OBJECT)},
            "/_sim/clock/speed": {"post": _control("Run Meta's clock faster", body=OBJECT)},
            "/_sim/faults": {
                "get": _control("Faults in force"),
                "post": _control("A fault on the callback", body=OBJECT),
                "delete": _control("Clear the faults"),
            },
            "/_sim/graph_faults": {
                "get": _control("Graph errors in force"),
                "post": _control("A documented Graph error, on demand", body=OBJECT),
                "delete": _control("Clear the Graph errors"),
            },
            "/_sim/alerts": {"get": _control("Webhooks Failing / Disabled", ok={"type": "array"})},
            "/_sim/queue": {"get": _control("Webhooks still to send: queued, in flight, retries")},
            **_user_actions(),
            "/_sim/openapi.json": {"get": _control("This document")},
            "/_sim/business/stories": {"post": _control("The business posts a story", body=OBJECT)},
            "/_sim/dashboard_test": {
                "post": _control("The App Dashboard's Test button", body=OBJECT)
            },
            "/_sim/bulk": {"post": _control("N users x M messages, by seed", body=OBJECT)},
            "/_sim/users/{igsid}/role": {
                "post": _control(
                    "App Roles: give or take a role", _param("igsid", "path"), body=OBJECT
                )
            },
            "/_sim/app/mode": {
                "post": _control("Development or Live (Advanced Access)", body=OBJECT)
            },
        },
    }


def _paging() -> list[dict[str, Any]]:
    return [_param("after"), _param("last"), _param("limit")]


def _user_actions() -> dict[str, Any]:
    """What else a user does in Direct (``simulator/control/actions.py``)."""
    user = "/_sim/users/{igsid}"
    igsid, mid = _param("igsid", "path"), _param("mid", "path")
    actions = {
        "/media": "The user sends a photo, video, voice note or file",
        "/shares": "The user shares a post or reel",
        "/story_replies": "The user replies to the business's story",
        "/read": "The user reads the thread",
        "/postbacks": "The user taps a postback (ice breaker, menu, Get Started)",
        "/referrals": "The user follows an ig.me link or writes from an ad",
        "/thread/owner": "Another app takes the thread, or gives it back",
        "/business_replies": "The business answers from the Instagram app",
    }
    paths = {f"{user}{path}": {"post": _control(summary, igsid, body=OBJECT)}
             for path, summary in actions.items()}  # fmt: skip
    for path, summary in (
        ("replies", "An inline reply"),
        ("reaction", "React or unreact"),
        ("edit", "The user edits a message (no webhook on Instagram)"),
    ):
        paths[f"{user}/messages/{{mid}}/{path}"] = {
            "post": _control(summary, igsid, mid, body=OBJECT)
        }
    return paths
