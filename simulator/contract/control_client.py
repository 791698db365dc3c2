"""One small client of the control API (``/_sim``) for everyone outside the simulator: the
harness's fixtures and drivers, ``load/`` and ``benchmarks/``. Each method is one route of
the contract (``simulator/contract/control.py``) and answers its typed shape; a refusal raises
``ControlRefused`` with the simulator's reason. ``call`` gives the raw answer to a caller that
reads refusals itself.

It speaks through any synchronous HTTP client with ``request(method, url, **kwargs)`` and
httpx's answer (``httpx.Client``, the harness's ``SocketHttp`` and ``PortalHttp``), whose
base URL is the simulator's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, cast

import httpx

from simulator.contract import control as api
from simulator.contract.control_shapes import (
    Alert,
    Delivery,
    Events,
    GraphCall,
    Queue,
    Sent,
    State,
    User,
)

__all__ = ["Control", "ControlRefused"]


class Http(Protocol):
    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response: ...


class ControlRefused(RuntimeError):
    """The control API answered 4xx/5xx: ``status`` and the simulator's ``reason``."""

    def __init__(self, endpoint: api.Endpoint, status: int, reason: str) -> None:
        super().__init__(f"{endpoint.method} {api.PREFIX}{endpoint.template}: {status} {reason}")
        self.endpoint, self.status, self.reason = endpoint, status, reason


class Control:
    """The control API through ``http`` (see the module's doc)."""

    def __init__(self, http: Http) -> None:
        self.http = http

    # -- any route ------------------------------------------------------------------------
    def call(
        self,
        endpoint: api.Endpoint,
        *,
        json: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        **path: str,
    ) -> httpx.Response:
        """The raw answer of one route (no status check)."""
        kwargs: dict[str, Any] = {}
        if json is not None:
            kwargs["json"] = json
        if params is not None:
            kwargs["params"] = params
        return self.http.request(endpoint.method, endpoint.path(**path), **kwargs)

    def ok(
        self,
        endpoint: api.Endpoint,
        *,
        json: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        **path: str,
    ) -> Any:
        """The JSON of a 2xx answer; ``ControlRefused`` otherwise."""
        answer = self.call(endpoint, json=json, params=params, **path)
        if answer.status_code >= 400:
            raise ControlRefused(endpoint, answer.status_code, reason_of(answer))
        return answer.json()

    # -- the simulator --------------------------------------------------------------------
    def state(self) -> State:
        return cast(State, self.ok(api.STATE))

    def now_ms(self) -> int:
        """Meta's clock."""
        return self.state()["now_ms"]

    def reset(self, seed: int | None = None) -> dict[str, Any]:
        return self.ok(api.RESET, json={} if seed is None else {"seed": seed})

    def advance_clock(self, seconds: float) -> int:
        """Move Meta's clock on; answers the new ``now_ms``."""
        return int(self.ok(api.CLOCK_ADVANCE, json={"seconds": seconds})["now_ms"])

    def queue(self) -> Queue:
        return cast(Queue, self.ok(api.QUEUE))

    # -- users ----------------------------------------------------------------------------
    def create_user(self, role: str | None = "tester", **fields: str) -> User:
        return cast(User, self.ok(api.CREATE_USER, json={"role": role, **fields}))

    def send_text(self, igsid: str, text: str, client: str = "web", **fields: Any) -> Sent:
        body = {"text": text, "client": client, **fields}
        return cast(Sent, self.ok(api.SEND_TEXT, json=body, igsid=igsid))

    def post_story(self, igsid: str, text: str, client: str = "web") -> dict[str, Any]:
        return self.ok(api.POST_STORY, json={"text": text, "client": client}, igsid=igsid)

    def unsend(self, igsid: str, mid: str, client: str = "app") -> dict[str, Any]:
        return self.ok(api.UNSEND, json={"client": client}, igsid=igsid, mid=mid)

    def follow(self, igsid: str, following: bool = True) -> dict[str, Any]:
        """The user follows the business (``following=False``: stops following it)."""
        return self.ok(api.FOLLOW, json={"following": following}, igsid=igsid)

    def thread(self, igsid: str) -> dict[str, Any]:
        """The user's thread: ``thread_id`` and its ``messages``, oldest first, as the user
        sees them (``direction`` ``out`` the user's own)."""
        return dict(self.ok(api.THREAD, igsid=igsid))

    def react(self, igsid: str, mid: str, reaction: str | None, **fields: Any) -> dict[str, Any]:
        body = {"reaction": reaction, **fields}
        return self.ok(api.REACTION, json=body, igsid=igsid, mid=mid)

    def set_role(self, igsid: str, role: str | None) -> dict[str, Any]:
        return self.ok(api.USER_ROLE, json={"role": role}, igsid=igsid)

    def set_app_mode(self, mode: str) -> dict[str, Any]:
        return self.ok(api.APP_MODE, json={"mode": mode})

    # -- what Meta's side did ---------------------------------------------------------------
    def events(
        self,
        after: int = 0,
        timeout: float = 0,
        types: Iterable[str] = (),
        limit: int | None = None,
    ) -> Events:
        params: dict[str, Any] = {"after": after, "timeout": timeout}
        if types:
            params["types"] = ",".join(types)
        if limit is not None:
            params["limit"] = limit
        return cast(Events, self.ok(api.EVENTS, params=params))

    def deliveries(self, **paging: int) -> list[Delivery]:
        """Webhook attempts, oldest first (``after``, ``last``, ``limit``: a page)."""
        return cast(list[Delivery], self.ok(api.DELIVERIES, params=paging or None))

    def redeliver(self, delivery_id: str) -> Delivery:
        return cast(Delivery, self.ok(api.REDELIVER, delivery_id=delivery_id))

    def graph_calls(self, **paging: int) -> list[GraphCall]:
        return cast(list[GraphCall], self.ok(api.GRAPH_CALLS, params=paging or None))

    def alerts(self) -> list[Alert]:
        return cast(list[Alert], self.ok(api.ALERTS))

    # -- failures on demand -----------------------------------------------------------------
    def add_fault(self, kind: str, **fields: Any) -> dict[str, Any]:
        return self.ok(api.ADD_FAULT, json={"kind": kind, **fields})

    def clear_faults(self) -> None:
        self.ok(api.CLEAR_FAULTS)

    def add_graph_fault(self, code: int, **fields: Any) -> dict[str, Any]:
        return self.ok(api.ADD_GRAPH_FAULT, json={"code": code, **fields})


def reason_of(answer: httpx.Response) -> str:
    """The control API's ``{"error": {"reason"}}``, else the start of the body."""
    try:
        return str(answer.json()["error"]["reason"])
    except (ValueError, KeyError, TypeError):
        return answer.text[:200]
