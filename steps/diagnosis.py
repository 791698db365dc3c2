"""Turn "nothing arrived" into a reason, read from what Meta's side recorded.

A contact center that shows nothing after a Direct message is the costliest App Review failure
to debug (rejection-reasons.md #5, #10): the webhook was never sent, or it was sent and refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fixtures.http import SyncHttp
from simulator.contract import control as api
from simulator.contract.control_client import Control

RECENT = 5


def delivery_problems(sim: SyncHttp) -> list[str]:
    """The recent webhook deliveries that did not reach the app, in words."""
    answer = Control(sim).call(api.DELIVERIES)
    if answer.status_code != 200:
        return [f"the simulator's delivery log is unavailable (HTTP {answer.status_code})"]
    problems = []
    for delivery in answer.json()[-RECENT * 4 :]:
        outcome = delivery.get("outcome")
        if outcome == "not_delivered":
            problems.append(f"webhook {delivery['error']}")
        elif outcome == "failed":
            status = delivery.get("status")
            reason = f"HTTP {status}" if status else delivery.get("error") or "no answer"
            attempt = delivery["attempt"]
            problems.append(f"webhook POST to {delivery.get('url')} failed: {reason} ({attempt=})")
    return problems[-RECENT:]


@contextmanager
def explained_by_platform(sim: SyncHttp, what: str) -> Iterator[None]:
    """Re-raise a wait that timed out with what Meta's side saw meanwhile."""
    try:
        yield
    except Exception as exc:
        if not _is_timeout(exc):
            raise
        problems = platform_alerts(sim) + delivery_problems(sim)
        found = "\n  - ".join(problems) if problems else "every webhook was delivered with 2xx"
        raise AssertionError(f"{what} did not happen.\nMeta's side recorded:\n  - {found}") from exc


def platform_alerts(sim: SyncHttp) -> list[str]:
    """Meta's "Webhooks Failing" and "Webhooks Disabled" alerts [MPWH], in plain words."""
    answer = Control(sim).call(api.ALERTS)
    if answer.status_code != 200:
        return []
    return [ALERTS[a["kind"]].format(**a) for a in answer.json() if a.get("kind") in ALERTS]


ALERTS = {
    "webhooks_failing": (
        'Meta warned "Webhooks Failing": {reason}. Meta disables the webhooks after an hour of '
        "failures"
    ),
    "webhooks_disabled": (
        'Meta marked the app\'s webhooks "Webhooks Disabled" ({reason}): Meta sends nothing '
        "more and drops what it could not deliver, so nothing can reach the contact center. "
        "To resume, save the callback again in the App Dashboard (POST /{{app-id}}/subscriptions) "
        "and subscribe the account again (POST /me/subscribed_apps)"
    ),
}


def _is_timeout(exc: BaseException) -> bool:
    """Our own waits raise TimeoutError; Playwright's raise its TimeoutError or AssertionError."""
    return isinstance(exc, TimeoutError | AssertionError) or type(exc).__name__ == "TimeoutError"
