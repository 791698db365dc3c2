"""The log of every webhook attempt, plus `not_delivered` entries that explain silent failures.

Each entry also goes to the event log as a `delivery` event (data = the entry).
"""

from __future__ import annotations

import logging

from simulator.clock import Clock
from simulator.events import EventLog
from simulator.state.models import Delivery
from simulator.state.store import Store

log = logging.getLogger("simulator.webhooks.dispatcher")


class DeliveryLog:
    def __init__(self, store: Store, events: EventLog, clock: Clock) -> None:
        self._store = store
        self._events = events
        self._clock = clock

    def all(self) -> list[Delivery]:
        return list(self._store.deliveries)

    def record(
        self,
        *,
        mids: list[str],
        body: str,
        headers: dict[str, str],
        status: int | None,
        attempt: int,
        error: str | None,
        url: str | None,
        outcome: str,
    ) -> Delivery:
        delivery = Delivery(
            id=self._store.next_delivery_id(),
            event_mids=list(mids),
            body=body,
            headers=dict(headers),
            status=status,
            attempt=attempt,
            error=error,
            at=self._clock.now_ms(),
            url=url,
            outcome=outcome,
        )
        self._store.deliveries.append(delivery)
        self._events.append("delivery", delivery.to_dict())
        return delivery

    def not_delivered(self, mids: list[str], reason: str, body: str) -> Delivery:
        """Nothing was POSTed: `error` says why (spec section 1, Preconditions)."""
        return self.record(
            mids=mids,
            body=body,
            headers={},
            status=None,
            attempt=0,
            error=f"not delivered: {reason}",
            url=None,
            outcome="not_delivered",
        )

    def alert(self, kind: str, url: str, reason: str) -> None:
        """Meta's alert to the developer ("Webhooks Failing", "Webhooks Disabled") [MPWH]."""
        alert = {"kind": kind, "url": url, "reason": reason, "at": self._clock.now_ms()}
        self._store.alerts.append(alert)
        self._events.append("alert", alert)
        log.warning("webhook alert %s: %s", kind, reason)
