"""Rate limits and usage headers [IGOV][D/graph-api/overview/rate-limiting].

Per account, on the simulated clock: the Send API 100 calls/s for text, links, reactions and
stickers, 10/s for audio and video; the Conversations API 2/s [IGOV]. Over a limit: (#613)
"Calls to this api have exceeded the rate limit" with subcode 2534040 (the spec's table; the
Business Use Case code 80002 for Instagram is UNCONFIRMED and not used). Every answer carries
``X-App-Usage`` and ``X-Business-Use-Case-Usage`` (percentages of the hour's budget, the time
to regain access in minutes). The limits are knobs (``SimulatorConfig``), so a test can lower
them; the hourly app budget Meta computes from the app's users is a knob too (UNCONFIRMED).
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field

from simulator.errors import GraphError

HOUR_MS = 3600 * 1000


class RateLimited(GraphError):
    code = 613
    subcode = 2534040
    default_message = "Calls to this api have exceeded the rate limit."


@dataclass
class _Bucket:
    """A token bucket: ``rate`` calls per second, as many at once."""

    rate: float
    tokens: float
    at_ms: int

    def take(self, now_ms: int) -> bool:
        elapsed = max(0, now_ms - self.at_ms) / 1000
        self.tokens = min(self.rate, self.tokens + elapsed * self.rate)
        self.at_ms = now_ms
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@dataclass
class RateLimits:
    """The buckets of one account and the app's hourly call count."""

    per_second: dict[str, float]
    app_calls_per_hour: int
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _calls: deque[int] = field(default_factory=deque)  # call times within the last hour
    _throttled_until_ms: int = 0
    _rendered: tuple[tuple[str, int, int], dict[str, str]] | None = None  # the last headers

    def charge(self, bucket: str, now_ms: int) -> None:
        """One call against ``bucket``; RateLimited when the second's budget is spent."""
        rate = self.per_second[bucket]
        found = self._buckets.get(bucket)
        if found is None:
            found = self._buckets[bucket] = _Bucket(rate, rate, now_ms)
        if not found.take(now_ms):
            self._throttled_until_ms = max(self._throttled_until_ms, now_ms + 1000)
            raise RateLimited()

    def count(self, now_ms: int) -> None:
        """Every Graph call counts against the app's hour (O(1) amortised)."""
        self._calls.append(now_ms)
        while self._calls and self._calls[0] <= now_ms - HOUR_MS:
            self._calls.popleft()

    def headers(self, account_id: str, now_ms: int) -> dict[str, str]:
        percent = min(100, round(100 * len(self._calls) / max(1, self.app_calls_per_hour)))
        regain_min = 0 if now_ms >= self._throttled_until_ms else 1
        key = (account_id, percent, regain_min)
        if self._rendered is not None and self._rendered[0] == key:
            return self._rendered[1]  # the percentages move slowly: render them when they do
        self._rendered = (key, self._render(account_id, percent, regain_min))
        return self._rendered[1]

    @staticmethod
    def _render(account_id: str, percent: int, regain_min: int) -> dict[str, str]:
        buc_count = 100 if regain_min else percent
        app = {"call_count": percent, "total_cputime": min(percent, 100), "total_time": percent}
        buc = {
            account_id: [
                {
                    "type": "instagram",
                    "call_count": buc_count,
                    "total_cputime": min(percent, 100),
                    "total_time": buc_count,
                    "estimated_time_to_regain_access": regain_min,
                }
            ]
        }
        compact = {"separators": (",", ":")}
        return {
            "x-app-usage": json.dumps(app, **compact),  # type: ignore[arg-type]
            "x-business-use-case-usage": json.dumps(buc, **compact),  # type: ignore[arg-type]
        }
