"""How the dispatcher POSTs a webhook: a ``Sender`` kept for the simulator's life.

``simulator.webhooks.keepalive_client.KeepAliveSender`` is the default (pooled keep-alive
connections; ``benchmarks/dispatcher_throughput.py``); ``HttpxSender`` wraps an injected
``httpx`` client, which is how tests put an in-process app behind the callback URL. Both answer
the status code, or raise ``SendError`` with the reason in words (refused, reset, TLS, timeout).
"""

from __future__ import annotations

import asyncio
import functools
import ssl
from typing import Protocol

import httpx


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()  # loads the CA bundle: once, not per client


def default_client() -> httpx.AsyncClient:
    """Meta's outgoing client for handshakes and media downloads (one TLS context shared)."""
    return httpx.AsyncClient(verify=_tls_context())


class SendError(Exception):
    """No answer: the reason is the message, as the deliveries log shows it."""


class Sender(Protocol):
    async def post(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
        """POST ``body``; the answer's status code (its body is read and dropped)."""
        ...

    async def aclose(self) -> None: ...


class HttpxSender:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def post(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
        try:
            response = await asyncio.wait_for(
                self._client.post(url, content=body, headers=headers), timeout
            )
        except TimeoutError:
            raise SendError(f"timeout: no response within {timeout:g} s") from None
        except Exception as exc:  # connection refused, or an in-process app raising
            raise SendError(f"{type(exc).__name__}: {exc}") from None
        return response.status_code

    async def aclose(self) -> None:
        await self._client.aclose()
