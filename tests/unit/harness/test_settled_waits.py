"""A wait ends on an event, either way: what it expects arrives, or the system settles without
it (Meta's queue idle, the app with nothing left to handle). A deadline is only a safety net,
so a failing check says why at once and a busy machine cannot turn a pass into a failure."""

from __future__ import annotations

import pytest

from fixtures.stack import Stack, start_stack
from steps.drivers.fixtures import console_session
from steps.drivers.meta_delivery import MetaDelivery
from steps.drivers.reference import ReferenceApiConsole
from steps.drivers.waiting import NothingMoreComing

pytestmark = pytest.mark.simulator_only
SAFETY_S = 60.0  # never reached by a passing run: each wait below ends on an event


def _operating(stack: Stack) -> ReferenceApiConsole:
    console = ReferenceApiConsole(console_session(stack))
    console.log_in(stack.agent.login, stack.agent.password)
    console.choose_status("Return to operating")
    return console


def _tester(stack: Stack) -> dict:
    return stack.sim.post("/_sim/users", json={"role": "tester"}).raise_for_status().json()


def _send(stack: Stack, tester: dict, text: str) -> str:
    answer = stack.sim.post(f"/_sim/users/{tester['igsid']}/messages", json={"text": text})
    return answer.raise_for_status().json()["mid"]


def test_a_message_that_arrives_is_seen_and_one_that_never_will_ends_the_wait_at_once() -> None:
    with start_stack("in-process", seed=11) as stack:
        console = _operating(stack)
        _send(stack, _tester(stack), "first words")
        chat = console.wait_for_new_conversation(timeout=SAFETY_S)
        assert chat.texts("in") == ["first words"]
        with pytest.raises(NothingMoreComing, match="'never sent' \\(in\\)") as caught:
            console.wait_for_message("never sent", timeout=SAFETY_S)
        assert "delivered every webhook" in str(caught.value)
        with pytest.raises(NothingMoreComing, match="a new direct conversation"):
            console.wait_for_new_conversation(timeout=SAFETY_S)


def test_while_meta_still_has_a_retry_to_send_the_wait_runs_to_its_deadline() -> None:
    """A callback failing for two hours of Meta's clock: a retry is always queued, in flight or
    scheduled, so nothing has settled and the wait can only end at its (short) deadline."""
    with start_stack("in-process", seed=12) as stack:
        console = _operating(stack)
        MetaDelivery(stack).fail_for(503, 2 * 3600)
        _send(stack, _tester(stack), "are you there?")
        with pytest.raises(TimeoutError) as caught:
            console.wait_for_new_conversation(timeout=0.3)
        assert not isinstance(caught.value, NothingMoreComing), caught.value
        queue = stack.sim.get("/_sim/queue").json()
        assert not queue["idle"] and queue["accepted"] == 1


def test_metas_queue_counts_what_it_accepted_and_is_idle_once_everything_was_answered() -> None:
    with start_stack("in-process", seed=13) as stack:
        console = _operating(stack)
        before = stack.sim.get("/_sim/queue").json()
        tester = _tester(stack)
        for text in ("one", "two", "three"):
            _send(stack, tester, text)
        console.wait_for_new_conversation(timeout=SAFETY_S)
        console.wait_for_message("three", timeout=SAFETY_S)
        MetaDelivery(stack).wait_for_attempts(
            _send(stack, tester, "four"), bool, what="the fourth message's delivery"
        )
        after = stack.sim.get("/_sim/queue").json()
        assert after["accepted"] - before["accepted"] == 4
        assert after == {**after, "queued": 0, "in_flight": 0, "scheduled": 0, "idle": True}
