"""Meta's "now", as the service can know it: its own clock corrected by what Meta says.

Policy windows (24 h, 7 days with ``HUMAN_AGENT``) run on Meta's clock, from the user's
message ``timestamp`` in the webhook. Each webhook's ``entry.time`` is Meta's clock when it
sent it, so the difference to ours is learned there; a Send API refusal for the closed
24 h window tells the service Meta's clock is at least that far on.

An ``entry.time`` is believed only when it is plausible: within ``max_skew_ms`` of the local
clock (a body signed years ago, or a forged far future, moves nothing) and, once Meta's clock
was learned, not older than the estimate by more than ``STALE_MS`` (a late or replayed body
does not turn Meta's clock back).
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["MetaClock"]

# Plausible millisecond instants: 2001-09-09 .. 2286-11-20. The dashboard "Test" button
# sends ``time`` in seconds (1527459824), which is ignored rather than read as 1970.
PLAUSIBLE_MS = range(10**12, 10**13)
STALE_MS = 5 * 60 * 1000
DEFAULT_MAX_SKEW_MS = 30 * 24 * 3600 * 1000


class MetaClock:
    """``now()`` = local time + the last observed offset of Meta's clock (ms)."""

    def __init__(self, local: Callable[[], int], max_skew_ms: int = DEFAULT_MAX_SKEW_MS) -> None:
        self._local = local
        self._offset = 0
        self._learned = False
        self._max_skew_ms = max_skew_ms

    def now(self) -> int:
        return self._local() + self._offset

    def observe(self, meta_ms: object) -> None:
        """Meta's clock read ``meta_ms`` just now (a webhook's ``entry.time``)."""
        if not isinstance(meta_ms, int) or isinstance(meta_ms, bool) or meta_ms not in PLAUSIBLE_MS:
            return
        local = self._local()
        if abs(meta_ms - local) > self._max_skew_ms:
            return
        if self._learned and meta_ms < local + self._offset - STALE_MS:
            return
        self._offset, self._learned = meta_ms - local, True

    def at_least(self, meta_ms: int) -> None:
        """Meta's clock has passed ``meta_ms`` (it said so by refusing a send)."""
        self._offset = max(self._offset, meta_ms - self._local())
        self._learned = True
