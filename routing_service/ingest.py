"""Webhook bodies, from the stored log to the router, in a worker: Meta's 200 never waits.

The request handler (``webhooks.receive``) verifies a body, stores it and hands it here; the
answer goes back at once. The worker then acts on the events, at least once: a body is marked
processed only after its events were handled, handling is idempotent by ``mid``, and at
startup the bodies a previous process stored but did not finish are handled first (then the
queued conversations are assigned: one may have been opened just before a crash).

Events of different senders are handled concurrently (a slow profile read for one new sender
does not hold the others back); one sender's events keep their order. A body whose events
fail is tried again after ``retry_s`` x attempts, ``max_attempts`` times, then kept with its
error (the raw body stays for a replay).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from routing_service.store import Store
from routing_service.webhook_events import Parsed, parse_body, sent_at

__all__ = ["Ingest", "Received"]

log = logging.getLogger("routing_service.ingest")

Act = Callable[[Parsed], Awaitable[object]]


@dataclass(frozen=True)
class Received:
    """A stored body and what it says: the envelope's ``object``, Meta's send time, events."""

    audit_id: int
    object: str
    meta_time: int | None
    events: list[Parsed]


def parse_stored(audit_id: int, body: str | bytes) -> Received:
    """Raises ``ValueError`` (bad JSON or envelope) or ``RecursionError`` (nested too deep)."""
    payload = json.loads(body)
    object_, events = parse_body(payload)
    return Received(audit_id, object_, sent_at(payload), events)


class Ingest:
    """The worker between the stored log and the router (see the module's doc)."""

    def __init__(
        self,
        store: Store,
        act: Act,
        *,
        observe_meta_time: Callable[[object], None],
        after_restart: Callable[[], Awaitable[object]],
        before_batch: Callable[[], Awaitable[object]] | None = None,
        clock: Callable[[], int],
        batch: int = 200,
        concurrency: int = 16,
        max_attempts: int = 3,
        retry_s: float = 5.0,
    ) -> None:
        self._store = store
        self._act = act
        self._observe = observe_meta_time
        self._after_restart = after_restart
        self._before_batch = before_batch
        self._clock = clock
        self._batch = batch
        self._slots = asyncio.Semaphore(concurrency)
        self._max_attempts = max_attempts
        self._retry_s = retry_s
        self._queue: asyncio.Queue[Received] = asyncio.Queue()
        self._attempted = 0  # every body up to this id was tried at least once
        self._changed = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None
        self._retries: set[asyncio.TimerHandle] = set()
        self._busy = False

    # -- the ack path ---------------------------------------------------------------------
    def accepted(self, received: Received) -> None:
        """A stored body, to be handled after the answer (called in id order)."""
        self._queue.put_nowait(received)

    # -- lifecycle ------------------------------------------------------------------------
    async def start(self) -> None:
        boot_max = self._store.last_webhook_id()
        self._task = asyncio.create_task(self._run(boot_max), name="webhook-ingest")

    async def stop(self) -> None:
        """Stop now; what is not finished stays pending in the store for the next start."""
        for handle in self._retries:
            handle.cancel()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @property
    def backlog(self) -> int:
        """Bodies received and not yet handled by this process."""
        return self._queue.qsize()

    async def settled(self, timeout: float = 5.0) -> bool:
        """Wait until nothing is queued, being handled or waiting for a retry."""
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait_for(self._is_settled), timeout)
            return self._is_settled()

    def _is_settled(self) -> bool:
        return self._queue.empty() and not self._retries and not self._busy

    async def caught_up(self, audit_id: int, timeout: float = 5.0) -> bool:
        """Wait until the body ``audit_id`` (and every earlier one) was tried once."""
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: self._attempted >= audit_id), timeout
                )
            return self._attempted >= audit_id

    # -- the worker -----------------------------------------------------------------------
    async def _run(self, boot_max: int) -> None:
        try:
            self._busy = True
            await self._resume(boot_max)
            self._busy = False
            while True:
                items = [await self._queue.get()]
                while len(items) < self._batch and not self._queue.empty():
                    items.append(self._queue.get_nowait())
                self._busy = True
                try:
                    await self._handle(items)
                finally:
                    self._busy = False
                    await self._notify()
        except asyncio.CancelledError:
            raise
        except Exception:  # a bug here must be loud: nothing is lost, bodies stay pending
            log.exception("the webhook worker stopped; stored bodies wait for a restart")
            raise

    async def _resume(self, boot_max: int) -> None:
        """What an earlier process stored and did not finish, oldest first, page by page."""
        cursor = resumed = 0
        while rows := self._store.pending_webhooks(after=cursor, upto=boot_max, limit=self._batch):
            items = []
            for row in rows:
                try:
                    items.append(parse_stored(row["id"], row["body"]))
                except (ValueError, RecursionError) as exc:
                    self._store.finish_webhooks(
                        [row["id"]], self._clock(), f"not a webhook body: {exc}"[:500]
                    )
            await self._handle(items, live=False)  # their entry.time is old by now
            cursor, resumed = rows[-1]["id"], resumed + len(rows)
        if resumed:
            log.info("resumed %d webhook bodies stored before the restart", resumed)
        await self._after_restart()
        await self._mark_attempted(boot_max)

    async def _handle(self, items: list[Received], *, live: bool = True) -> None:
        if self._before_batch is not None:
            await self._before_batch()
        groups: dict[str, list[tuple[int, Parsed]]] = defaultdict(list)
        for item in items:
            if live and item.object == "instagram":
                self._observe(item.meta_time)
            for event in item.events:
                groups[event.igsid].append((item.audit_id, event))
        failures: dict[int, str] = {}
        await asyncio.gather(*(self._run_group(g, failures) for g in groups.values()))
        done = [i.audit_id for i in items if i.audit_id not in failures]
        if done:
            self._store.finish_webhooks(done, self._clock())
        for item in items:
            if item.audit_id in failures:
                self._failed(item, failures[item.audit_id])
        await self._mark_attempted(max(i.audit_id for i in items) if items else 0)

    async def _run_group(self, group: list[tuple[int, Parsed]], failures: dict[int, str]) -> None:
        async with self._slots:
            for audit_id, event in group:
                try:
                    await self._act(event)
                except Exception as exc:  # one bad event must not cost the others
                    log.exception("webhook %s: could not handle %s", audit_id, type(event).__name__)
                    failures.setdefault(audit_id, f"{type(exc).__name__}: {exc}"[:500])

    def _failed(self, item: Received, error: str) -> None:
        attempts = self._store.webhook_attempt_failed(item.audit_id, error)
        if attempts >= self._max_attempts:
            log.error("webhook %s given up after %d attempts: %s", item.audit_id, attempts, error)
            self._store.finish_webhooks([item.audit_id], self._clock(), error, attempt=False)
            return
        loop = asyncio.get_running_loop()

        def again() -> None:
            self._retries.discard(handle)
            self._queue.put_nowait(item)

        handle = loop.call_later(self._retry_s * attempts, again)
        self._retries.add(handle)

    async def _mark_attempted(self, audit_id: int) -> None:
        self._attempted = max(self._attempted, audit_id)
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()
