"""Preconditions shared by every feature: the guide's set-up and the test user."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given

from fixtures.stack import Stack

GUIDE_POSITIONS = 8  # "Deixe ativado as 8 posições de atendimento simultâneas" (seeds/ guide)


@given("the contact center is set up as the integration guide recommends")
def _guide_setup(stack: Stack) -> None:
    """One agent with a password already set, 8 simultaneous positions, webhooks subscribed."""
    client = stack.new_service_client()
    answer = client.post(
        "/login", data={"login": stack.agent.login, "password": stack.agent.password}
    )
    assert answer.status_code == 303, f"the guide's agent cannot log in: HTTP {answer.status_code}"
    me = client.get("/api/me").json()
    assert me["positions"] == GUIDE_POSITIONS, f"the agent has {me['positions']} positions, not 8"
    client.post("/logout")


@given("an Instagram test user who is a tester of the app", target_fixture="tester")
def _tester(stack: Stack) -> dict[str, Any]:
    """A Faker-made Instagram user with the tester role (development mode needs one)."""
    answer = stack.sim.post("/_sim/users", json={"role": "tester"})
    assert answer.status_code in (200, 201), answer.text
    user = answer.json()
    assert user["role"] == "tester"
    return user
