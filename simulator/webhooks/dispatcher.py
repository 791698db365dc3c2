"""Meta's webhook delivery: queued, batched, concurrent, retried on Meta's clock, disabled.

Started and stopped by the app lifespan; ``enqueue`` never blocks the request that caused the
event. Facts [MPWH][GS] (docs/meta-platform.md section 1, Delivery; Batching; Duplicates and
order), each a knob of ``SimulatorConfig``:
- what is delivered, when a failure is retried, when the alert comes and when Meta disables
  the subscription follow ``backend/delivery_policy.py``; retries wait on the simulated
  clock (a fast clock runs an hour of them in seconds) and keep mid and timestamp, with a new
  ``entry.time`` and signature; disabled, the app is unsubscribed until re-subscribed;
- ``batch_size`` events per POST (one by default, as observed; up to 1000), in one entry or
  one entry each (``batch_entries``); ``max_in_flight`` POSTs at once; after failures order is
  not guaranteed (``reorder_probability``) and duplicates happen (``duplicate_probability``),
  both drawn from the seed;
- faults set from the control API (``webhooks/faults.py``) apply to the next POSTs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from simulator.backend import delivery_policy as policy
from simulator.clock import Clock
from simulator.config import SimulatorConfig
from simulator.contract.signing import serialize
from simulator.contract.webhooks import batched
from simulator.events import EventLog
from simulator.state.models import Delivery
from simulator.state.store import Store
from simulator.webhooks import posting
from simulator.webhooks.deliveries import DeliveryLog
from simulator.webhooks.queue import Job, QueueStatus, Schedule
from simulator.webhooks.sender import Sender

log = logging.getLogger(__name__)


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
        self._schedule = Schedule()
        self._generation = 0
        self._in_flight = 0
        self._accepted = 0
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._work: asyncio.Event | None = None
        self._timer: asyncio.Event | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._sender: Sender | None = None
        self.failing = policy.Failing()
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
            self._schedule = Schedule()
            self.failing = policy.Failing()

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
            self.failing = policy.Failing()
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
                delay = delay_s
                if delay is None:
                    cfg = self._config
                    delay = policy.retry_delay_s(job.attempt, cfg.retry_delays_s, cfg.retry_every_s)
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
        verdict = policy.after_failure(
            self.failing, now_ms,
            alert_after_s=self._config.alert_after_s, disable_after_s=self._config.disable_after_s,
        )  # fmt: skip
        url = delivery.url or ""
        if verdict.alert:
            minutes = f"{verdict.elapsed_s / 60:.0f} minutes"
            reason = f"deliveries to {url} have failed for {minutes}: {delivery.error}"
            self._deliveries.alert("webhooks_failing", url, reason)
        if verdict.disable:
            self._disable(url, verdict.elapsed_s)
        return verdict.disable

    def _disable(self, url: str, elapsed_s: float) -> None:
        """ "Webhooks Disabled": the subscription goes inactive, the app is unsubscribed from the
        account until re-subscribed; what was waiting is dropped [MPWH]."""
        store = self._store
        policy.disable_subscription(store.app, store.business)
        with self._lock:
            dropped = list(self._pending) + [job for _, _, job in self._schedule.heap]
            self._pending.clear()
            self._schedule = Schedule()
        self.failing = policy.Failing()
        reason = f"Webhooks Disabled after {elapsed_s / 3600:.1f} h of failures at {url}"
        again = "; re-subscribe to receive webhooks again"
        self._deliveries.alert("webhooks_disabled", url, reason + again)
        for job in dropped:
            now = self._clock.now_ms()
            body = serialize(batched(store.business.ig_id, now, job.events, "one", job.key))
            self._deliveries.not_delivered(job.mids, reason, body.decode())

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
        assert self._sender is not None
        fault = self._store.take_fault(self._clock.now_ms())
        post = await posting.post(self._sender, self._config, self._store.app.secret,
                                  sub.callback_url, body, fault)  # fmt: skip
        if generation != self._generation:
            return None  # reset while in flight
        return self._deliveries.record(
            mids=mids, body=body.decode(), headers=post.headers, status=post.status,
            attempt=attempt, error=post.error, url=sub.callback_url,
            outcome="failed" if post.error is not None else "delivered",
        )  # fmt: skip
