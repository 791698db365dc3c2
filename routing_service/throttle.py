"""Login throttling: failed attempts counted per account and per client over a window.

Past ``per_account`` failures for one login, or ``per_client`` from one address, within
``window_ms``, further attempts are refused with ``Retry-After`` until the oldest failure
leaves the window, without a password hash being computed (a flood costs nothing). A success
clears the account's count. Memory is bounded: at most ``max_keys`` keys are tracked (the
oldest dropped first), each with at most its limit of timestamps.
"""

from __future__ import annotations

from collections import OrderedDict, deque

__all__ = ["LoginThrottle"]


class _Window:
    def __init__(self, limit: int, window_ms: int, max_keys: int) -> None:
        self.limit, self.window_ms, self.max_keys = limit, window_ms, max_keys
        self._failures: OrderedDict[str, deque[int]] = OrderedDict()

    def retry_after_ms(self, key: str, now: int) -> int:
        found = self._failures.get(key)
        if found is None:
            return 0
        while found and now - found[0] >= self.window_ms:
            found.popleft()
        if not found:
            del self._failures[key]
            return 0
        return self.window_ms - (now - found[0]) if len(found) >= self.limit else 0

    def fail(self, key: str, now: int) -> None:
        found = self._failures.pop(key, None) or deque(maxlen=self.limit)
        found.append(now)
        self._failures[key] = found  # most recent last
        while len(self._failures) > self.max_keys:
            self._failures.popitem(last=False)

    def clear(self, key: str) -> None:
        self._failures.pop(key, None)


class LoginThrottle:
    def __init__(
        self,
        *,
        per_account: int = 5,
        per_client: int = 20,
        window_ms: int = 15 * 60 * 1000,
        max_keys: int = 100_000,
    ) -> None:
        self._accounts = _Window(per_account, window_ms, max_keys)
        self._clients = _Window(per_client, window_ms, max_keys)

    def retry_after_s(self, login: str, client: str, now: int) -> int:
        """0 when an attempt may be made, else the seconds to wait."""
        wait_ms = max(
            self._accounts.retry_after_ms(login.casefold(), now),
            self._clients.retry_after_ms(client, now),
        )
        return -(-wait_ms // 1000)  # whole seconds, rounded up

    def failed(self, login: str, client: str, now: int) -> None:
        self._accounts.fail(login.casefold(), now)
        self._clients.fail(client, now)

    def succeeded(self, login: str) -> None:
        self._accounts.clear(login.casefold())
