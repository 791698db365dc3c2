"""One asyncio lock per key (an IGSID), kept only while someone holds or waits for it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

__all__ = ["KeyedLocks"]


class KeyedLocks:
    """``async with locks.hold(key):`` serialises work per key; idle keys are pruned."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    def __len__(self) -> int:
        """Keys with a holder or a waiter (0 when the service is idle)."""
        return len(self._locks)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:  # also when cancelled while waiting
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]
