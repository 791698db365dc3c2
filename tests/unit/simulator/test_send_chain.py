"""The Send API's checks in Meta's order (simulator/backend/send_api.py), without HTTP: when a
call is wrong in two ways, the error is the one Meta checks first (docs/meta-platform.md
section 2, Send API; section 3, errors)."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.backend import send_api
from simulator.config import SimulatorConfig
from simulator.errors import GraphError
from simulator.service import Simulator

HOUR_S = 3600


@pytest.fixture
def sim() -> Simulator:
    return Simulator(SimulatorConfig(seed=7, app_mode="development"))


def accept(sim: Simulator, body: dict[str, Any], *, token: str | None = "", node: str = "me"):
    return send_api.accept(
        sim.store, sim.rate_limits, now_ms=sim.clock.now_ms(),
        token=sim.business.access_token if token == "" else token, proof=None,
        proof_required=False, node=node, body=body,
    )  # fmt: skip


def refusal(sim: Simulator, body: dict[str, Any], **kwargs: Any) -> tuple[int, int | None]:
    with pytest.raises(GraphError) as refused:
        accept(sim, body, **kwargs)
    return refused.value.code, refused.value.subcode


def text_to(igsid: str, text: str = "Thanks!", **extra: Any) -> dict[str, Any]:
    return {"recipient": {"id": igsid}, "message": {"text": text}, **extra}


def test_a_tester_who_wrote_is_answered(sim: Simulator) -> None:
    user = sim.create_user(role="tester")
    sim.send_text(user, "hello")
    accepted = accept(sim, text_to(user.igsid))
    assert accepted.user is user and accepted.send.message is not None


def test_the_token_is_checked_before_the_node_and_the_payload(sim: Simulator) -> None:
    assert refusal(sim, {"nonsense": 1}, token="not-a-token", node="12345")[0] == 190
    assert refusal(sim, {"nonsense": 1}, token=None, node="12345")[0] == 190


def test_a_token_without_the_messaging_permission_is_refused_before_the_node(
    sim: Simulator,
) -> None:
    basic = sim.mint_token(scopes=["instagram_business_basic"]).value
    assert refusal(sim, {"nonsense": 1}, token=basic, node="12345")[0] in (10, 200)


def test_the_node_is_checked_before_the_payload(sim: Simulator) -> None:
    assert refusal(sim, {"nonsense": 1}, node="12345") == (100, 33)


def test_an_unknown_recipient_is_refused_before_the_policy(sim: Simulator) -> None:
    assert refusal(sim, text_to("999")) == (100, 2534014)


def test_a_user_without_a_role_in_development_mode_is_refused_before_the_window(
    sim: Simulator,
) -> None:
    stranger = sim.create_user(role=None)  # never wrote: the window is closed too
    assert refusal(sim, text_to(stranger.igsid)) == (200, 2018028)


def test_the_window_closes_after_24_hours_and_human_agent_keeps_it_7_days(
    sim: Simulator,
) -> None:
    user = sim.create_user(role="tester")
    sim.send_text(user, "hello")
    sim.clock.advance(25 * HOUR_S)
    assert refusal(sim, text_to(user.igsid)) == (10, 2534022)
    human = text_to(user.igsid, messaging_type="MESSAGE_TAG", tag="HUMAN_AGENT")
    assert accept(sim, human).user is user
    sim.clock.advance(7 * 24 * HOUR_S)
    assert refusal(sim, human) == (10, 2534022)


def test_the_window_is_checked_before_the_rate_limit(sim: Simulator) -> None:
    user = sim.create_user(role="tester")
    sim.send_text(user, "hello")
    sim.rate_limits.per_second["send"] = 1  # one send, then Meta's 613 for a second
    accept(sim, text_to(user.igsid))
    assert refusal(sim, text_to(user.igsid)) == (613, 2534040)
    sim.clock.advance(25 * HOUR_S)
    assert refusal(sim, text_to(user.igsid)) == (10, 2534022)


def test_a_reply_or_a_reaction_must_name_a_message_of_this_thread(sim: Simulator) -> None:
    user, other = sim.create_user(role="tester"), sim.create_user(role="tester")
    own = sim.send_text(user, "hello").mid
    elsewhere = sim.send_text(other, "hi").mid
    assert refusal(sim, text_to(user.igsid, reply_to={"mid": elsewhere}))[0] == 100
    assert accept(sim, text_to(user.igsid, reply_to={"mid": own})).send.reply_to == own
    react = {"recipient": {"id": user.igsid}, "sender_action": "react"}
    assert (
        refusal(sim, {**react, "payload": {"message_id": elsewhere, "reaction": "love"}})[0] == 100
    )
    reacted = accept(sim, {**react, "payload": {"message_id": own, "reaction": "love"}})
    assert reacted.send.message is None and reacted.send.sender_action == "react"
