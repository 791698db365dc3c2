"""Deliveries that fail, Meta's retries on its clock, and what the contact center shows after.

Facts from meta-platform.md section 1, Delivery and Duplicates and order ([MPWH][GS]); the
retry schedule is the simulator's documented default (UNCONFIRMED by Meta).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.stack import Stack
from steps.drivers.base import AgentConsole, InstagramUser
from steps.drivers.meta_delivery import FAILING, MetaDelivery

MINUTE_S = 60
RETRY_LIMIT_S = 6 * 3600  # how long of Meta's clock a step lets Meta retry before it gives up
Attempts = list[dict[str, Any]]


@pytest.fixture
def meta_delivery(stack: Stack) -> Iterator[MetaDelivery]:
    yield MetaDelivery(stack)


# -- faults -------------------------------------------------------------------------------------
@given(
    parsers.parse(
        "Meta's deliveries to the contact center fail with HTTP {status:d} "
        "for the next {minutes:d} minutes"
    )
)
@given(
    parsers.parse(
        "the contact center is down for {minutes:d} minutes: Meta's deliveries get HTTP {status:d}"
    )
)
def _failing(meta_delivery: MetaDelivery, status: int, minutes: int) -> None:
    """A proxy's or load balancer's answer while the app is away: the app sees no POST."""
    meta_delivery.fail_for(status, minutes * MINUTE_S)


@given(
    parsers.parse(
        "the contact center is down for {hours:d} hours: Meta's deliveries get HTTP {status:d}"
    )
)
def _failing_hours(meta_delivery: MetaDelivery, status: int, hours: int) -> None:
    meta_delivery.fail_for(status, hours * 60 * MINUTE_S)


@given("the contact center's answer to Meta's next delivery is lost on the way")
def _answer_lost(meta_delivery: MetaDelivery) -> None:
    meta_delivery.lose_answers(1)


@when("the contact center is back up")
def _back_up(meta_delivery: MetaDelivery) -> None:
    meta_delivery.clear_faults()


# -- what the user writes meanwhile -------------------------------------------------------------
@when(
    parsers.re(
        r'the test user sends the Direct messages "(?P<first>[^"]+)", "(?P<second>[^"]+)" '
        r'and "(?P<third>[^"]+)"'
    ),
    target_fixture="sent_messages",
)
def _send_three(
    instagram_user: InstagramUser, first: str, second: str, third: str
) -> list[dict[str, Any]]:
    return [{"text": t, "mid": instagram_user.send_message(t)} for t in (first, second, third)]


# -- Meta's attempts ------------------------------------------------------------------------------
def _first_fails(meta_delivery: MetaDelivery, message: dict[str, Any], status: int) -> None:
    [first, *_] = meta_delivery.wait_for_attempts(
        message["mid"], bool, what=f"Meta's first delivery of {message['text']!r}"
    )
    assert (first["outcome"], first["status"]) == ("failed", status), (
        f"Meta's first delivery of {message['text']!r}: {first['outcome']}, HTTP {first['status']}"
    )


@then(parsers.parse("Meta's first delivery of that message fails with HTTP {status:d}"))
def _first_failed(meta_delivery: MetaDelivery, sent_message: dict[str, Any], status: int) -> None:
    _first_fails(meta_delivery, sent_message, status)


@then(parsers.parse("Meta's first delivery of each of them fails with HTTP {status:d}"))
def _firsts_failed(
    meta_delivery: MetaDelivery, sent_messages: list[dict[str, Any]], status: int
) -> None:
    for message in sent_messages:
        _first_fails(meta_delivery, message, status)


def _taken(meta_delivery: MetaDelivery, messages: list[dict[str, Any]]) -> None:
    def all_taken() -> bool:
        return all(
            any(d["outcome"] == "delivered" for d in meta_delivery.attempts(m["mid"]))
            for m in messages
        )

    texts = ", ".join(repr(m["text"]) for m in messages)
    meta_delivery.retry_until(
        all_taken, limit_s=RETRY_LIMIT_S, what=f"the contact center taking {texts}"
    )


@when("Meta retries on its clock until the contact center takes it")
def _retry_one(meta_delivery: MetaDelivery, sent_message: dict[str, Any]) -> None:
    _taken(meta_delivery, [sent_message])


@when("Meta retries on its clock until the contact center takes them")
def _retry_all(meta_delivery: MetaDelivery, sent_messages: list[dict[str, Any]]) -> None:
    _taken(meta_delivery, sent_messages)


def _taken_on_retry(meta_delivery: MetaDelivery, message: dict[str, Any], minutes: int) -> None:
    attempts = meta_delivery.attempts(message["mid"])
    delivered = [d for d in attempts if d["outcome"] == "delivered"]
    assert len(delivered) == 1, f"{message['text']!r} was taken {len(delivered)} times"
    assert delivered[0]["attempt"] > 1, f"{message['text']!r} was taken at the first attempt"
    waited_s = (delivered[0]["at"] - attempts[0]["at"]) / 1000
    assert waited_s >= minutes * MINUTE_S, (
        f"taken {waited_s:.0f} s after the first attempt, within the {minutes} minutes outage"
    )


@then(
    parsers.parse(
        "the contact center took that message on a retry, "
        "{minutes:d} minutes or more after Meta's first attempt"
    )
)
def _one_taken(meta_delivery: MetaDelivery, sent_message: dict[str, Any], minutes: int) -> None:
    _taken_on_retry(meta_delivery, sent_message, minutes)


@then(
    parsers.parse(
        "the contact center took each of them on a retry, "
        "{minutes:d} minutes or more after Meta's first attempt"
    )
)
def _each_taken(
    meta_delivery: MetaDelivery, sent_messages: list[dict[str, Any]], minutes: int
) -> None:
    for message in sent_messages:
        _taken_on_retry(meta_delivery, message, minutes)


@then("Meta delivers that message twice, the second time after its first attempt failed")
def _delivered_twice(meta_delivery: MetaDelivery, sent_message: dict[str, Any]) -> None:
    attempts = meta_delivery.wait_for_attempts(
        sent_message["mid"],
        lambda found: any(d["outcome"] == "delivered" for d in found),
        what=f"Meta's retry of {sent_message['text']!r}",
    )
    outcomes = [(d["attempt"], d["outcome"]) for d in attempts]
    assert outcomes == [(1, "failed"), (2, "delivered")], outcomes
    assert "answer was lost" in (attempts[0]["error"] or ""), attempts[0]["error"]


@then(parsers.parse('Meta {alerted} a "Webhooks Failing" alert'))
def _alert(stack: Stack, alerted: str) -> None:
    assert alerted in ("raised", "raised no"), f"'raised' or 'raised no', not {alerted!r}"
    alerts = stack.control.alerts()
    failing = [a for a in alerts if a["kind"] == FAILING]
    assert bool(failing) == (alerted == "raised"), f"Meta's alerts: {alerts}"


# -- what the conversation shows ------------------------------------------------------------------
def _shown_once_in_order(agent_console: AgentConsole, texts: list[str]) -> None:
    for text in texts:
        agent_console.wait_for_message(text, direction="in")
    shown = agent_console.current_conversation().texts("in")
    assert [t for t in shown if t in texts] == texts, f"the conversation shows {shown}"


@then(
    parsers.re(
        r'the conversation shows "(?P<first>[^"]+)", "(?P<second>[^"]+)" '
        r'and "(?P<third>[^"]+)" once each, in that order'
    )
)
def _three_in_order(agent_console: AgentConsole, first: str, second: str, third: str) -> None:
    _shown_once_in_order(agent_console, [first, second, third])


@then(
    parsers.re(
        r'the conversation shows "(?P<first>[^"]+)" and "(?P<second>[^"]+)" '
        r"once each, in that order"
    )
)
def _two_in_order(agent_console: AgentConsole, first: str, second: str) -> None:
    _shown_once_in_order(agent_console, [first, second])
