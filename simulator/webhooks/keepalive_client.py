"""A small HTTP/1.1 client for the dispatcher's POSTs: pooled keep-alive connections (plain or
TLS) on asyncio, responses parsed by ``httptools`` (uvicorn's parser).

Why not aiohttp or httpx: a webhook POST is the simulator's hottest path, and those clients
spend most of its time in their own generality (measured in ``benchmarks/
dispatcher_throughput.py``). This one does only what Meta's sender does: POST a body with its
headers, read the status and the whole answer, keep the connection when the server allows it,
follow no redirect. Plain HTTP and HTTPS (certificates verified) are supported; proxies are
not (Meta connects to the callback directly).
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import deque
from dataclasses import dataclass
from urllib.parse import urlsplit

import httptools

from simulator.webhooks.sender import SendError

IDLE_TTL_S = 2.0  # drop idle connections sooner than common servers' keep-alive (5 s)
MAX_ANSWER_BYTES = 1 << 20  # an app's answer beyond 1 MiB is read no further


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str
    port: int
    target: str  # the path and query sent in the request line

    @classmethod
    def of(cls, url: str) -> Origin:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SendError(f"InvalidURL: {url!r} is not an http(s) URL")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise SendError(f"InvalidURL: {exc}") from None
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return cls(parts.scheme, parts.hostname, port, target)

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"


class _Connection(asyncio.Protocol):
    """One keep-alive connection; one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.idle_since = time.monotonic()
        self._parser = httptools.HttpResponseParser(self)
        self._answer: asyncio.Future[int] | None = None
        self._size = 0
        self._complete = False

    # -- asyncio.Protocol --------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's are not subclasses

    def data_received(self, data: bytes) -> None:
        self._size += len(data)
        if self._answer is None or self._answer.done():
            self.close()  # bytes nobody asked for: the connection is not reusable
            return
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._fail("the server switched protocols")
        except httptools.HttpParserError as exc:
            self._fail(f"invalid HTTP answer ({exc})")
        if self._size > MAX_ANSWER_BYTES and not self._complete:
            self._fail("the answer is larger than 1 MiB")

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._answer is not None and not self._answer.done():
            reason = f"{type(exc).__name__}: {exc}" if exc else "the server closed the connection"
            self._answer.set_exception(SendError(f"ConnectionResetError: {reason}"))

    # -- httptools callbacks -------------------------------------------------------------------
    def on_message_complete(self) -> None:
        self._complete = True
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(self._parser.get_status_code())
        if not self._parser.should_keep_alive():
            self.close()

    # -- use -----------------------------------------------------------------------------------
    def _fail(self, reason: str) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_exception(SendError(f"ProtocolError: {reason}"))
        self.close()

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    @property
    def answered(self) -> bool:
        """Some bytes of an answer came back on this connection's last request."""
        return self._size > 0

    @property
    def reusable(self) -> bool:
        return (
            not self.closed
            and self.transport is not None
            and not self.transport.is_closing()
            and time.monotonic() - self.idle_since < IDLE_TTL_S
        )

    async def request(self, head: bytes, body: bytes) -> int:
        assert self.transport is not None
        self._answer = asyncio.get_running_loop().create_future()
        self._size, self._complete = 0, False
        self.transport.write(head + body)
        try:
            return await self._answer
        finally:
            self._answer = None
            self.idle_since = time.monotonic()


class KeepAliveSender:
    """The dispatcher's default sender (``simulator.webhooks.sender.Sender``)."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self._idle: dict[Origin, deque[_Connection]] = {}
        self._ssl = ssl_context
        self._open: set[_Connection] = set()

    async def _connect(self, origin: Origin) -> _Connection:
        loop = asyncio.get_running_loop()
        context = None
        if origin.scheme == "https":
            context = self._ssl or ssl.create_default_context()
        try:
            _, connection = await loop.create_connection(
                _Connection,
                origin.host,
                origin.port,
                ssl=context,
                server_hostname=origin.host if context else None,
            )
        except ssl.SSLError as exc:
            raise SendError(f"SSLError: {exc}") from None
        except OSError as exc:
            raise SendError(f"ConnectError: {exc.strerror or exc}") from None
        self._open.add(connection)
        return connection

    def _take(self, origin: Origin) -> _Connection | None:
        idle = self._idle.get(origin)
        while idle:
            connection = idle.pop()
            if connection.reusable:
                return connection
            connection.close()
            self._open.discard(connection)
        return None

    async def post(self, url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
        origin = Origin.of(url)
        lines = [f"POST {origin.target} HTTP/1.1", f"Host: {origin.host_header}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        reused = self._take(origin)
        try:
            return await self._send(origin, reused, head, body, timeout)
        except SendError:
            if reused is None or reused.answered:
                raise
        # a kept-alive connection the server had closed meanwhile, before any answer: once
        # more on a new connection (what browsers do for a stale keep-alive connection)
        return await self._send(origin, None, head, body, timeout)

    async def _send(
        self,
        origin: Origin,
        connection: _Connection | None,
        head: bytes,
        body: bytes,
        timeout: float,
    ) -> int:
        try:
            async with asyncio.timeout(timeout):
                if connection is None:
                    connection = await self._connect(origin)
                status = await connection.request(head, body)
        except BaseException as exc:
            if connection is not None:  # a late answer must not meet the next request
                connection.close()
                self._open.discard(connection)
            if isinstance(exc, TimeoutError):
                raise SendError(f"timeout: no response within {timeout:g} s") from None
            raise
        if connection.reusable:
            self._idle.setdefault(origin, deque()).append(connection)
        else:
            self._open.discard(connection)
        return status

    async def aclose(self) -> None:
        for connection in self._open:
            connection.close()
        self._open.clear()
        self._idle.clear()
