"""The JSON the control API (``/_sim``) answers, as types: what a test reads back from Meta's
side (``simulator/contract/control.py`` has the routes)."""

from __future__ import annotations

from typing import Any, TypedDict

__all__ = ["Alert", "Delivery", "Event", "Events", "GraphCall", "Queue", "Sent", "State", "User"]


# -- the shapes -------------------------------------------------------------------------------
class User(TypedDict):
    """A simulated Instagram user (``POST /users``, ``GET /state``'s ``users``)."""

    igsid: str
    username: str
    name: str
    password: str
    role: str | None  # "admin" | "developer" | "tester" | None (no role on the app)
    profile_pic: str
    thread_id: str


class Sent(TypedDict, total=False):
    """What a user's action answers: the new message's ``mid`` and Meta's ``timestamp``."""

    mid: str
    timestamp: int
    attachments: list[dict[str, Any]]


class Delivery(TypedDict):
    """One webhook attempt Meta made (or did not: ``outcome`` ``not_delivered``)."""

    id: str
    event_mids: list[str]
    body: str  # the exact bytes POSTed (signed), as text
    headers: dict[str, str]
    status: int | None  # the app's HTTP answer; None: no answer (timeout, refused, not sent)
    attempt: int  # 1 the first POST, 2.. Meta's retries; 0 not sent
    error: str | None
    at: int  # Meta's clock, ms
    url: str | None
    outcome: str  # "delivered" | "failed" | "not_delivered"


class GraphCall(TypedDict):
    """One Graph API call the app made, as the simulator logged it."""

    method: str
    path: str
    query: str
    status: int
    error_code: int | None
    error_subcode: int | None
    at: int
    requested_version: str | None  # None: an unversioned call
    recipient_id: str | None  # the Send API's, else None
    messaging_type: str | None
    tag: str | None


class Event(TypedDict):
    seq: int
    type: str
    data: dict[str, Any]


class Events(TypedDict):
    """``GET /events``: the events after ``after`` and where to resume."""

    events: list[Event]
    last_seq: int


class Queue(TypedDict):
    """``GET /queue``: what Meta's side still has to send; ``idle`` once nothing is queued,
    in flight or waiting for a retry."""

    queued: int  # events waiting for a free worker
    in_flight: int  # POSTs sent, not yet answered
    scheduled: int  # retries waiting for their time on Meta's clock
    accepted: int  # events taken since the start (never goes down)
    idle: bool


class Alert(TypedDict):
    """Meta's alert to the developer: "Webhooks Failing" (15 min), "Webhooks Disabled" (1 h)."""

    kind: str  # "webhooks_failing" | "webhooks_disabled"
    url: str
    reason: str
    at: int  # Meta's clock, ms


class State(TypedDict):
    """``GET /state``: the simulated world (the app, the business account, the users)."""

    app: dict[str, Any]  # id, secret, app_token, mode
    business: dict[str, Any]  # ig_id, username, name, access_token, subscribed_fields, ...
    subscription: dict[str, Any] | None  # the app's webhook subscription, once saved
    graph_base_url: str
    graph_version: str
    now_ms: int  # Meta's clock
    seed: int
    last_seq: int
    users: list[User]
    posts: list[dict[str, Any]]
    stories: list[dict[str, Any]]
