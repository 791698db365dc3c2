"""Wait on state, woken by a long-poll event feed: never a sleep, always a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from fixtures.http import SyncHttp
from steps.drivers.base import ChatView

T = TypeVar("T")
LONG_POLL_S = 2.0


class EventFeed:
    """Follows a ``GET <path>?after=<seq>&timeout=<s>`` long-poll feed (both apps offer one)."""

    def __init__(self, http: SyncHttp, path: str) -> None:
        self._http = http
        self._path = path
        self.last_seq = 0
        self.seen: list[dict] = []

    def skip_to_now(self) -> None:
        """Forget what happened before now (an app that outlives one scenario has a past)."""
        self.next_batch(0)
        self.seen.clear()

    def next_batch(self, timeout: float) -> list[dict]:
        """Block until events after the last one seen arrive, or ``timeout`` passes."""
        answer = self._http.get(
            self._path, params={"after": self.last_seq, "timeout": round(max(timeout, 0.0), 3)}
        )
        answer.raise_for_status()
        body = answer.json()
        events = body.get("events", [])
        if events:
            self.last_seq = max(int(e["seq"]) for e in events)
        elif "last_seq" in body:
            self.last_seq = max(self.last_seq, int(body["last_seq"]))
        self.seen.extend(events)
        return events


def wait_until(check: Callable[[], T | None], feed: EventFeed, *, timeout: float, what: str) -> T:
    """Re-check ``check`` each time the feed moves, until it gives a value or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value is not None and value is not False:
            return value
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            recent = [e.get("type") for e in feed.seen[-10:]]
            raise TimeoutError(
                f"timed out after {timeout} s waiting for {what}; last events: {recent}"
            )
        feed.next_batch(min(remaining, LONG_POLL_S))


def wait_for_text(
    view: Callable[[], ChatView], feed: EventFeed, text: str, direction: str, timeout: float
) -> ChatView:
    """Until the conversation ``view()`` returns shows ``text`` in ``direction``."""

    def shown() -> ChatView | None:
        current = view()
        return current if text in current.texts(direction) else None

    return wait_until(shown, feed, timeout=timeout, what=f"the message {text!r} ({direction})")
