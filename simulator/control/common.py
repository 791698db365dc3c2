"""What every `/_sim` handler shares: the error shape, the endpoint wrapper and the readers of
a request's body, path and query (bad input is a 4xx ``{"error":{"reason"}}``, never a 500)."""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from simulator.contract.control import Endpoint
from simulator.inputs import BadInput, BodyTooLarge, loads, read_body

if TYPE_CHECKING:
    from simulator.service import Simulator

__all__ = [
    "ControlError", "Handler", "body_of", "call", "endpoint", "error", "number", "route",
    "string", "user_of",
]  # fmt: skip

log = logging.getLogger("simulator.control")


class ControlError(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def error(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"error": {"reason": reason}}, status_code=status)


Handler = Callable[[Request, "Simulator"], Awaitable[Any]]


def endpoint(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    @functools.wraps(handler)
    async def wrapped(request: Request) -> Response:
        sim = request.app.state.sim
        try:
            result = await handler(request, sim)
            return result if isinstance(result, Response) else JSONResponse(result)
        except ControlError as exc:
            return error(exc.status, exc.reason)
        except Exception:
            log.exception("control API failed: %s %s", request.method, request.url.path)
            return error(500, "internal simulator error (see the simulator log)")

    return wrapped


async def body_of(request: Request) -> dict[str, Any]:
    try:
        raw = await read_body(request)
        body = loads(raw) if raw.strip() else {}
    except BadInput as exc:
        status = 413 if isinstance(exc, BodyTooLarge) else 400
        raise ControlError(status, f"body is not usable: {exc}") from exc
    if not isinstance(body, dict):
        raise ControlError(400, "body must be a JSON object")
    return body


def string(
    body: dict[str, Any], key: str, *, default: str | None = None, required: bool = False
) -> Any:
    value = body.get(key, default)
    if value is None and required:
        raise ControlError(400, f"'{key}' is required")
    if value is not None and not isinstance(value, str):
        raise ControlError(400, f"'{key}' must be a string")
    return value


def user_of(request: Request, sim: Simulator) -> Any:
    igsid = request.path_params["igsid"]
    try:
        return sim.user(igsid)
    except KeyError:
        raise ControlError(404, f"no user with igsid {igsid}") from None


def call(fn: Callable[[], Any], missing_status: int = 404) -> Any:
    try:
        return fn()
    except KeyError as exc:
        raise ControlError(missing_status, str(exc.args[0]) if exc.args else "not found") from exc
    except ValueError as exc:
        raise ControlError(400, str(exc)) from exc


def number(request: Request, name: str, default: float) -> float:
    raw = request.query_params.get(name)
    try:
        value = default if raw is None else float(raw)
    except ValueError:
        raise ControlError(400, f"'{name}' must be a number") from None
    if not math.isfinite(value) or value < 0:
        raise ControlError(400, f"'{name}' must be a finite, non-negative number")
    return value


def route(handler: Callable[[Request], Awaitable[Response]], *endpoints: Endpoint) -> Route:
    """The route serving ``endpoints`` (one path, one method each) with ``handler``."""
    templates = {e.template for e in endpoints}
    if len(templates) != 1:
        raise ValueError(f"one route serves one path, not {sorted(templates)}")
    return Route(templates.pop(), handler, methods=[e.method for e in endpoints])
