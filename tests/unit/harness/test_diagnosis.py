"""A conversation that never shows up is explained by what Meta's side recorded."""

from __future__ import annotations

import pytest

from fixtures.stack import start_stack
from steps.diagnosis import explained_by_platform
from steps.drivers.fixtures import console_session
from steps.drivers.reference import ReferenceApiConsole


def test_a_user_without_a_role_is_named_as_the_reason_nothing_arrived() -> None:
    """[IMWH] in development mode only people with a role on the app trigger webhooks."""
    with start_stack("in-process", seed=3) as stack:
        console = ReferenceApiConsole(console_session(stack))
        console.log_in(stack.agent.login, stack.agent.password)
        console.choose_status("Return to operating")
        stranger = stack.sim.post("/_sim/users", json={"role": None}).json()
        stack.sim.post(f"/_sim/users/{stranger['igsid']}/messages", json={"text": "hello?"})
        with (
            pytest.raises(AssertionError, match="has no role on it") as caught,
            explained_by_platform(stack.sim, "A new conversation"),
        ):
            console.wait_for_new_conversation(timeout=0.3)
    assert "A new conversation did not happen" in str(caught.value)
    assert f"@{stranger['username']}" in str(caught.value)


def test_other_failures_pass_through_unchanged() -> None:
    with (
        start_stack("in-process", seed=3) as stack,
        pytest.raises(KeyError),
        explained_by_platform(stack.sim, "anything"),
    ):
        raise KeyError("not a wait")
