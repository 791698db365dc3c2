"""Meta's webhook delivery: queued, batched, concurrent, retried on Meta's clock, disabled.

Started and stopped by the app lifespan; ``enqueue`` never blocks the request that caused the
event. Facts [MPWH][GS] (docs/meta-platform.md section 1, Delivery; Batching; Duplicates and
order), each a knob of ``SimulatorConfig``:
- a delivery fails on anything but a 200 (``accept_any_2xx`` knob) or no answer within 5 s;
- failures are retried at once, then thinning (``retry_delays_s``, then every
  ``retry_every_s``; Meta's backoff is UNCONFIRMED), on the simulated clock, so a fast clock
  runs an hour of retries in seconds; a redelivery keeps mid and timestamp, gets a new
  ``entry.time`` and signature;
- after ``alert_after_s`` (15 min) of failing an alert is raised; after ``disable_after_s``
  (1 h; the spec's 36 h variant is a value of it) "Webhooks Disabled": the subscription goes
  inactive and the app is unsubscribed from the account until re-subscribed;
- ``batch_size`` events per POST (one by default, as observed; up to 1000), in one entry or
  one entry each (``batch_entries``); ``max_in_flight`` POSTs at once; after failures order is
  not guaranteed (``reorder_probability``) and duplicates happen (``duplicate_probability``),
  both drawn from the seed;
- faults set from the control API (``webhooks/faults.py``) apply to the next POSTs.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import json
import logging
import random
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.clock import Clock
from simulator.config import SimulatorConfig
from simulator.contract.signing import serialize, signature_headers
from simulator.contract.webhooks import batched
from simulator.events import EventLog
from simulator.state.models import Delivery
from simulator.state.store import Store
from simulator.webhooks.deliveries import DeliveryLog
from simulator.webhooks.sender import Sender, SendError

log = logging.getLogger(__name__)
USER_AGENT = "facebookexternalua"


@dataclass
class Job:
    events: list[dict[str, Any]]
    mids: list[str]
    generation: int
    attempt: int = 1
    duplicate: bool = False  # a duplicate is not duplicated again
    key: str = "messaging"  # or "standby" when another app owns the thread


@dataclass(frozen=True)
class QueueStatus:
    """What Meta's side still has to send: the harness waits on ``idle`` to know that nothing
    more is coming (every event accepted so far was answered, none waits for a retry)."""

    queued: int  # events waiting for a free worker
    in_flight: int  # POSTs sent, not yet answered
    scheduled: int  # retries waiting for their time on Meta's clock
    accepted: int  # events taken into the queue since the start (never goes down)

    @property
    def idle(self) -> bool:
        return not (self.queued or self.in_flight or self.scheduled)


@dataclass
class Failing:
    """How long deliveries have been failing, for the alert and the disabling [MPWH]."""

    since_ms: int | None = None
    alerted: bool = False


@dataclass
class _Schedule:
    """Jobs waiting for a time on Meta's clock (a heap by due time)."""

    heap: list[tuple[int, int, Job]] = field(default_factory=list)
    counter: itertools.count = field(default_factory=itertools.count)

    def add(self, due_ms: int, job: Job) -> None:
        heapq.heappush(self.heap, (due_ms, next(self.counter), job))

    def due(self, now_ms: int) -> list[Job]:
        ready = []
        while self.heap and self.heap[0][0] <= now_ms:
            ready.append(heapq.heappop(self.heap)[2])
        return ready

    def next_ms(self) -> int | None:
        return self.heap[0][0] if self.heap else None


class Dispatcher:
    def __init__(
        self,
        config: SimulatorConfig,
        store: Store,
        deliveries: DeliveryLog,
        clock: Clock,
        sender_factory: Callable[[], Sender],
        events: EventLog | None = None,
    ) -> None:
        self._config = config
        self._store = store
        self._deliveries = deliveries
        self._clock = clock
        self._sender_factory = sender_factory
        self._events = events
        self._random = random.Random(f"dispatch:{config.seed}")
        self._pending: deque[Job] = deque()
        self._schedule = _Schedule()
        self._generation = 0
        self._in_flight = 0
        self._accepted = 0
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._work: asyncio.Event | None = None
        self._timer: asyncio.Event | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._sender: Sender | None = None
        self.failing = Failing()
        clock.subscribe(self._clock_moved)

    # -- lifecycle ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return any(not t.done() for t in self._tasks)

    async def start(self) -> None:
        if self.running:
            return
        self._loop = asyncio.get_running_loop()
        self._work, self._timer = asyncio.Event(), asyncio.Event()
        self._sender = self._sender_factory()
        workers = max(1, self._config.max_in_flight)
        self._tasks = [
            asyncio.create_task(self._worker(), name=f"webhook-worker-{i}") for i in range(workers)
        ]
        self._tasks.append(asyncio.create_task(self._scheduler(), name="webhook-retries"))
        self._work.set()

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        self.clear()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._sender is not None:
            await self._sender.aclose()
            self._sender = None

    def clear(self) -> None:
        """Drop queued and scheduled jobs (on reset); results in flight are ignored."""
        with self._lock:
            self._generation += 1
            self._pending.clear()
            self._schedule = _Schedule()
            self.failing = Failing()

    # -- queueing -----------------------------------------------------------------------------
    def enqueue(
        self, events: list[dict[str, Any]], mids: list[str], key: str = "messaging"
    ) -> None:
        with self._lock:
            self._pending.append(Job(events, mids, self._generation, key=key))
            self._accepted += len(events)
        self._wake(self._work)

    def status(self) -> QueueStatus:
        with self._lock:
            return QueueStatus(
                queued=sum(len(job.events) for job in self._pending),
                in_flight=self._in_flight,
                scheduled=len(self._schedule.heap),
                accepted=self._accepted,
            )

    def _wake(self, event: asyncio.Event | None) -> None:
        loop = self._loop
        if loop is None or event is None or loop.is_closed():
            return  # not started yet: start() drains the queue
        try:
            same_loop = asyncio.get_running_loop() is loop
        except RuntimeError:
            same_loop = False
        if same_loop:
            event.set()
        else:
            loop.call_soon_threadsafe(event.set)

    def _clock_moved(self) -> None:
        self._wake(self._timer)

    def _take_batch(self) -> list[Job]:
        """Up to ``batch_size`` events' worth of jobs, the first maybe swapped (reorder)."""
        with self._lock:
            if not self._pending:
                return []
            if len(self._pending) > 1 and self._random.random() < self._config.reorder_probability:
                self._pending[0], self._pending[1] = self._pending[1], self._pending[0]
            batch, size = [], 0
            while self._pending and (
                not batch
                or (
                    size + len(self._pending[0].events) <= self._config.batch_size
                    and self._pending[0].key == batch[0].key  # standby rides apart
                )
            ):
                job = self._pending.popleft()
                batch.append(job)
                size += len(job.events)
            self._in_flight += 1  # until its outcome is known (and any retry scheduled)
            return batch

    async def _worker(self) -> None:
        assert self._work is not None
        while True:
            batch = self._take_batch()
            if not batch:
                self._work.clear()
                with self._lock:
                    empty = not self._pending
                if empty:
                    await self._work.wait()
                continue
            try:
                await self._attempt(batch)
            except Exception:  # the worker must survive anything a callback does
                log.exception("webhook attempt crashed")
            finally:
                with self._lock:
                    self._in_flight -= 1

    async def _scheduler(self) -> None:
        """Moves retries whose time has come on Meta's clock to the queue."""
        assert self._timer is not None
        while True:
            with self._lock:
                ready = self._schedule.due(self._clock.now_ms())
                self._pending.extend(ready)
                next_ms = self._schedule.next_ms()
            if ready:
                self._wake(self._work)
            wait = None if next_ms is None else self._clock.real_seconds_until(next_ms)
            if wait == 0:
                continue
            self._timer.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._timer.wait(), wait)

    # -- one attempt --------------------------------------------------------------------------
    async def _attempt(self, batch: list[Job]) -> None:
        events = [e for job in batch for e in job.events]
        mids = [m for job in batch for m in job.mids]
        attempt = max(job.attempt for job in batch)
        delivery = await self._deliver(events, mids, attempt, batch[0].generation, batch[0].key)
        if delivery is None or delivery.outcome == "not_delivered":
            return
        now = self._clock.now_ms()
        if delivery.outcome == "delivered":
            self.failing = Failing()
            originals = [job for job in batch if not job.duplicate]
            if originals and self._random.random() < self._config.duplicate_probability:
                self._retry(originals, now, delay_s=0.0, duplicate=True)  # as after a lost answer
            return
        if self._failed(now, delivery):
            return  # disabled: nothing more is sent
        self._retry(batch, now)

    def _retry(
        self,
        batch: list[Job],
        now_ms: int,
        delay_s: float | None = None,
        duplicate: bool = False,
    ) -> None:
        scheduled: list[tuple[Job, int]] = []
        with self._lock:
            for job in batch:
                if job.generation != self._generation:
                    continue
                delays = self._config.retry_delays_s
                if delay_s is None:
                    index = job.attempt - 1
                    delay = delays[index] if index < len(delays) else self._config.retry_every_s
                else:
                    delay = delay_s
                retry = Job(
                    job.events,
                    job.mids,
                    job.generation,
                    job.attempt + 1,
                    duplicate or job.duplicate,
                    job.key,
                )
                due_ms = now_ms + round(delay * 1000)
                self._schedule.add(due_ms, retry)
                scheduled.append((retry, due_ms))
        self._wake(self._timer)
        for retry, due_ms in scheduled:  # the harness moves Meta's clock retry by retry
            self._publish_retry(retry, now_ms, due_ms)

    def _publish_retry(self, retry: Job, now_ms: int, due_ms: int) -> None:
        if self._events is not None:
            data = {"mids": retry.mids, "attempt": retry.attempt, "at": now_ms, "due_ms": due_ms}
            self._events.append("delivery.retry", data | {"duplicate": retry.duplicate})

    def _failed(self, now_ms: int, delivery: Delivery) -> bool:
        """Count a failure against the subscription; True once Meta disables it [MPWH]."""
        failing = self.failing
        if failing.since_ms is None:
            failing.since_ms = now_ms
        elapsed_s = (now_ms - failing.since_ms) / 1000
        url = delivery.url or ""
        if not failing.alerted and elapsed_s >= self._config.alert_after_s:
            failing.alerted = True
            self._alert("webhooks_failing", url, f"deliveries to {url} have failed for "
                        f"{elapsed_s / 60:.0f} minutes: {delivery.error}")  # fmt: skip
        if elapsed_s < self._config.disable_after_s:
            return False
        self._disable(url, elapsed_s)
        return True

    def _disable(self, url: str, elapsed_s: float) -> None:
        """ "Webhooks Disabled": the subscription goes inactive, the app is unsubscribed from the
        account until re-subscribed; what was waiting is dropped [MPWH]."""
        store = self._store
        if store.app.subscription is not None:
            store.app.subscription.active = False
        store.business.subscribed_fields = []
        store.business.page_subscribed_fields = []
        with self._lock:
            dropped = list(self._pending) + [job for _, _, job in self._schedule.heap]
            self._pending.clear()
            self._schedule = _Schedule()
        self.failing = Failing()
        reason = f"Webhooks Disabled after {elapsed_s / 3600:.1f} h of failures at {url}"
        self._alert("webhooks_disabled", url, reason + "; re-subscribe to receive webhooks again")
        for job in dropped:
            now = self._clock.now_ms()
            body = serialize(batched(store.business.ig_id, now, job.events, "one", job.key))
            self._deliveries.not_delivered(job.mids, reason, body.decode())

    def _alert(self, kind: str, url: str, reason: str) -> None:
        alert = {"kind": kind, "url": url, "reason": reason, "at": self._clock.now_ms()}
        self._store.alerts.append(alert)
        if self._events is not None:
            self._events.append("alert", alert)
        log.warning("webhook alert %s: %s", kind, reason)

    async def redeliver(self, delivery: Delivery) -> Delivery:
        """POST a logged attempt's events again, as Meta's redelivery does [GS][MPWH]: same
        `mid`/`timestamp`, a new `entry.time` and signature. One attempt, answered when the
        callback answers; a failure schedules no retry (the caller decides what comes next)."""
        entries = json.loads(delivery.body)["entry"]
        key = "standby" if any("standby" in entry for entry in entries) else "messaging"
        events = [e for entry in entries for e in entry.get(key, [])]
        attempt = 1 + max(
            (d.attempt for d in self._deliveries.all() if d.event_mids == delivery.event_mids),
            default=delivery.attempt,
        )
        found = await self._deliver(events, delivery.event_mids, attempt, self._generation, key)
        if found is None:
            raise RuntimeError("the simulator was reset during the redelivery")
        return found

    async def post_body(self, body: dict[str, Any], mids: list[str]) -> Delivery:
        """One signed POST of a ready-made body (the dashboard's "Test"), logged; no retry."""
        found = await self._post_logged(serialize(body), mids, 1, self._generation)
        if found is None:
            raise RuntimeError("the simulator was reset during the test delivery")
        return found

    async def _deliver(
        self,
        events: list[dict[str, Any]],
        mids: list[str],
        attempt: int,
        generation: int,
        key: str = "messaging",
    ) -> Delivery | None:
        """One signed POST of `events` to the callback, logged; None when reset meanwhile."""
        now = self._clock.now_ms()
        ig_id = self._store.business.ig_id
        body = serialize(batched(ig_id, now, events, self._config.batch_entries, key))
        return await self._post_logged(body, mids, attempt, generation)

    async def _post_logged(
        self, body: bytes, mids: list[str], attempt: int, generation: int
    ) -> Delivery | None:
        sub = self._store.app.subscription
        if sub is None or not sub.active:
            reason = "the app subscription was removed or disabled (Webhooks Disabled)"
            return self._deliveries.not_delivered(mids, reason, body.decode())
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
        headers |= signature_headers(self._store.app.secret, body, self._config.signature_headers)
        status, error = await self._post(sub.callback_url, body, headers)
        if generation != self._generation:
            return None  # reset while in flight
        return self._deliveries.record(
            mids=mids,
            body=body.decode(),
            headers=headers,
            status=status,
            attempt=attempt,
            error=error,
            url=sub.callback_url,
            outcome="failed" if error is not None else "delivered",
        )

    async def _post(
        self, url: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int | None, str | None]:
        assert self._sender is not None
        fault = self._store.take_fault(self._clock.now_ms())
        if fault is not None and fault.kind == "latency":
            await asyncio.sleep((fault.value or 0) / 1000)
        elif fault is not None and fault.kind == "status":
            return int(fault.value or 500), f"HTTP {int(fault.value or 500)} (fault {fault.id})"
        elif fault is not None and fault.kind == "tls":
            return None, f"SSLError: TLS handshake with {url} failed (fault {fault.id})"
        try:
            status = await self._sender.post(url, body, headers, self._config.webhook_timeout_s)
        except SendError as exc:
            return None, str(exc)
        if fault is not None and fault.kind == "drop":
            return None, f"ConnectionResetError: the answer was lost (fault {fault.id})"
        if status == 200 or (self._config.accept_any_2xx and 200 <= status < 300):
            return status, None
        return status, f"HTTP {status}"
