"""Wait on state, woken by a long-poll event feed: never a sleep, always a deadline.

A wait that is told how to see that the system has *settled* (Meta's side has nothing left to
send and the app nothing left to handle) ends as soon as it has, whether what it waited for
came or not: a check that fails then would fail at any later time too, so it fails at once
instead of at the deadline, and a slow machine only makes it later, never wrong.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from fixtures.http import SyncHttp
from simulator.contract.control_client import Control
from steps.drivers.base import ChatView

T = TypeVar("T")
LONG_POLL_S = 2.0
Settled = Callable[[], bool]


class NothingMoreComing(TimeoutError):
    """What a wait expected did not happen, and nothing more was going to (the system settled)."""


class EventFeed:
    """Follows a ``GET <path>?after=<seq>&timeout=<s>`` long-poll feed (both apps offer one)."""

    def __init__(self, http: SyncHttp, path: str) -> None:
        self._http = http
        self._path = path
        self.last_seq = 0
        self.seen: list[dict] = []

    def skip_to_now(self) -> None:
        """Forget what happened before now (an app that outlives one scenario has a past):
        asks without waiting (``timeout=0``: both feeds answer at once with their last seq)."""
        self._ask(0)
        self.seen.clear()

    def next_batch(self, timeout: float) -> list[dict]:
        """Block until events after the last one seen arrive, or ``timeout`` passes."""
        return self._ask(round(max(timeout, 0.05), 3))

    def _ask(self, timeout: float) -> list[dict]:
        answer = self._http.get(self._path, params={"after": self.last_seq, "timeout": timeout})
        answer.raise_for_status()
        body = answer.json()
        events = body.get("events", [])
        if events:
            self.last_seq = max(int(e["seq"]) for e in events)
        elif "last_seq" in body:
            self.last_seq = max(self.last_seq, int(body["last_seq"]))
        self.seen.extend(events)
        return events


def wait_until(
    check: Callable[[], T | None],
    feed: EventFeed,
    *,
    timeout: float,
    what: str,
    settled: Settled | None = None,
) -> T:
    """Re-check ``check`` each time the feed moves, until it gives a value or time runs out
    (or, given ``settled``, until the system settled without it)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value is not None and value is not False:
            return value
        if settled is not None and settled():
            value = check()  # what settled before the question is final: one last look
            if value is not None and value is not False:
                return value
            raise NothingMoreComing(
                f"gave up waiting for {what}: Meta's side has delivered every webhook and the "
                "app has handled them all, so it is not coming"
            )
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            recent = [e.get("type") for e in feed.seen[-10:]]
            raise TimeoutError(
                f"timed out after {timeout} s waiting for {what}; last events: {recent}"
            )
        feed.next_batch(min(remaining, LONG_POLL_S))


def wait_for_text(
    view: Callable[[], ChatView],
    feed: EventFeed,
    text: str,
    direction: str,
    timeout: float,
    settled: Settled | None = None,
) -> ChatView:
    """Until the conversation ``view()`` returns shows ``text`` in ``direction``."""

    def shown() -> ChatView | None:
        current = view()
        return current if text in current.texts(direction) else None

    what = f"the message {text!r} ({direction})"
    return wait_until(shown, feed, timeout=timeout, what=what, settled=settled)


def settled_when_idle(sim: SyncHttp, app_idle: Callable[[], bool]) -> Settled:
    """Settled: Meta's queue is idle (the control API's queue), then the app says it is idle, then
    Meta's queue is still idle and took no event meanwhile. Whatever the app did before it
    was idle that made Meta send more shows in the second read, so the three reads together
    mean nothing was left anywhere at the moment of the app's answer."""

    def settled() -> bool:
        before = Control(sim).queue()
        if not before["idle"] or not app_idle():
            return False
        after = Control(sim).queue()
        return after["idle"] and after["accepted"] == before["accepted"]

    return settled
