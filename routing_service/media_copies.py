"""The deliberate break ``media_rehosted`` (``deliberate_breaks.py``): the service keeps its own
copy of each attachment and story and shows it from ``/media/<n>`` instead of Meta's CDN URL,
the mistake reviewers reject (rejection reason 2; chatwoot/chatwoot#8434, #7816). Only the
break uses it; copies live in memory, for as long as the process.
"""

from __future__ import annotations

from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

__all__ = ["MediaCopies", "routes"]

FETCH_TIMEOUT_S = 5.0


class MediaCopies:
    """Copies of attachments' media, by the number their ``/media/<n>`` URL names."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http
        self._items: dict[str, tuple[str, bytes]] = {}

    async def rehost(self, attachments: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each attachment with a URL, pointed at a copy fetched now."""
        kept = []
        for attachment in attachments:
            url = attachment.get("url")
            if not url:
                kept.append(attachment)
                continue
            key = str(len(self._items) + 1)
            self._items[key] = await self._fetch(url)
            kept.append({**attachment, "url": f"/media/{key}"})
        return kept

    async def _fetch(self, url: str) -> tuple[str, bytes]:
        try:
            answer = await self._http.get(url, timeout=FETCH_TIMEOUT_S)
        except httpx.HTTPError:
            return "application/octet-stream", b""
        return answer.headers.get("content-type", "application/octet-stream"), answer.content

    def get(self, key: str) -> tuple[str, bytes] | None:
        return self._items.get(key)


async def serve(request: Request) -> Response:
    copies: MediaCopies = request.app.state.media_copies
    item = copies.get(request.path_params["key"])
    if item is None:
        return PlainTextResponse("no such copy", status_code=404)
    return Response(item[1], media_type=item[0])


routes = [Route("/media/{key}", serve, methods=["GET"])]
