"""What every Graph handler shares: version check, parameters, error rendering, call log."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from simulator.backend import graph_faults as graph_fault_rules
from simulator.errors import GraphError, InvalidParameter, UnknownError, render
from simulator.inputs import BadInput, check_unicode, loads, read_body
from simulator.state.models import GraphCall

if TYPE_CHECKING:
    from simulator.service import Simulator

log = logging.getLogger(__name__)
Handler = Callable[[Request, "Simulator"], Awaitable[Response | dict[str, Any]]]
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class GraphJSON(JSONResponse):
    """Starlette's JSON rendering (compact, UTF-8, no NaN) with one encoder for every call."""

    _encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    def render(self, content: Any) -> bytes:
        return self._encoder.encode(content).encode("utf-8")


def sim_of(request: Request) -> Simulator:
    return request.app.state.sim


def serving_version(sim: Simulator, request: Request) -> str:
    """The version that serves this call (simulator/versions.py; expired and unversioned calls
    were rewritten by ``graph.versioning`` before routing)."""
    return sim.config.version_policy.serving(request.path_params.get("version"))


async def params(request: Request) -> dict[str, str]:
    """Query parameters, overridden by form fields (Meta accepts either) [SUBS]."""
    merged = dict(request.query_params)
    if request.headers.get("content-type", "").startswith(FORM_TYPES):
        try:
            form = await request.form()
        except HTTPException as exc:  # Starlette's 400 for a malformed multipart body
            raise InvalidParameter(f"Invalid form body: {exc.detail}") from exc
        merged |= {k: v for k, v in form.items() if isinstance(v, str)}
    return merged


async def json_body(request: Request) -> dict[str, Any]:
    """A JSON object body, or the form/query fields with JSON-encoded values decoded (parsed
    once per request: the token check and the handler both read it)."""
    cached = request.scope.get(_PARSED)
    if cached is None:
        cached = request.scope[_PARSED] = await _parse_body(request)
    return cached


_PARSED = "simulator.json_body"


async def _parse_body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = loads(await request.body() or b"{}")
        except BadInput as exc:
            raise InvalidParameter(f"Invalid JSON in the request body: {exc}") from exc
        if not isinstance(body, dict):
            raise InvalidParameter("The request body must be a JSON object")
        return body
    decoded: dict[str, Any] = {}
    for key, value in (await params(request)).items():
        try:
            decoded[key] = loads(value) if value.startswith(("{", "[")) else value
        except BadInput:
            decoded[key] = value
    try:
        check_unicode(decoded)
    except BadInput as exc:
        raise InvalidParameter(str(exc)) from exc
    return decoded


def error_response(sim: Simulator, error: GraphError) -> Response:
    return render(error, sim.store.ids.fbtrace_id())


def record(
    sim: Simulator, request: Request, response: Response, error: GraphError | None, now: int
) -> None:
    scope = request.scope  # the path and query as asked (request.url would build a URL)
    sim.record_graph_call(
        GraphCall(
            method=request.method,
            path=scope["path"],
            query=scope["query_string"].decode("latin-1"),
            status=response.status_code,
            error_code=error.code if error else None,
            error_subcode=error.subcode if error else None,
            at=now,
            requested_version=(request.scope.get("state") or {}).get(
                "graph_requested_version", request.path_params.get("version")
            ),
            **_send_fields(request),
        )
    )


def _call_kind(request: Request) -> str:
    """``send`` for the Send API, ``other`` for every other Graph call."""
    sending = request.method == "POST" and request.scope["path"].endswith("/messages")
    return "send" if sending else "other"


def _send_fields(request: Request) -> dict[str, str | None]:
    """What a Send API call asked for, for the call log: recipient, ``messaging_type``, tag."""
    body = request.scope.get(_PARSED)
    if not isinstance(body, dict) or not request.scope["path"].endswith("/messages"):
        return {}
    recipient = body.get("recipient")
    fields = {
        "recipient_id": recipient.get("id") if isinstance(recipient, dict) else None,
        "messaging_type": body.get("messaging_type"),
        "tag": body.get("tag"),
    }
    return {k: str(v) if v is not None else None for k, v in fields.items()}


def graph_endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Wraps a handler: checks the version, renders GraphErrors, never lets a bare 500 out."""

    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        sim = sim_of(request)
        error: GraphError | None = None
        served: str | None = None
        try:
            served = serving_version(sim, request)
            try:
                await read_body(request)
            except BadInput as exc:
                raise InvalidParameter(f"Invalid request: {exc}") from exc
            kind = _call_kind(request)
            if kind == "send":
                await json_body(request)  # the call log names the send's tag, refused or not
            fault = sim.store.graph_faults.take(kind, sim.clock.now_ms())
            if fault is not None:  # /_sim/graph_faults: an error Meta documents, on demand
                raise graph_fault_rules.error_of(fault)
            result = await handler(request, sim)
            response = result if isinstance(result, Response) else GraphJSON(result)
        except GraphError as exc:
            error = exc
        except Exception:
            log.exception("Graph handler failed: %s %s", request.method, request.url.path)
            error = UnknownError()
        if error is not None:
            response = error_response(sim, error)
        if served is not None:
            response.headers["facebook-api-version"] = served
        now = sim.clock.now_ms()
        sim.rate_limits.count(now)
        response.headers.update(sim.rate_limits.headers(sim.business.ig_id, now))
        record(sim, request, response, error, now)
        return response

    return endpoint
