"""Meta's clock, in milliseconds: injectable, advanceable, and able to run fast.

Timestamps, policy windows, token expiry, rate limits and the webhook retry schedule all read
it. It runs with wall time (``speed`` 1), faster (``speed`` 60: an hour of Meta's retries in a
minute), or stands still (``start_ms`` given: tests move it with ``advance``). Whoever waits on
it (the dispatcher's retry schedule) subscribes and is told when it jumps.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

MAX_SPEED = 100_000.0


class Clock:
    def __init__(self, start_ms: int | None = None, *, speed: float = 1.0) -> None:
        self._frozen = start_ms is not None
        self._anchor_ms = float(start_ms if start_ms is not None else time.time() * 1000)
        self._anchor_real = time.monotonic()
        self._speed = self._checked(speed)
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    @staticmethod
    def _checked(speed: float) -> float:
        if not math.isfinite(speed) or not 0 < speed <= MAX_SPEED:
            raise ValueError(f"the clock's speed must be above 0 and at most {MAX_SPEED:g}")
        return float(speed)

    @property
    def running(self) -> bool:
        """False for a clock that only moves when advanced."""
        return not self._frozen

    @property
    def speed(self) -> float:
        return self._speed

    def _now_locked(self) -> float:
        if self._frozen:
            return self._anchor_ms
        return self._anchor_ms + (time.monotonic() - self._anchor_real) * 1000 * self._speed

    def now_ms(self) -> int:
        with self._lock:
            return int(self._now_locked())

    def now_s(self) -> int:
        return self.now_ms() // 1000

    def real_seconds_until(self, due_ms: int) -> float | None:
        """How long a waiter sleeps until the clock reads ``due_ms`` (None: only when advanced)."""
        with self._lock:
            remaining = due_ms - self._now_locked()
            if remaining <= 0:
                return 0.0
            return None if self._frozen else remaining / 1000 / self._speed

    def advance(self, seconds: float) -> int:
        """Move time forward; returns the new now in ms. Going backwards is refused."""
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError("the clock only moves forward, by a finite number of seconds")
        with self._lock:
            self._anchor_ms += seconds * 1000
            now = int(self._now_locked())
        self._tell()
        return now

    def set_speed(self, speed: float) -> None:
        """Run at ``speed`` simulated seconds per real second from now on."""
        speed = self._checked(speed)
        with self._lock:
            self._anchor_ms, self._anchor_real = self._now_locked(), time.monotonic()
            self._speed = speed
        self._tell()

    def subscribe(self, listener: Callable[[], None]) -> None:
        """``listener()`` runs (in the caller's thread) whenever the clock jumps or changes pace."""
        with self._lock:
            self._listeners.append(listener)

    def _tell(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener()
