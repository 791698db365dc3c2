"""Who reaches the app: App Roles, Advanced Access, and the fields Meta sends.

Facts from meta-platform.md section 1, Preconditions and section 4, Access ([IMWH][IGWH][IGAR]);
section 2, Subscriptions ([SUBS][IGWH]). Rejection reason #5 (rejection-reasons.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.stack import Stack
from steps.diagnosis import delivery_problems, explained_by_platform
from steps.drivers.app_dashboard import AppDashboard
from steps.drivers.base import AgentConsole, ChatView
from steps.drivers.instagram import ApiInstagramUser
from steps.drivers.meta import MetaPlatform, events_of
from steps.drivers.meta_delivery import MetaDelivery


@pytest.fixture
def app_dashboard(stack: Stack) -> Iterator[AppDashboard]:
    yield AppDashboard(stack)


# -- roles and Advanced Access ------------------------------------------------------------------
@when("the developer adds that user as a tester of the app")
def _add_tester(app_dashboard: AppDashboard, stranger: dict[str, Any]) -> None:
    assert app_dashboard.give_role(stranger["igsid"], "tester")["role"] == "tester"


@given("the Meta app is live with Advanced Access")
def _live(app_dashboard: AppDashboard, stack: Stack) -> None:
    app_dashboard.set_mode("live")
    assert stack.control.state()["app"]["mode"] == "live"


@then(
    "that user's message appears in the contact center as a new conversation",
    target_fixture="conversation",
)
def _stranger_conversation(
    agent_console: AgentConsole, stack: Stack, stranger_message: dict[str, Any]
) -> ChatView:
    with explained_by_platform(stack.sim, "A new conversation in the contact center"):
        agent_console.wait_for_new_conversation(kind="direct")
        view = agent_console.wait_for_message(stranger_message["text"], direction="in")
    assert view.status == "open"
    return view


@then(parsers.parse('that user sees the answer "{text}" in Direct'))
def _stranger_sees(stack: Stack, stranger: dict[str, Any], text: str) -> None:
    ApiInstagramUser(stack.sim, stranger).wait_for_reply(text)


# -- subscribed fields --------------------------------------------------------------------------
def _subscribe(app_dashboard: AppDashboard, meta_platform: MetaPlatform, *fields: str) -> None:
    saved = app_dashboard.save_callback(fields)
    assert saved.status_code == 200, f"saving the callback failed: {saved.text}"
    app_dashboard.subscribe_account(fields)
    [subscription] = meta_platform.subscriptions()
    assert [f["name"] for f in subscription["fields"]] == list(fields)


@given(parsers.parse('the app and the account are subscribed to the "{field}" field only'))
def _only_field(app_dashboard: AppDashboard, meta_platform: MetaPlatform, field: str) -> None:
    _subscribe(app_dashboard, meta_platform, field)


@given(
    parsers.parse('the app and the account are subscribed to the "{first}" and "{second}" fields')
)
def _two_fields(
    app_dashboard: AppDashboard, meta_platform: MetaPlatform, first: str, second: str
) -> None:
    _subscribe(app_dashboard, meta_platform, first, second)


@given("the account has unsubscribed the app")
def _unsubscribed(app_dashboard: AppDashboard) -> None:
    app_dashboard.unsubscribe_account()
    assert app_dashboard.account_subscriptions() == []


@when(
    parsers.parse('the test user reacts with "{reaction}" to the message "{text}"'),
    target_fixture="reaction",
)
def _react(stack: Stack, tester: dict[str, Any], reaction: str, text: str) -> dict[str, Any]:
    thread = stack.control.thread(tester["igsid"])
    [mid] = [m["mid"] for m in thread["messages"] if m["direction"] == "out" and m["text"] == text]
    stack.control.react(tester["igsid"], mid, reaction)
    return {"mid": mid, "reaction": reaction}


def _never_posted(meta_platform: MetaPlatform, mid: str, kind: str) -> None:
    """Meta logged why it sent nothing for ``kind`` about ``mid``, and POSTed no such event."""
    logged = [d for d in meta_platform.deliveries(mid) if any(kind in e for e in events_of(d))]
    assert logged, f"the delivery log says nothing about the {kind}"
    posted = [d for d in logged if d["outcome"] != "not_delivered"]
    assert not posted, f"Meta POSTed the {kind}: {posted}"


@then("Meta sends no webhook for the reaction")
def _no_reaction(meta_platform: MetaPlatform, reaction: dict[str, Any]) -> None:
    _never_posted(meta_platform, reaction["mid"], "reaction")


def _reactions(attempts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [d for d in attempts if any("reaction" in e for e in events_of(d))]


@then("Meta delivers the reaction to the contact center, which answers 200")
def _reaction_delivered(meta_delivery: MetaDelivery, reaction: dict[str, Any]) -> None:
    attempts = meta_delivery.wait_for_attempts(
        reaction["mid"], lambda found: bool(_reactions(found)), what="Meta's reaction webhook"
    )
    [found, *_] = _reactions(attempts)
    [event] = events_of(found)
    assert event["reaction"]["reaction"] == reaction["reaction"], event
    assert (found["outcome"], found["status"]) == ("delivered", 200), (
        f"Meta would retry the reaction: HTTP {found['status']} ({found['error']})"
    )


@then("Meta sends no webhook for the test user's message")
def _no_message(meta_platform: MetaPlatform, sent_message: dict[str, Any]) -> None:
    _never_posted(meta_platform, sent_message["mid"], "message")


def _explained(stack: Stack, *words: str) -> None:
    problems = delivery_problems(stack.sim)
    assert any(all(w in p for w in words) for p in problems), problems


@then(
    parsers.parse('the harness explains that the subscription does not include the "{field}" field')
)
def _field_missing(stack: Stack, field: str) -> None:
    _explained(stack, "subscription does not include", f"'{field}'")


@then(
    parsers.parse('the harness explains that the account has not subscribed the app to "{field}"')
)
def _account_missing(stack: Stack, field: str) -> None:
    if stack.business.get("flavour") == "facebook":
        _explained(stack, "the Page has not subscribed the app")
    else:
        _explained(stack, "the account has not subscribed the app", f"'{field}'")
