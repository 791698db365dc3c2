"""What the dispatcher keeps between POSTs: a job (events bound for one POST, and which attempt
it is), the retries waiting for their time on Meta's clock, and how the queue stands."""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Job", "QueueStatus", "Schedule"]


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
class Schedule:
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
