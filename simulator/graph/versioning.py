"""Rewrites a Graph path to the version that serves it, before routing (simulator/versions.py).

``/graph/me`` (unversioned) becomes ``/graph/<app default>/me`` and ``/graph/v20.0/me``
(expired) becomes ``/graph/<oldest live>/me``; the version asked for stays in
``scope["state"]["graph_requested_version"]`` for the call log. A version beyond the newest
passes unchanged, to be refused by the endpoint in Meta's shape.
"""

from __future__ import annotations

from typing import Any

from simulator.versions import looks_like_version, number

PREFIX = "/graph/"
Scope = dict[str, Any]


class GraphVersioning:
    """ASGI middleware over the whole simulator; only ``/graph/...`` paths are touched."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith(PREFIX):
            scope = self._rewritten(scope)
        await self.app(scope, receive, send)

    def _rewritten(self, scope: Scope) -> Scope:
        policy = scope["app"].state.sim.config.version_policy
        rest = scope["path"][len(PREFIX) :]
        first, _, tail = rest.partition("/")
        if not first:
            return scope  # "/graph/": no object, answered 100/33 by the router
        if looks_like_version(first):
            requested: str | None = first
            if number(first) > number(policy.newest):
                return _with_state(scope, requested)  # refused by the endpoint (803)
            path = (
                PREFIX + policy.serving(first) + (f"/{tail}" if tail or rest.endswith("/") else "")
            )
        else:
            requested = None
            path = f"{PREFIX}{policy.app_default}/{rest}"
        scope = dict(scope, path=path, raw_path=path.encode())
        return _with_state(scope, requested)


def _with_state(scope: Scope, requested: str | None) -> Scope:
    state = dict(scope.get("state") or {})
    state["graph_requested_version"] = requested
    return dict(scope, state=state)
