"""Conversations given to the agent: the guide's 8 simultaneous positions and the queue
beyond them (app-review-scenario.md, "Preconditions"; the integration guide in seeds/).

Users other than the reviewer's test user write through the simulator's control API (as
Instagram would deliver them), whatever the driver: nine users cost milliseconds.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.stack import Stack
from simulator.contract import control as api
from steps.diagnosis import explained_by_platform
from steps.drivers.base import AgentConsole, ChatView
from steps.records import UserRecord

_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
Written = dict[int, list[str]]  # what each user (numbered from 1) wrote, in order


@pytest.fixture
def written() -> Written:
    """What each user (numbered from 1) wrote, in order."""
    return {}


def _number(ordinal: str) -> int:
    found = _ORDINAL.match(ordinal)
    if found is None:
        raise ValueError(f"{ordinal!r}: write the user's number as 1st, 2nd, 9th ...")
    return int(found.group(1))


@given(
    parsers.re(r"(?P<count>\d+) Instagram users? who (?:is a tester|are testers) of the app"),
    target_fixture="users",
)
def _users(stack: Stack, count: str) -> list[dict[str, Any]]:
    made = []
    for _ in range(int(count)):
        answer = stack.control.call(api.CREATE_USER, json={"role": "tester"})
        assert answer.status_code in (200, 201), answer.text
        made.append(UserRecord(answer.json()))
    return made


def _write(stack: Stack, users: list[dict], written: Written, n: int, text: str) -> None:
    assert 1 <= n <= len(users), f"there are {len(users)} users, not a {n}th"
    answer = stack.control.call(api.SEND_TEXT, json={"text": text}, igsid=users[n - 1]["igsid"])
    assert answer.status_code in (200, 201), answer.text
    written.setdefault(n, []).append(text)


def _question(n: int) -> str:
    return f"Hello, this is customer {n}: is my order on its way?"


@when(parsers.parse("the first {count:d} of them send a Direct message each"))
def _first_write(stack: Stack, users: list[dict], written: Written, count: int) -> None:
    for n in range(1, count + 1):
        _write(stack, users, written, n, _question(n))


# "the 9th user ...": a number, never "the test user" (those steps belong to other modules)
_NTH = r"the (?P<ordinal>\d+(?:st|nd|rd|th)) user"


@when(parsers.re(_NTH + r" sends a Direct message$"))
def _one_writes(stack: Stack, users: list[dict], written: Written, ordinal: str) -> None:
    n = _number(ordinal)
    _write(stack, users, written, n, _question(n))


@when(parsers.re(_NTH + r" sends the Direct messages (?P<texts>.+)$"))
def _one_writes_several(
    stack: Stack, users: list[dict], written: Written, ordinal: str, texts: str
) -> None:
    for text in re.findall(r'"([^"]+)"', texts):
        _write(stack, users, written, _number(ordinal), text)


@then(parsers.parse("the agent holds {count:d} open chats, each showing its user's message"))
def _holds(agent_console: AgentConsole, stack: Stack, written: Written, count: int) -> None:
    views: list[ChatView] = []
    with explained_by_platform(stack.sim, f"{count} conversations in the contact center"):
        for _ in range(count):
            views.append(agent_console.wait_for_new_conversation(kind="direct"))
    assert len({v.conversation_id for v in views}) == count, [v.conversation_id for v in views]
    assert all(v.status == "open" for v in views), views
    shown = sorted(tuple(v.texts("in")) for v in views)
    assert shown == sorted(tuple(texts) for texts in written.values()), shown


@then(parsers.parse("the console shows {open_chats:d} open chats and {waiting:d} waiting"))
def _load(agent_console: AgentConsole, open_chats: int, waiting: int) -> None:
    """Capability ``queue_view`` (the scenario's tag says so)."""
    agent_console.wait_for_load(open_chats=open_chats, waiting=waiting)  # type: ignore[attr-defined]


@then(parsers.re(_NTH + r"'s conversation reaches the agent with everything written$"))
def _reaches(agent_console: AgentConsole, stack: Stack, written: Written, ordinal: str) -> None:
    """Nothing a waiting user wrote is lost, and it shows in the order written."""
    texts = written[_number(ordinal)]
    with explained_by_platform(stack.sim, f"The {ordinal} user's conversation"):
        agent_console.wait_for_new_conversation(kind="direct")
        view = agent_console.wait_for_message(texts[-1])
    assert view.status == "open"
    assert view.texts("in") == texts, f"shown {view.texts('in')}, written {texts}"
