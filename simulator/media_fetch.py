"""Meta downloads a message's media before it sends it [MPERR]: unreachable, refused, of the
wrong type or too large answers Meta's error (``backend/messaging.check_fetched``). The
simulator's own CDN answers in-process; any other URL goes out through the HTTP client (the
system under test's media, or a host that may well be unreachable)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from simulator.backend.messaging import SIZE_LIMITS, check_fetched

__all__ = ["fetch_as_meta"]


async def fetch_as_meta(
    kind: str,
    url: str,
    *,
    public_url: str,
    own_app: Any,
    client_factory: Callable[[], httpx.AsyncClient],
    timeout_s: float,
) -> None:
    """Fetch ``url`` (at most the size limit of ``kind``); Meta's error when it fails."""
    limit = SIZE_LIMITS[kind]
    own = url.startswith(public_url + "/")
    client = (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=own_app))
        if own and own_app is not None
        else client_factory()
    )
    status, content_type, size = None, "", 0
    try:
        async with client, client.stream("GET", url, timeout=timeout_s) as got:
            status, content_type = got.status_code, got.headers.get("content-type", "")
            async for chunk in got.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    break
    except (httpx.HTTPError, OSError, ValueError):
        status = None
    check_fetched(kind, url, status, content_type, size)
