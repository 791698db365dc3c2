"""The harness moves Meta's clock from one scheduled retry to the next (never sleeping), and a
wait that times out after Meta disabled the webhooks says so in plain words [MPWH]."""

from __future__ import annotations

import pytest

from fixtures.stack import Stack, start_stack
from steps.diagnosis import explained_by_platform
from steps.drivers.fixtures import console_session
from steps.drivers.meta_delivery import DISABLED, MetaDelivery
from steps.drivers.reference import ReferenceApiConsole

pytestmark = pytest.mark.simulator_only


def _outage(stack: Stack) -> tuple[MetaDelivery, str]:
    delivery = MetaDelivery(stack)
    delivery.fail_for(503, 2 * 3600)
    tester = stack.sim.post("/_sim/users", json={"role": "tester"}).json()
    sent = stack.sim.post(f"/_sim/users/{tester['igsid']}/messages", json={"text": "hello?"})
    mid = sent.json()["mid"]
    delivery.wait_for_attempts(mid, bool, what="the first attempt")
    return delivery, mid


def test_an_hour_of_retries_runs_on_metas_clock_and_the_disabling_is_explained() -> None:
    with start_stack("in-process", seed=4) as stack:
        console = ReferenceApiConsole(console_session(stack))
        console.log_in(stack.agent.login, stack.agent.password)
        console.choose_status("Return to operating")
        delivery, mid = _outage(stack)
        took_s = delivery.retry_until(
            lambda: any(a["kind"] == DISABLED for a in delivery.alerts),
            limit_s=3 * 3600,
            what="Webhooks Disabled",
        )
        assert 3600 <= took_s < 3 * 3600
        attempts = delivery.attempts(mid)
        assert len(attempts) > 8 and {d["outcome"] for d in attempts} == {"failed"}
        with (
            pytest.raises(AssertionError, match='"Webhooks Disabled"') as caught,
            explained_by_platform(stack.sim, "A new conversation"),
        ):
            console.wait_for_new_conversation(timeout=0.1)
    assert "save the callback again" in str(caught.value)
    assert 'Meta warned "Webhooks Failing"' in str(caught.value)


def test_retries_that_do_not_succeed_in_time_are_named_with_their_due_times() -> None:
    with start_stack("in-process", seed=4) as stack:
        delivery, _ = _outage(stack)
        with pytest.raises(AssertionError, match="did not happen within 1 minutes") as caught:
            delivery.retry_until(lambda: False, limit_s=60, what="the message taken")
    assert "next retries are due at" in str(caught.value)
