"""The control API (``/_sim``), written once: every route's method, path, parameters and the
JSON shapes it takes and answers. Never part of Meta: it is how a test plays the Instagram
user, the App Dashboard and Meta's clock, and reads back what Meta's side did.

The simulator serves its routes from this table (``simulator/control/``), the OpenAPI
document describes them from it (``simulator/openapi.py``, which schemathesis checks), and
``simulator.contract.control_client.Control`` calls them by it: a path or a shape changes here
or nowhere. Bad input answers 4xx ``{"error": {"reason": ...}}`` (``ERROR``), never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from simulator.contract.control_shapes import (
    Alert,
    Delivery,
    Event,
    Events,
    GraphCall,
    Queue,
    Sent,
    State,
    User,
)  # fmt: skip

__all__ = [
    "ENDPOINTS", "ERROR", "PREFIX", "Alert", "Delivery", "Endpoint", "Event", "Events",
    "GraphCall", "Queue", "Sent", "State", "User",
]  # fmt: skip

PREFIX = "/_sim"
Schema = dict[str, Any]


# -- JSON Schemas (OpenAPI 3.0) ---------------------------------------------------------------
OBJECT: Schema = {"type": "object"}
ARRAY: Schema = {"type": "array", "items": OBJECT}
STRING: Schema = {"type": "string"}
NULLABLE_STRING: Schema = {"type": "string", "nullable": True}
NUMBER: Schema = {"type": "number"}
INTEGER: Schema = {"type": "integer"}
CLIENT: Schema = {"type": "string", "enum": ["web", "app"]}  # the user's Instagram client
ERROR: Schema = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "object", "required": ["reason"], "properties": {"reason": STRING}}
    },
}


def body(required: tuple[str, ...] = (), **properties: Schema) -> Schema:
    """A JSON object body: its known fields (others are ignored), those it must have."""
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def answer(required: tuple[str, ...], **properties: Schema) -> Schema:
    return {"type": "object", "required": list(required), "properties": properties}


SENT = answer(("mid", "timestamp"), mid=STRING, timestamp=INTEGER)
USER = answer(
    ("igsid", "username", "name", "role", "thread_id"),
    igsid=STRING,
    username=STRING,
    name=STRING,
    role=NULLABLE_STRING,
    thread_id=STRING,
)
FAULT_LIST = answer(("faults",), faults=ARRAY)


# -- the routes -------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)  # one object a route: compared (and hashed) as itself
class Endpoint:
    """One control route: ``template`` is relative to ``PREFIX`` (``/users/{igsid}/thread``)."""

    method: str
    template: str
    summary: str
    query: tuple[str, ...] = ()
    body: Schema | None = None
    answer: Schema = field(default_factory=lambda: OBJECT)

    @property
    def params(self) -> tuple[str, ...]:
        """The path's parameters, in order (``igsid``, ``mid``, ...)."""
        return tuple(part[1:-1] for part in self.template.split("/") if part.startswith("{"))

    def path(self, **params: str) -> str:
        """The full path, its parameters filled (and quoted): ``THREAD.path(igsid="1")``."""
        missing = set(self.params) - set(params)
        if missing:
            raise TypeError(f"{self.template} needs {sorted(missing)}")
        return PREFIX + self.template.format(
            **{k: quote(str(v), safe="") for k, v in params.items()}
        )


USER_PATH = "/users/{igsid}"
MESSAGE_PATH = USER_PATH + "/messages/{mid}"
PAGING = ("after", "last", "limit")

# the simulator itself
STATE = Endpoint(
    "GET",
    "/state",
    "The simulated world",
    answer=answer(
        ("app", "business", "now_ms", "users"),
        app=OBJECT,
        business=OBJECT,
        now_ms=INTEGER,
        users={"type": "array", "items": USER},
    ),
)
RESET = Endpoint(
    "POST", "/reset", "Back to the initial state", body=body(seed={"type": "integer", "minimum": 0})
)
CLOCK_ADVANCE = Endpoint(
    "POST", "/clock/advance", "Move the simulated clock", body=body(("seconds",), seconds=NUMBER)
)
CLOCK_SPEED = Endpoint(
    "POST", "/clock/speed", "Run Meta's clock faster", body=body(("speed",), speed=NUMBER)
)
QUEUE = Endpoint(
    "GET",
    "/queue",
    "Webhooks still to send: queued, in flight, retries",
    answer=answer(("idle",), idle={"type": "boolean"}),
)
TOKENS = Endpoint(
    "POST",
    "/tokens",
    "Mint a scoped, expiring token",
    body=body(
        kind=STRING,
        scopes={"type": "array", "items": STRING},
        expires_in=NUMBER,
    ),
    answer=answer(("access_token", "kind"), access_token=STRING, kind=STRING),
)
OPENAPI = Endpoint("GET", "/openapi.json", "This document")

# what a user does
CREATE_USER = Endpoint(
    "POST",
    "/users",
    "Create a test user",
    body=body(
        name=STRING,
        username=STRING,
        password=STRING,
        role=NULLABLE_STRING,
    ),
    answer=USER,
)
SEND_TEXT = Endpoint(
    "POST",
    USER_PATH + "/messages",
    "The user sends a Direct message",
    body=body(("text",), text=STRING, client=CLIENT, quick_reply=STRING),
    answer=SENT,
)
POST_STORY = Endpoint(
    "POST",
    USER_PATH + "/stories",
    "The user posts a story",
    body=body(("text",), text=STRING, background=STRING, client=CLIENT),
)
UNSEND = Endpoint("POST", MESSAGE_PATH + "/unsend", "The user unsends", body=body(client=CLIENT))
FOLLOW = Endpoint(
    "POST",
    USER_PATH + "/follow",
    "The user follows the business, or stops (the profile read says so)",
    body=body(("following",), following={"type": "boolean"}),
)
THREAD = Endpoint(
    "GET",
    USER_PATH + "/thread",
    "The user's thread",
    answer=answer(("thread_id", "messages"), thread_id=STRING, messages=ARRAY),
)
SEND_MEDIA = Endpoint(
    "POST",
    USER_PATH + "/media",
    "The user sends a photo, video, voice note or file",
    body=body(("kind",), kind=STRING, caption=STRING, client=CLIENT),
    answer=SENT,
)
SHARE = Endpoint(
    "POST",
    USER_PATH + "/shares",
    "The user shares a post or reel",
    body=body(type=STRING, media_id=STRING, client=CLIENT),
    answer=SENT,
)
STORY_REPLY = Endpoint(
    "POST",
    USER_PATH + "/story_replies",
    "The user replies to the business's story",
    body=body(("text",), text=STRING, story_id=STRING, client=CLIENT),
    answer=SENT,
)
INLINE_REPLY = Endpoint(
    "POST",
    MESSAGE_PATH + "/replies",
    "An inline reply",
    body=body(("text",), text=STRING, client=CLIENT),
    answer=SENT,
)
REACTION = Endpoint(
    "POST",
    MESSAGE_PATH + "/reaction",
    "React or unreact",
    body=body(
        ("reaction",),
        reaction=NULLABLE_STRING,
        emoji=STRING,
        client=CLIENT,
    ),
)
EDIT = Endpoint(
    "POST",
    MESSAGE_PATH + "/edit",
    "The user edits a message (no webhook on Instagram)",
    body=body(("text",), text=STRING, client=CLIENT),
)
READ = Endpoint("POST", USER_PATH + "/read", "The user reads the thread", body=body(client=CLIENT))
POSTBACK = Endpoint(
    "POST",
    USER_PATH + "/postbacks",
    "The user taps a postback (ice breaker, menu, Get Started)",
    body=body(("title", "payload"), title=STRING, payload=STRING, client=CLIENT),
    answer=SENT,
)
REFERRAL = Endpoint(
    "POST",
    USER_PATH + "/referrals",
    "The user follows an ig.me link or writes from an ad",
    body=body(
        ("text",),
        text=STRING,
        ref=STRING,
        ad_id=STRING,
        ad_title=STRING,
        client=CLIENT,
    ),
)
THREAD_OWNER = Endpoint(
    "POST",
    USER_PATH + "/thread/owner",
    "Another app takes the thread, or gives it back",
    body=body(("owner",), owner=STRING),
)
BUSINESS_REPLY = Endpoint(
    "POST",
    USER_PATH + "/business_replies",
    "The business answers from the Instagram app",
    body=body(("text",), text=STRING),
    answer=SENT,
)
BUSINESS_STORY = Endpoint(
    "POST",
    "/business/stories",
    "The business posts a story",
    body=body(("text",), text=STRING, background=STRING),
)
BULK = Endpoint(
    "POST",
    "/bulk",
    "N users x M messages, by seed",
    body=body(
        users=INTEGER,
        messages=INTEGER,
        seed=INTEGER,
        igsids={"type": "array", "items": STRING},
        scripts=STRING,
        order=STRING,
        client=CLIENT,
        template=STRING,
    ),
)

# the App Dashboard
USER_ROLE = Endpoint(
    "POST",
    USER_PATH + "/role",
    "App Roles: give or take a role",
    body=body(("role",), role=NULLABLE_STRING),
)
APP_MODE = Endpoint(
    "POST",
    "/app/mode",
    "Development or Live (Advanced Access)",
    body=body(("mode",), mode={"type": "string", "enum": ["development", "live"]}),
)
DASHBOARD_TEST = Endpoint(
    "POST", "/dashboard_test", "The App Dashboard's Test button", body=body(field=STRING)
)

# what Meta's side did
EVENTS = Endpoint(
    "GET",
    "/events",
    "Long-poll for events",
    query=("after", "timeout", "types", "limit"),
    answer=answer(("events", "last_seq"), events=ARRAY, last_seq=INTEGER),
)
DELIVERIES = Endpoint("GET", "/deliveries", "Webhook attempts (paged)", query=PAGING, answer=ARRAY)
REDELIVER = Endpoint("POST", "/deliveries/{delivery_id}/redeliver", "Meta's redelivery")
GRAPH_CALLS = Endpoint("GET", "/graph_calls", "Graph calls (paged)", query=PAGING, answer=ARRAY)
ALERTS = Endpoint("GET", "/alerts", "Webhooks Failing / Disabled", answer=ARRAY)

# failures on demand
FAULTS = Endpoint("GET", "/faults", "Faults in force", answer=FAULT_LIST)
ADD_FAULT = Endpoint(
    "POST",
    "/faults",
    "A fault on the callback",
    body=body(
        ("kind",),
        kind={"type": "string", "enum": ["latency", "status", "drop", "tls"]},
        value=NUMBER,
        count=INTEGER,
        for_s=NUMBER,
    ),
)
CLEAR_FAULTS = Endpoint("DELETE", "/faults", "Clear the faults", answer=FAULT_LIST)
GRAPH_FAULTS = Endpoint("GET", "/graph_faults", "Graph errors in force", answer=FAULT_LIST)
ADD_GRAPH_FAULT = Endpoint(
    "POST",
    "/graph_faults",
    "A documented Graph error, on demand",
    body=body(
        ("code",),
        code=INTEGER,
        subcode=INTEGER,
        calls={"type": "string", "enum": ["send", "any"]},
        count=INTEGER,
        for_s=NUMBER,
    ),
)
CLEAR_GRAPH_FAULTS = Endpoint(
    "DELETE", "/graph_faults", "Clear the Graph errors", answer=FAULT_LIST
)

ENDPOINTS: tuple[Endpoint, ...] = tuple(
    value for value in list(globals().values()) if isinstance(value, Endpoint)
)
