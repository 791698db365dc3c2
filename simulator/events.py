"""The simulator's event log: everything that happens, with a monotonically increasing `seq`.

Types: `delivery`, `thread.message`, `thread.unsend`, `graph.call`, `alert` (Meta's
"Webhooks Failing" and "Webhooks Disabled"). Waiters are woken by
futures (no polling); `append` may be called from any thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import dataclass
from typing import Any

from simulator.state.logs import BoundedList

EVENT_TYPES = (
    "delivery",
    "thread.message",
    "thread.unsend",
    "thread.reaction",
    "story.posted",
    "graph.call",
    "alert",
    "delivery.retry",  # a failed delivery's next attempt, scheduled on Meta's clock
)


@dataclass(frozen=True)
class Event:
    seq: int
    type: str
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type, "data": self.data}


class EventLog:
    """Append-only, the newest ``limit`` kept; `clear` drops the history but `seq` never goes
    back (waiters stay valid). Seqs are contiguous, so reading after one is a slice, not a
    scan: a call costs the same however long the log has run."""

    def __init__(self, limit: int = 20_000) -> None:
        self._events: BoundedList[Event] = BoundedList(limit)
        self._seq = 0
        self._lock = threading.Lock()
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    @property
    def last_seq(self) -> int:
        return self._seq

    def append(self, type: str, data: dict[str, Any]) -> Event:
        if type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {type!r}")
        with self._lock:
            self._seq += 1
            event = Event(self._seq, type, data)
            self._events.append(event)
            waiters, self._waiters = self._waiters, []
        for loop, future in waiters:
            _wake(loop, future)
        return event

    def _newer(self, seq: int) -> list[Event]:
        """Events with a seq above ``seq`` (call with the lock held)."""
        if not self._events:
            return []
        start = max(0, seq - self._events[0].seq + 1)
        return self._events[start:]

    def after(self, seq: int, types: tuple[str, ...] | None = None) -> list[Event]:
        with self._lock:
            events = self._newer(seq)
        return [e for e in events if types is None or e.type in types]

    def clear(self) -> None:
        with self._lock:
            self._events.clear()

    async def wait_after(
        self, seq: int, timeout: float, types: tuple[str, ...] | None = None
    ) -> list[Event]:
        """Events with `seq` greater than `seq` (optionally of `types`); [] after `timeout` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            with self._lock:
                found = self._newer(seq)
                future: asyncio.Future[None] | None = None
                if not any(types is None or e.type in types for e in found):
                    future = loop.create_future()
                    self._waiters.append((loop, future))
            if future is None:
                return [e for e in found if types is None or e.type in types]
            remaining = deadline - loop.time()
            if remaining <= 0:
                self._forget(future)
                return []
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(future, remaining)
            self._forget(future)

    def _forget(self, future: asyncio.Future[None]) -> None:
        with self._lock:
            self._waiters = [(lp, f) for lp, f in self._waiters if f is not future]


def _set(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _wake(loop: asyncio.AbstractEventLoop, future: asyncio.Future[None]) -> None:
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        _set(future)
    elif not loop.is_closed():
        loop.call_soon_threadsafe(_set, future)
