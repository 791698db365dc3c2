"""Errors as data: one exception carrying the HTTP status and the reason shown to the agent."""

from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

__all__ = ["ServiceError", "error_response", "exception_handlers"]

log = logging.getLogger("routing_service")


class ServiceError(Exception):
    """A 4xx/5xx answer ``{"error":{"reason":..., **extra}}``."""

    def __init__(self, status: int, reason: str, **extra: Any) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.extra = extra


def error_response(status: int, reason: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": {"reason": reason, **extra}}, status_code=status)


async def _service_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    return error_response(exc.status, exc.reason, **exc.extra)


async def _http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse(
        {"error": {"reason": str(exc.detail)}}, status_code=exc.status_code, headers=exc.headers
    )


async def _unexpected(request: Request, exc: Exception) -> Response:
    """Last resort: log it and answer JSON; the design aims never to get here."""
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal error")


exception_handlers: dict[Any, Any] = {
    ServiceError: _service_error,
    HTTPException: _http_error,
    Exception: _unexpected,
}
