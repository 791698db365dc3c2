"""Meta's webhook delivery policy as plain functions (simulator/backend/delivery_policy.py),
without HTTP or asyncio (docs/meta-platform.md section 1, Delivery) [MPWH]."""

from __future__ import annotations

import pytest

from simulator.backend import delivery_policy as policy
from simulator.config import SimulatorConfig
from simulator.service import Simulator
from simulator.state.models import AppSubscription

MINUTE_MS = 60_000


@pytest.mark.parametrize(
    ("status", "any_2xx", "delivered"),
    [(200, False, True), (204, False, False), (204, True, True), (301, True, False),
     (500, False, False), (199, True, False)],
)  # fmt: skip
def test_only_a_200_is_delivered_unless_any_2xx_is_taken(
    status: int, any_2xx: bool, delivered: bool
) -> None:
    assert policy.delivered(status, accept_any_2xx=any_2xx) is delivered


def test_retries_start_at_once_then_thin_out_then_keep_a_steady_pace() -> None:
    delays = (0.0, 5.0, 30.0)
    assert [policy.retry_delay_s(a, delays, 300.0) for a in (1, 2, 3, 4, 9)] == [
        0.0, 5.0, 30.0, 300.0, 300.0,
    ]  # fmt: skip
    defaults = SimulatorConfig()
    first = policy.retry_delay_s(1, defaults.retry_delays_s, defaults.retry_every_s)
    assert first == 0.0  # Meta retries a failed POST at once [MPWH]


def test_failing_for_15_minutes_alerts_once_and_for_an_hour_disables() -> None:
    failing = policy.Failing()
    limits = {"alert_after_s": 15 * 60, "disable_after_s": 3600}
    start = 1_000_000
    first = policy.after_failure(failing, start, **limits)
    assert (first.alert, first.disable, first.elapsed_s) == (False, False, 0)
    assert not policy.after_failure(failing, start + 14 * MINUTE_MS, **limits).alert
    alerted = policy.after_failure(failing, start + 15 * MINUTE_MS, **limits)
    assert alerted.alert and not alerted.disable
    assert not policy.after_failure(failing, start + 30 * MINUTE_MS, **limits).alert  # once
    assert policy.after_failure(failing, start + 60 * MINUTE_MS, **limits).disable


def test_a_failure_after_a_long_silence_can_alert_and_disable_at_once() -> None:
    failing = policy.Failing(since_ms=0)
    verdict = policy.after_failure(failing, 2 * 3600_000, alert_after_s=900, disable_after_s=3600)
    assert verdict.alert and verdict.disable and verdict.elapsed_s == 7200


def test_disabling_unsubscribes_the_account_and_deactivates_the_subscription() -> None:
    sim = Simulator(SimulatorConfig(seed=3))
    store = sim.store
    store.app.subscription = AppSubscription(
        "instagram", "https://app.test/webhook", ["messages"], "token", "v25.0"
    )
    store.business.subscribed_fields = ["messages"]
    policy.disable_subscription(store.app, store.business)
    assert store.business.subscribed_fields == [] and store.business.page_subscribed_fields == []
    assert store.app.subscription.active is False
