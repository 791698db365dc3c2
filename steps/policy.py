"""Meta's messaging policy against the contact center: the 24 h window, the HUMAN_AGENT tag
up to 7 days, refused sends told to the agent, rate limits and transient errors retried.

Facts: meta-platform.md sections 3 and 4 ([IGSEND][MPSEND][IGOV][GERR][MPERR]); the features
cite them. Meta's side is read from the simulator's Graph call log and the user's thread.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.stack import Stack
from steps.diagnosis import explained_by_platform
from steps.drivers.base import AgentConsole, ChatView, SendRefused
from steps.drivers.meta_graph import MetaGraph, seconds_in

OUTSIDE_WINDOW = (10, 2534022)  # [IGSEND] "This message is sent outside of allowed window"
# What a console must say, in its own words, for each refusal the agent is told about.
WHY: dict[str, re.Pattern[str]] = {
    "the messaging window has closed": re.compile(r"window|24|7[ -]?days?|seven days", re.I),
    "Meta refused the access token": re.compile(r"token|log ?in|re-?authori[sz]|session", re.I),
    "a permission is missing": re.compile(r"permission|not allowed|denied", re.I),
}


@pytest.fixture
def meta_graph(stack: Stack) -> MetaGraph:
    return MetaGraph(stack.sim)


@when(parsers.parse("the user has written nothing more for {duration}"))
def _time_passes(meta_graph: MetaGraph, duration: str) -> None:
    """Meta's clock moves on; the contact center learns it from Meta, never from the harness."""
    meta_graph.advance_clock(seconds_in(duration))


@when(parsers.parse('the agent tries to answer "{text}"'), target_fixture="refusal")
def _try_answer(agent_console: AgentConsole, text: str) -> str | None:
    """What the console says when it does not send (None: it showed the answer as sent)."""
    try:
        agent_console.reply(text)
    except SendRefused as refused:
        return refused.shown
    return None


# -- Meta's answers on demand -----------------------------------------------------------------
@given(parsers.parse("Meta no longer accepts the app's access token (code 190, subcode {sub:d})"))
def _token_refused(meta_graph: MetaGraph, sub: int) -> None:
    meta_graph.fail_sends(190, sub, calls="any")


@given(parsers.parse("Meta refuses the app's sends for a missing permission (code {code:d})"))
def _permission_refused(meta_graph: MetaGraph, code: int) -> None:
    meta_graph.fail_sends(code)


@given(
    parsers.re(
        r"Meta answers the next (?P<count>\d+) sends? with (?P<what>[^(]+) "
        r"\(code (?P<code>\d+)(?:, subcode (?P<subcode>\d+))?\)"
    )
)
def _next_sends_fail(meta_graph: MetaGraph, count: str, code: str, subcode: str | None) -> None:
    meta_graph.fail_sends(int(code), int(subcode) if subcode else None, count=int(count))


# -- what Meta's side shows ---------------------------------------------------------------------
@then("Meta's Graph call log shows every answer so far went out without the HUMAN_AGENT tag")
def _all_untagged(meta_graph: MetaGraph, tester: dict[str, Any]) -> None:
    """Rejection reason 7: the tag is for a human's reply after 24 h, never inside them."""
    sent = [c for c in meta_graph.sends_to(tester["igsid"]) if c.sent]
    assert sent, "Meta's Graph call log shows no answer sent to the test user"
    tagged = [c for c in sent if c.tag is not None or c.messaging_type == "MESSAGE_TAG"]
    assert not tagged, f"{len(tagged)} of {len(sent)} answers were tagged: {tagged}"


@then("Meta's Graph call log shows the newest answer went out with the HUMAN_AGENT tag")
def _newest_tagged(meta_graph: MetaGraph, tester: dict[str, Any]) -> None:
    sent = [c for c in meta_graph.sends_to(tester["igsid"]) if c.sent]
    assert sent and sent[-1].tag == "HUMAN_AGENT", f"the answers Meta took: {sent}"


@then("Meta refuses the answer as sent outside the allowed window (code 10, subcode 2534022)")
def _refused_outside_window(meta_graph: MetaGraph, tester: dict[str, Any]) -> None:
    calls = meta_graph.sends_to(tester["igsid"])
    assert calls, "the contact center never called the Send API"
    assert not any(c.sent for c in calls), f"Meta took an answer: {calls}"
    assert (calls[-1].error_code, calls[-1].error_subcode) == OUTSIDE_WINDOW, calls[-1]


@then(parsers.parse("Meta's Graph call log shows {count:d} refused sends before the one Meta took"))
def _retried(meta_graph: MetaGraph, tester: dict[str, Any], count: int) -> None:
    calls = meta_graph.sends_to(tester["igsid"])
    assert [c.sent for c in calls] == [False] * count + [True], f"the Send API calls: {calls}"


@then(parsers.parse('the Instagram user never receives "{text}"'))
def _never_received(meta_graph: MetaGraph, tester: dict[str, Any], text: str) -> None:
    assert text not in meta_graph.received(tester["igsid"])


@then(parsers.parse('the Instagram user has received "{text}" exactly once'))
def _received_once(meta_graph: MetaGraph, tester: dict[str, Any], text: str) -> None:
    received = meta_graph.received(tester["igsid"])
    assert received.count(text) == 1, f"the user's thread shows the business's {received}"


# -- what the agent is told ------------------------------------------------------------------
@then(parsers.parse("the console tells the agent the answer was not sent because {why}"))
def _told(refusal: str | None, why: str) -> None:
    """Rejection reason 8 for the window: an agent not told believes the user was answered."""
    assert why in WHY, f"no refusal called {why!r}; known: {sorted(WHY)}"
    assert refusal is not None, "the console showed the answer as sent: the agent was not told"
    assert WHY[why].search(refusal), f"the console says {refusal!r}, which does not say {why}"


@then(parsers.parse('the conversation does not show "{text}" as sent'))
def _not_shown_sent(agent_console: AgentConsole, text: str) -> None:
    shown = agent_console.current_conversation().texts("out")
    assert text not in shown, f"the console lists {text!r} among the answers sent: {shown}"


@then(
    "the story mention opens a conversation in the contact center",
    target_fixture="conversation",
)
def _mention_opens(agent_console: AgentConsole, stack: Stack) -> ChatView:
    with explained_by_platform(stack.sim, "A story-mention conversation in the contact center"):
        view = agent_console.wait_for_new_conversation(kind="story_mention")
    assert view.status == "open"
    return view
