"""Cross-site request refusal and security headers, as ASGI middleware around every route.

A state-changing request (POST, PUT, PATCH, DELETE) is refused with 403 when a browser says it
comes from another site or origin: ``Sec-Fetch-Site`` ``cross-site`` or ``same-site`` (a
sibling subdomain), or an ``Origin`` other than the console's own (``public_url``, else the
request's ``Host``). ``/api/`` calls must also be JSON (415 otherwise): an HTML form cannot
send ``application/json``, and a script of another origin cannot either without a CORS
preflight, which is never granted. The two forms (login, logout) carry a token (``ui.py``).
Meta's webhook is exempt: it is not a browser, and its signature is checked.

Every answer carries a CSP without inline script or style, ``frame-ancestors 'none'``,
``nosniff`` and ``Referrer-Policy``. Images and video may come from Meta's CDN (any https
origin, and the Graph base URL's own origin, where the simulator serves it).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SecurityMiddleware", "content_security_policy"]

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
EXEMPT_PREFIXES = ("/webhooks/",)


def content_security_policy(graph_base_url: str) -> str:
    parts = urlsplit(graph_base_url)
    cdn = f"{parts.scheme}://{parts.netloc}" if parts.scheme == "http" and parts.netloc else ""
    media = " ".join(filter(None, ("'self'", "https:", "data:", "blob:", cdn)))
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        f"img-src {media}; media-src {media}; font-src 'self'; manifest-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, *, public_url: str, graph_base_url: str) -> None:
        self.app = app
        self.own_origin = public_url.rstrip("/").lower()
        self.headers = [
            (b"content-security-policy", content_security_policy(graph_base_url).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            status, reason = refusal
            await self._answer(send, status, reason)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                present = {name.lower() for name, _ in message["headers"]}
                message["headers"] += [h for h in self.headers if h[0] not in present]
            await send(message)

        await self.app(scope, receive, with_headers)

    def _refusal(self, scope: Scope) -> tuple[int, str] | None:
        path: str = scope["path"]
        if scope["method"] not in UNSAFE or path.startswith(EXEMPT_PREFIXES):
            return None
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        site = headers.get("sec-fetch-site", "").lower()
        if site in ("cross-site", "same-site"):
            return 403, f"a {site} request cannot change anything here"
        origin = headers.get("origin")
        if origin is not None and not self._own(origin, headers):
            return 403, f"requests from {origin[:100]} cannot change anything here"
        if path.startswith("/api/"):
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            if kind != "application/json":
                return 415, "the API takes application/json only"
        return None

    def _own(self, origin: str, headers: dict[str, str]) -> bool:
        """``public_url`` when set; else the Host header (by host and port: behind a TLS
        proxy the scheme the app sees is not the browser's)."""
        origin = origin.rstrip("/").lower()
        if self.own_origin:
            return origin == self.own_origin
        host = headers.get("host", "").lower()
        return bool(host) and urlsplit(origin).netloc == host

    @staticmethod
    async def _answer(send: Send, status: int, reason: str) -> None:
        body = json.dumps({"error": {"reason": reason}}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})
