"""The contact center down past Meta's threshold: "Webhooks Disabled", explained, re-enabled.

Facts from meta-platform.md section 1, Delivery ([MPWH]; the 36 h of [GS][IGWH] is a knob).
"""

from __future__ import annotations

from pytest_bdd import then, when

from fixtures.stack import Stack
from steps.diagnosis import explained_by_platform
from steps.drivers.app_dashboard import AppDashboard
from steps.drivers.base import AgentConsole
from steps.drivers.meta import MetaPlatform
from steps.drivers.meta_delivery import DISABLED, MetaDelivery
from steps.webhook_retries import RETRY_LIMIT_S

NOTHING_EXPECTED_S = 0.1  # a wait that is meant to end empty-handed: short, never a sleep


@when("Meta keeps retrying on its clock for over an hour")
def _retry_past_threshold(meta_delivery: MetaDelivery) -> None:
    took_s = meta_delivery.retry_until(
        lambda: any(a["kind"] == DISABLED for a in meta_delivery.alerts),
        limit_s=RETRY_LIMIT_S,
        what='Meta marking the webhooks "Webhooks Disabled"',
    )
    assert took_s >= 3600, f"Meta disabled the webhooks after {took_s:.0f} s, not an hour"


@then("Meta lists the callback as disabled and no longer subscribed by the account")
def _disabled(meta_platform: MetaPlatform, app_dashboard: AppDashboard) -> None:
    [subscription] = meta_platform.subscriptions()
    assert subscription["active"] is False, subscription
    assert app_dashboard.account_subscriptions() == []


@then(
    "waiting for the conversation ends with the harness explaining that Meta disabled the webhooks"
)
def _explained(agent_console: AgentConsole, stack: Stack) -> None:
    try:
        with explained_by_platform(stack.sim, "A new conversation in the contact center"):
            agent_console.wait_for_new_conversation(kind="direct", timeout=NOTHING_EXPECTED_S)
    except AssertionError as explained:
        message = str(explained)
    else:
        raise AssertionError("a conversation opened although Meta had disabled the webhooks")
    assert "Webhooks Disabled" in message and "save the callback again" in message, message


@when("the account subscribes the app again")
def _subscribe_again(app_dashboard: AppDashboard) -> None:
    app_dashboard.subscribe_account()
    assert app_dashboard.account_subscriptions(), "the account lists no subscribed app"
