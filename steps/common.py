"""Preconditions shared by every feature: the guide's set-up and the test user."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given

from fixtures.stack import Stack
from reports.allure import attach_text
from simulator.contract import control as api
from steps.drivers.base import AgentConsole, capabilities_of
from steps.records import UserRecord

GUIDE_POSITIONS = 8  # "Deixe ativado as 8 posições de atendimento simultâneas" (seeds/ guide)


@given("the contact center is set up as the integration guide recommends")
def _guide_setup(stack: Stack, agent_console: AgentConsole) -> None:
    """Webhooks verified and subscribed, an agent account given; 8 simultaneous positions
    where the console driver can read them (capability ``guide_setup``)."""
    subscription = stack.control.state()["subscription"]
    assert subscription and subscription["active"], "Meta has no verified webhook callback"
    assert subscription["callback_url"] == stack.callback_url, subscription
    assert stack.agent.login and stack.agent.password, "the reviewer needs agent credentials"
    if "guide_setup" in capabilities_of(type(agent_console)):
        positions = agent_console.configured_positions()  # type: ignore[attr-defined]
        assert positions == GUIDE_POSITIONS, f"the agent has {positions} positions, not 8"
    else:
        attach_text(
            "guide set-up",
            f"{type(agent_console).__name__} cannot read the agent's positions: "
            "the 8 simultaneous positions were not checked",
        )


@given("an Instagram test user who is a tester of the app", target_fixture="tester")
def _tester(stack: Stack) -> dict[str, Any]:
    """A Faker-made Instagram user with the tester role (development mode needs one)."""
    answer = stack.control.call(api.CREATE_USER, json={"role": "tester"})
    assert answer.status_code in (200, 201), answer.text
    user = answer.json()
    assert user["role"] == "tester"
    return UserRecord(user)
