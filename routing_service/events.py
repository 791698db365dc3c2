"""A per-process event bus: numbered events, waited on with a condition (no polling)."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Event", "EventBus"]


@dataclass(frozen=True)
class Event:
    """One change; ``agent_id`` says whose console sees it (None: nobody's)."""

    seq: int
    type: str
    data: dict[str, Any]
    agent_id: int | None

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type, "data": self.data}


class EventBus:
    """Keeps the last ``history`` events; ``wait_after`` wakes on ``publish``."""

    def __init__(self, history: int = 10_000) -> None:
        self._events: deque[Event] = deque(maxlen=history)
        self._seq = 0
        self._closed = False
        self._changed = asyncio.Condition()

    @property
    def last_seq(self) -> int:
        return self._seq

    @property
    def closed(self) -> bool:
        return self._closed

    async def publish(self, type_: str, data: dict[str, Any], agent_id: int | None) -> Event:
        async with self._changed:
            self._seq += 1
            event = Event(self._seq, type_, data, agent_id)
            self._events.append(event)
            self._changed.notify_all()
        return event

    async def close(self) -> None:
        """Wake every waiter for good (the app is shutting down)."""
        async with self._changed:
            self._closed = True
            self._changed.notify_all()

    async def wait_after(
        self,
        seq: int,
        timeout: float,
        accept: Callable[[Event], bool] = lambda _event: True,
    ) -> tuple[list[Event], int]:
        """Accepted events numbered above ``seq``, waiting up to ``timeout`` s for the first.

        Returns them with the last sequence number seen, so the caller can continue from it
        without receiving events meant for other agents again.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, timeout)
        async with self._changed:
            seq = min(seq, self._seq)  # a number from an earlier process: start from now
            while True:
                found = [e for e in self._events if e.seq > seq and accept(e)]
                remaining = deadline - loop.time()
                if found or self._closed or remaining <= 0:
                    return found, self._seq
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    return [], self._seq
