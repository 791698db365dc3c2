"""Webhooks delivered out of order: the contact center orders by each event's ``timestamp``.

Facts from meta-platform.md section 1, Duplicates and order ([GS][MPWH]): after failures the
order of deliveries is not guaranteed, integrations sort by ``timestamp``.
"""

from __future__ import annotations

from typing import Any

import httpx
from pytest_bdd import given, parsers, then, when

from fixtures.stack import Stack
from steps.drivers.base import AgentConsole
from steps.drivers.meta import SIGNATURE_256, MetaPlatform, sign

MINUTE_MS = 60_000


@given(
    parsers.parse('the test user wrote "{first}" and a minute later "{second}"'),
    target_fixture="written",
)
def _written(
    meta_platform: MetaPlatform, stack: Stack, tester: dict[str, Any], first: str, second: str
) -> dict[str, bytes]:
    """Meta's signed webhook bodies for both messages, by text (not delivered yet)."""
    now = stack.control.state()["now_ms"]
    igsid = tester["igsid"]
    return {
        first: meta_platform.text_message(igsid, first, timestamp=now - MINUTE_MS),
        second: meta_platform.text_message(igsid, second, timestamp=now),
    }


@when(
    parsers.parse('Meta delivers the webhook of "{sooner}" before the webhook of "{later}"'),
    target_fixture="order_answers",
)
def _deliver_in_order(
    meta_platform: MetaPlatform, stack: Stack, written: dict[str, bytes], sooner: str, later: str
) -> list[httpx.Response]:
    secret = stack.state["app"]["secret"]
    return [
        meta_platform.post(written[text], {SIGNATURE_256: sign(secret, written[text])})
        for text in (sooner, later)
    ]


@then("the contact center accepts both webhooks")
def _both_accepted(order_answers: list[httpx.Response]) -> None:
    statuses = [answer.status_code for answer in order_answers]
    assert all(200 <= status < 300 for status in statuses), f"HTTP {statuses}"


@then(parsers.parse('the conversation shows "{first}" before "{second}"'))
def _in_order(agent_console: AgentConsole, first: str, second: str) -> None:
    agent_console.wait_for_message(first, direction="in")
    view = agent_console.wait_for_message(second, direction="in")
    shown = view.texts("in")
    assert shown == [first, second], f"the conversation shows {shown} [GS][MPWH]: sort by timestamp"
