"""Meta's webhook delivery policy as plain functions (docs/meta-platform.md section 1,
Delivery) [MPWH][GS]; the dispatcher (``simulator/webhooks/dispatcher.py``) only queues,
posts and schedules by them.

- what counts as delivered: a 200 (any 2xx with the ``accept_any_2xx`` knob) within the
  timeout; anything else is a failure;
- when a failed POST is tried again: at once, then thinning (``retry_delays_s``, then every
  ``retry_every_s``; Meta's exact backoff is UNCONFIRMED), on Meta's clock;
- what a run of failures leads to: after ``alert_after_s`` (15 min) the "Webhooks Failing"
  alert, after ``disable_after_s`` (1 h) "Webhooks Disabled"; a delivered POST ends the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from simulator.state.models import App, BusinessAccount

__all__ = [
    "Failing", "Verdict", "after_failure", "delivered", "disable_subscription", "retry_delay_s",
]  # fmt: skip


def delivered(status: int, *, accept_any_2xx: bool) -> bool:
    """Whether Meta takes the app's answer ``status`` as delivered."""
    return status == 200 or (accept_any_2xx and 200 <= status < 300)


def retry_delay_s(attempt: int, delays_s: Sequence[float], every_s: float) -> float:
    """Seconds of Meta's clock before the attempt after ``attempt`` (1 = the first POST)."""
    index = attempt - 1
    return delays_s[index] if 0 <= index < len(delays_s) else every_s


@dataclass
class Failing:
    """How long deliveries to the callback have been failing (a delivered POST resets it)."""

    since_ms: int | None = None
    alerted: bool = False


@dataclass(frozen=True)
class Verdict:
    """What one more failure leads to: the alert raised now, the subscription disabled now."""

    alert: bool
    disable: bool
    elapsed_s: float  # how long deliveries have been failing


def after_failure(
    failing: Failing, now_ms: int, *, alert_after_s: float, disable_after_s: float
) -> Verdict:
    """One more failure at ``now_ms`` (``failing`` is updated: its start, the alert raised)."""
    if failing.since_ms is None:
        failing.since_ms = now_ms
    elapsed_s = (now_ms - failing.since_ms) / 1000
    alert = not failing.alerted and elapsed_s >= alert_after_s
    failing.alerted = failing.alerted or alert
    return Verdict(alert, elapsed_s >= disable_after_s, elapsed_s)


def disable_subscription(app: App, business: BusinessAccount) -> None:
    """ "Webhooks Disabled": the app's subscription goes inactive and the account no longer
    sends to it, until the app subscribes again [MPWH]."""
    if app.subscription is not None:
        app.subscription.active = False
    business.subscribed_fields = []
    business.page_subscribed_fields = []
