"""Posts webhooks from one background worker, in order, with redelivery after failures.

Started and stopped by the app lifespan. `enqueue` never blocks the request that caused the
event. Failure = non-2xx or no answer within `webhook_timeout_s` ([MPWH] 200 within 5 s; the
spec's default counts only 200, architecture.md any 2xx). Each failure schedules a redelivery
after the next `retry_delays_s` entry, with the same `mid`/`timestamp` and a new `entry.time`.
Meta's disabling of the subscription after 1 h of failures is not simulated. `redeliver`
re-POSTs a logged attempt on demand (the control API's `/_sim/deliveries/{id}/redeliver`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from simulator.clock import Clock
from simulator.config import SimulatorConfig
from simulator.contract.signing import serialize, signature_headers
from simulator.state.models import Delivery
from simulator.state.store import Store
from simulator.webhooks.deliveries import DeliveryLog
from simulator.webhooks.payloads import envelope

log = logging.getLogger(__name__)
USER_AGENT = "facebookexternalua"


@dataclass
class Job:
    events: list[dict[str, Any]]
    mids: list[str]
    generation: int
    attempt: int = 1


class Dispatcher:
    def __init__(
        self,
        config: SimulatorConfig,
        store: Store,
        deliveries: DeliveryLog,
        clock: Clock,
        client_factory: Callable[[], httpx.AsyncClient],
    ) -> None:
        self._config = config
        self._store = store
        self._deliveries = deliveries
        self._clock = clock
        self._client_factory = client_factory
        self._pending: deque[Job] = deque()
        self._retries: set[asyncio.TimerHandle] = set()
        self._generation = 0
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def enqueue(self, events: list[dict[str, Any]], mids: list[str]) -> None:
        with self._lock:
            self._pending.append(Job(events, mids, self._generation))
        self._notify()

    def clear(self) -> None:
        """Drop queued jobs and pending redeliveries (on reset); in-flight results are ignored."""
        with self._lock:
            self._generation += 1
            self._pending.clear()
            retries, self._retries = self._retries, set()
        for handle in retries:
            handle.cancel()

    async def start(self) -> None:
        if self.running:
            return
        self._loop = asyncio.get_running_loop()
        self._wakeup = asyncio.Event()
        self._client = self._client_factory()
        self._task = asyncio.create_task(self._run(), name="simulator-webhook-dispatcher")

    async def stop(self) -> None:
        task, self._task = self._task, None
        self.clear()
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _notify(self) -> None:
        loop, wakeup = self._loop, self._wakeup
        if loop is None or wakeup is None or loop.is_closed():
            return  # not started yet: start() drains the queue
        try:
            same_loop = asyncio.get_running_loop() is loop
        except RuntimeError:
            same_loop = False
        if same_loop:
            wakeup.set()
        else:
            loop.call_soon_threadsafe(wakeup.set)

    async def _run(self) -> None:
        assert self._wakeup is not None
        while True:
            with self._lock:
                job = self._pending.popleft() if self._pending else None
            if job is None:
                self._wakeup.clear()
                with self._lock:
                    empty = not self._pending
                if empty:
                    await self._wakeup.wait()
                continue
            try:
                await self._attempt(job)
            except Exception:  # the worker must survive anything a callback does
                log.exception("webhook attempt crashed")

    async def _attempt(self, job: Job) -> None:
        delivery = await self._deliver(job.events, job.mids, job.attempt, job.generation)
        if delivery is None or delivery.outcome != "failed":
            return
        if job.attempt <= len(self._config.retry_delays_s):
            self._schedule_retry(job)

    async def redeliver(self, delivery: Delivery) -> Delivery:
        """POST a logged attempt's events again, as Meta's redelivery does [GS][MPWH]: same
        `mid`/`timestamp`, a new `entry.time` and signature. One attempt, answered when the
        callback answers; a failure schedules no retry (the caller decides what comes next)."""
        events = [e for entry in json.loads(delivery.body)["entry"] for e in entry["messaging"]]
        attempt = 1 + max(
            (d.attempt for d in self._deliveries.all() if d.event_mids == delivery.event_mids),
            default=delivery.attempt,
        )
        found = await self._deliver(events, delivery.event_mids, attempt, self._generation)
        if found is None:
            raise RuntimeError("the simulator was reset during the redelivery")
        return found

    async def _deliver(
        self, events: list[dict[str, Any]], mids: list[str], attempt: int, generation: int
    ) -> Delivery | None:
        """One signed POST of `events` to the callback, logged; None when reset meanwhile."""
        sub = self._store.app.subscription
        body = serialize(envelope(self._store.business.ig_id, self._clock.now_ms(), events))
        if sub is None or not sub.active:
            return self._deliveries.not_delivered(
                mids, "the app subscription was removed", body.decode()
            )
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
        assert self._client is not None
        timeout = self._config.webhook_timeout_s
        try:
            response = await asyncio.wait_for(
                self._client.post(url, content=body, headers=headers), timeout
            )
        except TimeoutError:
            return None, f"timeout: no response within {timeout:g} s"
        except Exception as exc:  # connection refused, or an in-process app raising
            return None, f"{type(exc).__name__}: {exc}"
        if 200 <= response.status_code < 300:
            return response.status_code, None
        return response.status_code, f"HTTP {response.status_code}"

    def _schedule_retry(self, job: Job) -> None:
        assert self._loop is not None
        delay = self._config.retry_delays_s[job.attempt - 1]
        retry = Job(job.events, job.mids, job.generation, job.attempt + 1)

        def requeue() -> None:
            with self._lock:
                self._retries.discard(handle)
                if retry.generation != self._generation:
                    return
                self._pending.append(retry)
            self._notify()

        handle = self._loop.call_later(delay, requeue)
        with self._lock:
            self._retries.add(handle)
