"""Injectable time in milliseconds; `advance` moves it forward (the 24 h window, expiries)."""

from __future__ import annotations

import math
import threading
import time


class Clock:
    """Wall-clock time plus an offset; with `start_ms` time stands still until advanced.

    Only timestamps and policy checks use it; network timeouts and redelivery delays are real
    asyncio time.
    """

    def __init__(self, start_ms: int | None = None) -> None:
        self._start_ms = start_ms
        self._offset_ms = 0
        self._lock = threading.Lock()

    def now_ms(self) -> int:
        base = self._start_ms if self._start_ms is not None else int(time.time() * 1000)
        with self._lock:
            return base + self._offset_ms

    def now_s(self) -> int:
        return self.now_ms() // 1000

    def advance(self, seconds: float) -> int:
        """Move time forward; returns the new now in ms. Going backwards is refused."""
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError("the clock only moves forward, by a finite number of seconds")
        with self._lock:
            self._offset_ms += round(seconds * 1000)
        return self.now_ms()
