"""Meta's delivery machinery on its own clock: faults on the way to the callback, retries
stepped through by moving the simulated clock (never by waiting), and Meta's alerts.

Facts [MPWH][GS] (meta-platform.md section 1, Delivery): a failed delivery is retried at once,
then thinning out (the schedule is UNCONFIRMED: the simulator's ``retry_delays_s``); after
15 min of failures Meta alerts, after 1 h it disables the webhooks. Each retry the simulator
schedules is announced on the control API's events as ``delivery.retry`` with its ``due_ms``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from fixtures.stack import Stack
from simulator.contract import control as api
from simulator.contract.control_client import Control
from steps.drivers.base import DEFAULT_TIMEOUT_S

LONG_POLL_S = 2.0
DISABLED = "webhooks_disabled"
FAILING = "webhooks_failing"


class MetaDelivery:
    """Faults, Meta's clock and the retries it schedules, for one scenario."""

    def __repr__(self) -> str:  # Allure prints the fixtures given to steps
        return "Meta's webhook delivery (the simulator)"

    def __init__(self, stack: Stack) -> None:
        self._sim = stack.sim
        self._seq = 0
        self._failed: set[str] = set()  # mids whose last attempt failed, retry not yet known
        self._due: dict[str, int] = {}  # mid -> due time of its scheduled retry (Meta's ms)
        self.alerts: list[dict[str, Any]] = []

    # -- faults ---------------------------------------------------------------------------------
    def fail_for(self, status: int, seconds: float) -> None:
        """Deliveries get HTTP ``status`` for ``seconds`` of Meta's clock (the app sees none)."""
        self._fault({"kind": "status", "value": status, "for_s": seconds})

    def lose_answers(self, count: int) -> None:
        """The next ``count`` POSTs reach the app; its answers never reach Meta."""
        self._fault({"kind": "drop", "count": count})

    def clear_faults(self) -> None:
        Control(self._sim).clear_faults()

    def _fault(self, body: dict[str, Any]) -> None:
        answer = Control(self._sim).call(api.ADD_FAULT, json=body)
        assert answer.status_code == 200, f"the fault was refused: {answer.text}"

    # -- the delivery log -----------------------------------------------------------------------
    def attempts(self, mid: str) -> list[dict[str, Any]]:
        """Every attempt Meta logged for ``mid``, oldest first."""
        logged = Control(self._sim).deliveries()
        return [d for d in logged if mid in d["event_mids"]]

    def wait_for_attempts(
        self,
        mid: str,
        enough: Callable[[list[dict[str, Any]]], bool],
        *,
        what: str,
        timeout: float = DEFAULT_TIMEOUT_S,
    ) -> list[dict[str, Any]]:
        """``mid``'s attempts once ``enough`` says so; woken by the event feed."""
        deadline = time.monotonic() + timeout
        while not enough(found := self.attempts(mid)):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                summary = [(d["attempt"], d["outcome"], d["status"]) for d in found]
                raise TimeoutError(f"timed out waiting for {what}; attempts: {summary}")
            self._follow(min(remaining, LONG_POLL_S))
        return found

    # -- Meta's clock ---------------------------------------------------------------------------
    def now_ms(self) -> int:
        return Control(self._sim).state()["now_ms"]

    def retry_until(
        self,
        done: Callable[[], bool],
        *,
        limit_s: float,
        what: str,
        timeout: float = DEFAULT_TIMEOUT_S,
    ) -> float:
        """Move Meta's clock from one scheduled retry to the next until ``done()``, at most
        ``limit_s`` of Meta's time; the seconds of Meta's clock it took. ``timeout`` bounds
        each round (an attempt due or in flight), not the whole run of rounds."""
        start = now = self.now_ms()
        limit = start + round(limit_s * 1000)
        deadline = time.monotonic() + timeout
        while True:
            self._follow(0)
            if done():
                return (now - start) / 1000
            if self._failed or any(due <= now for due in self._due.values()):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"timed out waiting for Meta's retries ({what})")
                self._follow(LONG_POLL_S)  # an attempt is due or in flight
                continue
            upcoming = [due for due in self._due.values() if due <= limit]
            if not upcoming:
                raise AssertionError(
                    f"{what} did not happen within {limit_s / 60:.0f} minutes of Meta's clock; "
                    f"Meta's next retries are due at {sorted(self._due.values())} (ms), "
                    f"it is now {now}"
                )
            now = self._advance(min(upcoming) - now)
            deadline = time.monotonic() + timeout

    def _advance(self, ms: int) -> int:
        return Control(self._sim).advance_clock(max(ms, 0) / 1000)

    def _follow(self, wait_s: float) -> None:
        """Read Meta's events since the last ones seen, waiting up to ``wait_s`` for one."""
        found = Control(self._sim).events(after=self._seq, timeout=round(wait_s, 3))
        for event in found["events"]:
            self._seq = max(self._seq, int(event["seq"]))
            self._note(event["type"], event["data"])

    def _note(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "delivery":
            for mid in data["event_mids"]:
                self._due.pop(mid, None)
                if data["outcome"] == "failed":
                    self._failed.add(mid)
                else:
                    self._failed.discard(mid)
        elif kind == "delivery.retry":
            for mid in data["mids"]:
                self._failed.discard(mid)
                self._due[mid] = int(data["due_ms"])
        elif kind == "alert":
            self.alerts.append(data)
            if data["kind"] == DISABLED:  # nothing more is sent; what waited is dropped
                self._failed.clear()
                self._due.clear()
