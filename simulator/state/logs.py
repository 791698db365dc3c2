"""Logs that keep the newest ``limit`` entries: appending costs the same after a million.

A list that, past twice its limit, drops its oldest half at once (amortised O(1) per append);
it reads as a plain list of what is kept. The simulator's event log, delivery log and Graph
call log use it, so memory stays flat over a long soak (knob ``log_limit``).
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


class BoundedList(list[T]):
    def __init__(self, limit: int) -> None:
        super().__init__()
        if limit < 1:
            raise ValueError("a log keeps at least one entry")
        self.limit = limit
        self.dropped = 0  # how many of the oldest entries are gone

    def append(self, item: T) -> None:
        super().append(item)
        if len(self) > 2 * self.limit:
            excess = len(self) - self.limit
            del self[:excess]
            self.dropped += excess
