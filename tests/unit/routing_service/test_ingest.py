"""Ingest that never blocks Meta (issue 8, item 1): the 200 comes once the verified body is
stored, the events are handled after it by a worker, a slow Graph holds back neither the
answer nor other senders, a restart resumes what was stored, and bodies are capped before
they are read whole (attacks: a 100 MB body, a storage failure)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from routing_service.meta_clock import MetaClock
from routing_service.store import Store
from tests.unit.routing_service.conftest import (
    IG_ID,
    Service,
    ServiceFactory,
    envelope,
    sign,
    text_event,
)

pytestmark = pytest.mark.anyio


async def _wait(predicate: object, what: str, timeout: float = 5.0) -> None:
    """Wait until ``predicate()`` holds, yielding to the service between looks (bounded)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():  # type: ignore[operator]
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.005)


async def test_the_answer_does_not_wait_for_a_slow_graph(agent: Service) -> None:
    agent.graph.profile_gate = asyncio.Event()  # every profile read hangs until released
    response = await agent.webhook(envelope(text_event("111", "m1", "hi")), wait=False)
    assert response.status_code == 200 and response.json()["stored"] == 1
    await _wait(lambda: agent.graph.profiles_waiting == 1, "the profile read")
    assert await agent.conversations() == []  # not handled yet: the answer came first
    agent.graph.profile_gate.set()
    assert await agent.ingest.settled()
    [conversation] = await agent.conversations()
    assert conversation["contact_name"] == "Ana Souza"


async def test_thirty_new_senders_are_all_answered_and_handled_side_by_side(
    agent: Service,
) -> None:
    agent.graph.profile_gate = asyncio.Event()
    body = envelope(*(text_event(str(1000 + i), f"m{i}", f"hello {i}") for i in range(30)))
    response = await agent.webhook(body, wait=False)
    assert response.status_code == 200 and response.json()["received"] == 30
    for i in range(30):  # and more bodies while the Graph is stuck: all answered at once
        single = envelope(text_event(str(2000 + i), f"n{i}", "hi"))
        assert (await agent.webhook(single, wait=False)).status_code == 200
    # senders are handled concurrently (16 at a time), not one profile read after another
    await _wait(lambda: agent.graph.profiles_waiting == 16, "16 profile reads at once")
    agent.graph.profile_gate.set()
    assert await agent.ingest.settled()
    assert len(agent.router.store.webhook_events()) == 31
    assert agent.router.store.pending_webhook_count() == 0
    conversations = await agent.conversations()
    assert len(conversations) == 8  # the agent's positions; the rest wait in the queue
    assert agent.router.store.next_queued() is not None


async def test_one_senders_events_keep_their_order(agent: Service) -> None:
    agent.graph.profile_gate = asyncio.Event()
    for i in range(5):
        event = text_event("111", f"m{i}", f"part {i}", ts=1_718_000_000_000 + i)
        assert (await agent.webhook(envelope(event), wait=False)).status_code == 200
    agent.graph.profile_gate.set()
    assert await agent.ingest.settled()
    events, _ = await agent.router.bus.wait_after(0, 0)
    created = [e for e in events if e.type == "conversation.created"]
    added = [e.data["message"]["mid"] for e in events if e.type == "message.created"]
    assert len(created) == 1 and added == ["m1", "m2", "m3", "m4"]


@pytest.fixture
def database(tmp_path: Path) -> str:
    return str(tmp_path / "routing.sqlite3")


async def test_a_restart_handles_what_was_stored_and_assigns_its_conversation(
    make_service: ServiceFactory, database: str
) -> None:
    async with make_service(database=database) as first:
        await first.login()
        await first.set_status("operating")
        first.graph.profile_gate = asyncio.Event()  # never released: the process "dies"
        for i in range(5):
            event = text_event(str(100 + i), f"m{i}", f"before the crash {i}")
            assert (await first.webhook(envelope(event), wait=False)).status_code == 200
        await _wait(lambda: first.graph.profiles_waiting == 5, "the stuck profile reads")
        assert first.router.store.pending_webhook_count() == 5
    first.graph.profile_gate = None
    async with make_service(database=database) as second:
        assert await second.ingest.caught_up(5)
        assert await second.ingest.settled()
        assert second.router.store.pending_webhook_count() == 0
        await second.login()
        conversations = await second.conversations()  # still Operating: assigned at start
        assert sorted(c["messages"][0]["text"] for c in conversations) == [
            f"before the crash {i}" for i in range(5)
        ]


async def test_bodies_stored_by_an_older_version_are_not_handled_twice(database: str) -> None:
    db = sqlite3.connect(database)
    db.executescript(
        "CREATE TABLE webhook_events (id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL,"
        " signature TEXT, body TEXT NOT NULL);"
        "INSERT INTO webhook_events (received_at, signature, body) VALUES (5, 'sha256=x', '{}');"
    )
    db.close()
    store = Store(database)
    try:
        assert store.pending_webhook_count() == 0
        [row] = store.webhook_events()
        assert (row["processed_at"], row["body"]) == (5, "{}")
    finally:
        store.close()


async def test_a_storage_failure_is_a_503_so_meta_sends_it_again(
    agent: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_args: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(agent.router.store, "add_webhook_event", disk_full)
    response = await agent.webhook(envelope(text_event("111", "m1", "hi")), wait=False)
    assert response.status_code == 503
    assert "send it again" in response.json()["error"]["reason"]
    monkeypatch.undo()
    assert (await agent.webhook(envelope(text_event("111", "m1", "hi")))).status_code == 200
    assert len(await agent.conversations()) == 1


async def test_a_declared_body_over_the_cap_is_refused_unread(
    make_service: ServiceFactory,
) -> None:
    async with make_service(max_webhook_bytes=1024) as service:
        headers = {"X-Hub-Signature-256": "sha256=" + "0" * 64, "Content-Length": str(10**8)}
        pulled = 0

        async def body() -> AsyncIterator[bytes]:
            nonlocal pulled
            for _ in range(100):
                pulled += 1
                yield b"x" * 1_000_000

        response = await service.client.post("/webhooks/instagram", content=body(), headers=headers)
        assert response.status_code == 413 and "over 1024 bytes" in response.text
        assert pulled <= 1
        assert service.router.store.webhook_events() == []


async def test_a_100_mb_streamed_body_is_cut_off_at_the_cap_with_flat_memory(
    make_service: ServiceFactory,
) -> None:
    """The attack of the issue: unsigned 100 MB bodies were read whole (RSS 94 -> 457 MB with
    four at once). Streamed without Content-Length, each is refused at the cap."""
    async with make_service(max_webhook_bytes=256 * 1024) as service:
        pulled = [0, 0, 0, 0]

        def body(n: int) -> AsyncIterator[bytes]:
            async def chunks() -> AsyncIterator[bytes]:
                for _ in range(1600):  # 100 MB in 64 KiB chunks
                    pulled[n] += 1
                    yield b"{" * 65536

            return chunks()

        headers = {"X-Hub-Signature-256": "sha256=" + "0" * 64}
        tracemalloc.start()
        try:
            answers = await asyncio.gather(
                *(
                    service.client.post("/webhooks/instagram", content=body(n), headers=headers)
                    for n in range(4)
                )
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert [a.status_code for a in answers] == [413] * 4
        assert max(pulled) <= 6  # 256 KiB is 4 chunks: the rest was never read
        assert peak < 8 * 1024 * 1024, f"peak {peak} bytes for four 100 MB bodies"


async def test_without_a_signature_header_the_body_is_not_read(service: Service) -> None:
    pulled = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal pulled
        for _ in range(10):
            pulled += 1
            yield b"{}"

    response = await service.client.post("/webhooks/instagram", content=body())
    assert response.status_code == 401 and pulled == 0


async def test_a_forged_or_replayed_body_moves_nothing(agent: Service) -> None:
    raw = json.dumps(envelope(text_event("111", "m1", "hi"))).encode()
    forged = await agent.client.post(
        "/webhooks/instagram", content=raw, headers={"X-Hub-Signature-256": sign(b"other")}
    )
    assert forged.status_code == 403 and agent.router.store.webhook_events() == []
    for _ in range(3):  # Meta's redelivery, or an attacker replaying a captured body
        assert (await agent.webhook(raw)).status_code == 200
    [conversation] = await agent.conversations()
    assert [m["mid"] for m in conversation["messages"]] == ["m1"]
    assert len(agent.router.store.webhook_events()) == 3  # each kept, acted on once


YEAR_MS = 365 * 24 * 3600 * 1000


def test_metas_clock_ignores_an_entry_time_far_from_the_local_clock() -> None:
    local = [1_718_000_000_000]
    clock = MetaClock(lambda: local[0], max_skew_ms=30 * 24 * 3600 * 1000)
    clock.observe(local[0] - 5 * YEAR_MS)  # a body signed years ago
    assert clock.now() == local[0]
    clock.observe(local[0] + 5 * YEAR_MS)  # a forged far future
    assert clock.now() == local[0]
    clock.observe(local[0] + 3_600_000)  # Meta an hour ahead: learned
    assert clock.now() == local[0] + 3_600_000
    clock.observe(local[0] - 3_600_000)  # a late body from before: does not turn it back
    assert clock.now() == local[0] + 3_600_000
    clock.observe(local[0] + 3_600_000 - 60_000)  # a minute of jitter is believed
    assert clock.now() == local[0] + 3_540_000


async def test_bodies_resumed_after_a_restart_do_not_move_metas_clock(
    make_service: ServiceFactory, database: str
) -> None:
    stale = {"object": "instagram", "entry": [{"id": IG_ID, "time": 1_718_000_000_000,
             "messaging": [text_event("111", "m1", "hi")]}]}  # fmt: skip
    async with make_service(database=database) as first:
        first.graph.profile_gate = asyncio.Event()
        assert (await first.webhook(stale, wait=False)).status_code == 200
        await _wait(lambda: first.graph.profiles_waiting == 1, "the stuck profile read")
    first.graph.profile_gate = None
    async with make_service(database=database) as second:
        assert await second.ingest.settled()
        assert second.router.store.message_by_mid("m1") is not None
        assert abs(second.router.meta_clock.now() - second.router.clock()) < 1000


async def test_health_says_how_many_bodies_wait(agent: Service) -> None:
    agent.graph.profile_gate = asyncio.Event()
    assert (await agent.webhook(envelope(text_event("111", "m1", "hi")), wait=False)).is_success
    await _wait(lambda: agent.graph.profiles_waiting == 1, "the profile read")
    health = (await agent.client.get("/healthz")).json()
    assert health == {"status": "ok", "webhooks": {"pending": 1, "queued": 0}}
    agent.graph.profile_gate.set()
    assert await agent.ingest.settled()
    assert (await agent.client.get("/healthz")).json()["webhooks"]["pending"] == 0
