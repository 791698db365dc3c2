"""What Meta delivers, redelivers, echoes or never sends, and what the contact center shows.

Facts from meta-platform.md section 1 ([MPWH][GS][IMWH]) and 1.1 ([IGEX]); rejection
reasons #5 and #11.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from pytest_bdd import given, parsers, then, when

from fixtures.stack import Stack
from steps.diagnosis import delivery_problems, explained_by_platform
from steps.drivers.base import AgentConsole, ChatView, InstagramUser
from steps.drivers.meta import SIGNATURE_256, MetaPlatform, events_of, sign
from steps.records import UserRecord

REDELIVERY_DELAY_S = 60


# -- redeliveries and duplicates -------------------------------------------------------------
@when("a minute later Meta redelivers that message's webhook", target_fixture="redelivery")
def _redeliver(meta_platform: MetaPlatform, sent_message: dict[str, Any]) -> dict[str, Any]:
    first = meta_platform.wait_for_delivered(sent_message["mid"], what="the first delivery")
    meta_platform.advance_clock(REDELIVERY_DELAY_S)
    return {"first": first, "again": meta_platform.redeliver(first)}


@then("the redelivery carries the same message with a new entry time and a new signature")
def _same_message(redelivery: dict[str, Any], stack: Stack) -> None:
    first, again = redelivery["first"], redelivery["again"]
    assert events_of(again) == events_of(first), "a redelivery keeps mid and timestamp [MPWH]"
    times = [json.loads(d["body"])["entry"][0]["time"] for d in (first, again)]
    assert times[1] > times[0], f"entry.time {times}"
    signature = again["headers"][SIGNATURE_256]
    assert signature != first["headers"][SIGNATURE_256]
    assert signature == sign(stack.state["app"]["secret"], again["body"].encode())


@then("the contact center acknowledges the redelivery with a 2xx answer")
def _redelivery_acknowledged(redelivery: dict[str, Any]) -> None:
    again = redelivery["again"]
    assert again["outcome"] == "delivered", (
        f"Meta would keep retrying: HTTP {again['status']} ({again['error']})"
    )


@when(
    "the same webhook POST reaches the contact center again, byte for byte",
    target_fixture="duplicate_answer",
)
def _duplicate(meta_platform: MetaPlatform, sent_message: dict[str, Any]) -> httpx.Response:
    first = meta_platform.wait_for_delivered(sent_message["mid"], what="the first delivery")
    return meta_platform.repost(first)


@then("the contact center acknowledges the duplicate with a 2xx answer")
def _duplicate_acknowledged(duplicate_answer: httpx.Response) -> None:
    assert 200 <= duplicate_answer.status_code < 300, (
        f"Meta would keep retrying: HTTP {duplicate_answer.status_code} {duplicate_answer.text}"
    )


@then(parsers.parse('the conversation shows the message "{text}" once'))
def _shown_once(agent_console: AgentConsole, text: str) -> None:
    shown = agent_console.current_conversation().texts()
    assert shown.count(text) == 1, f"the conversation shows {shown}"


# -- echoes ------------------------------------------------------------------------------------
@given(
    parsers.parse('the test user\'s message "{text}" is open in the contact center'),
    target_fixture="conversation",
)
def _open_conversation(
    instagram_user: InstagramUser, agent_console: AgentConsole, stack: Stack, text: str
) -> ChatView:
    instagram_user.send_message(text)
    with explained_by_platform(stack.sim, "A new conversation in the contact center"):
        view = agent_console.wait_for_new_conversation(kind="direct")
    assert view.texts("in") == [text], view.texts()
    return view


@when(parsers.parse('the business answers "{text}" from another tool through the Send API'))
def _reply_elsewhere(meta_platform: MetaPlatform, tester: dict[str, Any], text: str) -> None:
    meta_platform.send_as_business(tester["igsid"], text)


@then(parsers.parse('Meta echoes "{text}" to the contact center'), target_fixture="echo_mid")
def _echoed(meta_platform: MetaPlatform, stack: Stack, tester: dict[str, Any], text: str) -> str:
    mid = meta_platform.business_message_mid(tester["igsid"], text)
    delivery = meta_platform.wait_for_delivered(mid, what=f"the echo of {text!r}")
    [event] = events_of(delivery)
    assert event["message"].get("is_echo") is True
    assert (event["sender"]["id"], event["recipient"]["id"]) == (
        stack.business["ig_id"],
        tester["igsid"],
    )
    return mid


@then(parsers.parse('the conversation shows "{text}" once, as outgoing'))
def _echo_shown_once(agent_console: AgentConsole, echo_mid: str, text: str) -> None:
    try:  # Meta's 200 is not the console's render: wait for it as outgoing
        view = agent_console.wait_for_message(text, direction="out")
    except AssertionError:
        view = agent_console.current_conversation()  # not as outgoing: the asserts say how
    assert text not in view.texts("in"), f"the echo shows as incoming: {view.texts('in')}"
    assert view.texts("out").count(text) == 1, f"outgoing: {view.texts('out')}"
    assert [m.direction for m in view.messages if m.mid == echo_mid] == ["out"]


# -- development mode ----------------------------------------------------------------------------
@given("an Instagram user with no role on the app", target_fixture="stranger")
def _stranger(stack: Stack) -> dict[str, Any]:
    user = stack.control.create_user(role=None)
    assert user["role"] is None and stack.state["app"]["mode"] == "development"
    return UserRecord(user)


@when(
    parsers.parse('that user sends the Direct message "{text}"'), target_fixture="stranger_message"
)
def _stranger_writes(stack: Stack, stranger: dict[str, Any], text: str) -> dict[str, Any]:
    sent = stack.control.send_text(stranger["igsid"], text)
    return {"text": text, "mid": sent["mid"]}


@then("Meta sends no webhook for that message")
def _no_webhook(meta_platform: MetaPlatform, stranger_message: dict[str, Any]) -> None:
    logged = meta_platform.deliveries(stranger_message["mid"])
    assert logged, "the delivery log says nothing about the message"
    posted = [d for d in logged if d["outcome"] != "not_delivered" or d["attempt"] != 0]
    assert not posted, f"Meta POSTed it: {posted}"


@then("the harness explains that the app is in development mode and the user has no role on it")
def _reason_named(stack: Stack, stranger: dict[str, Any]) -> None:
    problems = delivery_problems(stack.sim)
    named = [p for p in problems if "development mode" in p and "no role" in p]
    assert named and f"@{stranger['username']}" in named[-1], problems


@then("the agent was notified of the test user's conversation only")
def _only_tester(agent_console: AgentConsole, tester: dict[str, Any]) -> None:
    shown = agent_console.notifications()
    assert len(shown) == 1 and tester["name"] in shown[0], f"notifications: {shown}"
