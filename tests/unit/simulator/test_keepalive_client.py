"""The dispatcher's HTTP/1.1 client against real sockets on 127.0.0.1: what a callback server
can answer (keep-alive or not, chunked, huge, nothing, late, over TLS) and what the delivery
log then says."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import ipaddress
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from simulator.webhooks import keepalive_client
from simulator.webhooks.keepalive_client import KeepAliveSender
from simulator.webhooks.sender import SendError

pytestmark = pytest.mark.anyio


@pytest.fixture(params=[False, True], ids=["asyncio", "uvloop"])
def anyio_backend(request: pytest.FixtureRequest) -> tuple[str, dict[str, bool]]:
    """Both event loops: uvicorn serves the simulator on uvloop when it is installed."""
    return "asyncio", {"use_uvloop": request.param}


ANSWER_S = 30.0  # a loopback test server answers at once; this only bounds a broken one
OK = b"HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\nEVENT_RECEIVED"
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


class Server:
    def __init__(self) -> None:
        self.connections = 0
        self.requests: list[bytes] = []
        self.stopping = asyncio.Event()  # set when the test ends: a hanging answer gives up
        self.handlers: set[asyncio.Task[None]] = set()


async def _read_request(reader: asyncio.StreamReader) -> bytes | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return head + await reader.readexactly(length)


async def _serve(
    answer: Callable[[Server, bytes], Awaitable[bytes | None]],
    ssl_context: ssl.SSLContext | None = None,
) -> AsyncIterator[tuple[Server, str]]:
    state = Server()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        state.connections += 1
        task = asyncio.current_task()
        assert task is not None
        state.handlers.add(task)
        try:
            while (request := await _read_request(reader)) is not None:
                state.requests.append(request)
                reply = await answer(state, request)
                if reply is None:
                    break
                writer.write(reply)
                await writer.drain()
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):  # the client may have reset it
                await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=ssl_context)
    port = server.sockets[0].getsockname()[1]
    scheme = "https" if ssl_context else "http"
    async with server:
        yield state, f"{scheme}://127.0.0.1:{port}/webhook?x=1"
        state.stopping.set()  # every connection's handler ends and closes its writer
        await asyncio.wait_for(asyncio.gather(*state.handlers, return_exceptions=True), timeout=5)
        server.close()


def serving(answer: Callable[[Server, bytes], Awaitable[bytes | None]]) -> Callable[..., object]:
    @pytest.fixture
    async def fixture() -> AsyncIterator[tuple[Server, str]]:
        async for found in _serve(answer):
            yield found

    return fixture


async def _ok(state: Server, request: bytes) -> bytes:
    return OK


async def _close_each(state: Server, request: bytes) -> bytes:
    return b"HTTP/1.1 201 Created\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"


async def _chunked(state: Server, request: bytes) -> bytes:
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    return head + b"5\r\nEVENT\r\n9\r\n_RECEIVED\r\n0\r\n\r\n"


async def _huge(state: Server, request: bytes) -> bytes:
    body = b"x" * (2 << 20)
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body


async def _hang(state: Server, request: bytes) -> bytes | None:
    await state.stopping.wait()  # no answer until the test is over
    return None


async def _stale_after_first(state: Server, request: bytes) -> bytes | None:
    """Answers, then drops the kept-alive connection when the next request arrives."""
    return OK if len(state.requests) != 2 else None


ok_server = serving(_ok)
close_server = serving(_close_each)
chunked_server = serving(_chunked)
huge_server = serving(_huge)
hanging_server = serving(_hang)
stale_server = serving(_stale_after_first)


async def test_posts_reuse_one_kept_alive_connection(
    ok_server: tuple[Server, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    state, url = ok_server
    monkeypatch.setattr(keepalive_client, "IDLE_TTL_S", 3600.0)  # a slow machine's pauses
    # between posts must not make the connection look idle
    sender = KeepAliveSender()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": "sha256=ab"}
    for n in range(3):
        assert await sender.post(url, b'{"n":%d}' % n, headers, ANSWER_S) == 200
    await sender.aclose()
    assert state.connections == 1
    first = state.requests[0]
    assert first.startswith(b"POST /webhook?x=1 HTTP/1.1\r\n")
    assert b"Host: 127.0.0.1:" in first and b"Content-Length: 7\r\n" in first
    assert b"X-Hub-Signature-256: sha256=ab\r\n" in first and first.endswith(b'{"n":0}')


async def test_connection_close_is_honoured_and_any_status_is_reported(
    close_server: tuple[Server, str],
) -> None:
    state, url = close_server
    sender = KeepAliveSender()
    assert [await sender.post(url, b"{}", {}, ANSWER_S) for _ in range(2)] == [201, 201]
    assert state.connections == 2
    await sender.aclose()


async def test_a_chunked_answer_is_read_whole(chunked_server: tuple[Server, str]) -> None:
    _, url = chunked_server
    sender = KeepAliveSender()
    assert await sender.post(url, b"{}", {}, ANSWER_S) == 200
    assert await sender.post(url, b"{}", {}, ANSWER_S) == 200
    await sender.aclose()


async def test_an_answer_over_a_mebibyte_is_refused(huge_server: tuple[Server, str]) -> None:
    _, url = huge_server
    with pytest.raises(SendError, match="larger than 1 MiB"):
        await KeepAliveSender().post(url, b"{}", {}, ANSWER_S)


async def test_no_answer_in_time_is_a_timeout_and_the_connection_is_dropped(
    hanging_server: tuple[Server, str],
) -> None:
    state, url = hanging_server
    sender = KeepAliveSender()
    with pytest.raises(SendError, match=r"^timeout: no response within 0.2 s$"):
        await sender.post(url, b"{}", {}, 0.2)
    with pytest.raises(SendError, match="timeout"):
        await sender.post(url, b"{}", {}, 0.2)
    assert state.connections == 2  # never a late answer on a reused connection
    await sender.aclose()


async def test_a_stale_kept_alive_connection_is_retried_once_on_a_new_one(
    stale_server: tuple[Server, str],
) -> None:
    state, url = stale_server
    sender = KeepAliveSender()
    assert await sender.post(url, b"{}", {}, ANSWER_S) == 200
    assert await sender.post(url, b"{}", {}, ANSWER_S) == 200
    assert state.connections == 2
    await sender.aclose()


async def test_refused_connections_and_bad_urls_say_why() -> None:
    sender = KeepAliveSender()
    with pytest.raises(SendError, match=r"^ConnectError: "):
        await sender.post("http://127.0.0.1:9/webhook", b"{}", {}, ANSWER_S)
    with pytest.raises(SendError, match=r"^InvalidURL: "):
        await sender.post("ftp://127.0.0.1/webhook", b"{}", {}, ANSWER_S)


def _certificate(tmp: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


async def test_https_callbacks_are_verified(tmp_path: Path) -> None:
    cert, key = _certificate(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    async for _, url in _serve(_ok, server_context):
        with pytest.raises(SendError, match=r"^SSLError: "):  # a self-signed certificate
            await KeepAliveSender().post(url, b"{}", {}, ANSWER_S)
        trusting = ssl.create_default_context(cafile=str(cert))
        sender = KeepAliveSender(trusting)
        assert await sender.post(url, b"{}", {}, ANSWER_S) == 200
        await sender.aclose()
