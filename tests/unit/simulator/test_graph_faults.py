"""``/_sim/graph_faults``: documented Graph errors on demand, logged with the send's tag."""

from __future__ import annotations

import pytest

from tests.unit.simulator.conftest import Stack

pytestmark = [pytest.mark.anyio, pytest.mark.meta_verified]


async def test_a_fault_answers_metas_error_for_the_next_sends_then_sends_go_through(
    stack: Stack,
) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    added = await stack.client.post(
        "/_sim/graph_faults", json={"code": 613, "subcode": 2534040, "count": 2}
    )
    assert added.status_code == 200, added.text
    for _ in range(2):
        refused = await stack.send(user.igsid, "Hello")
        error = refused.json()["error"]
        assert (refused.status_code, error["code"], error["error_subcode"]) == (400, 613, 2534040)
        assert error["message"] == "(#613) Calls to this api have exceeded the rate limit."
    assert (await stack.send(user.igsid, "Hello")).status_code == 200
    assert [t.text for t in stack.sim.thread(user) if not t.from_user] == ["Hello"]
    assert (await stack.client.get("/_sim/graph_faults")).json() == {"faults": []}


@pytest.mark.parametrize(("code", "status"), [(2, 500), (1, 500), (190, 400), (10, 403)])
async def test_each_documented_code_has_metas_status(stack: Stack, code: int, status: int) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    await stack.client.post("/_sim/graph_faults", json={"code": code, "count": 1})
    refused = await stack.send(user.igsid, "Hello")
    assert (refused.status_code, refused.json()["error"]["code"]) == (status, code)


async def test_a_fault_on_sends_leaves_other_calls_alone_and_reset_clears_it(stack: Stack) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    await stack.client.post("/_sim/graph_faults", json={"code": 2, "for_s": 60})
    profile = await stack.client.get(f"/graph/v25.0/{user.igsid}", headers=stack.bearer())
    assert profile.status_code == 200
    assert (await stack.send(user.igsid, "Hello")).status_code == 500
    await stack.client.post("/_sim/reset", json={})
    assert (await stack.client.get("/_sim/graph_faults")).json() == {"faults": []}


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"code": 999, "count": 1}, "Meta documents no error 999"),
        ({"code": 613, "subcode": 1, "count": 1}, "Meta documents no error 613/1"),
        ({"code": "4", "count": 1}, "must be integers"),
        ({"code": 4}, "either 'count'"),
        ({"code": 4, "count": 0}, "positive integer"),
        ({"code": 4, "count": 1, "calls": "profile"}, "'calls' must be one of"),
    ],
)
async def test_an_undocumented_or_malformed_fault_is_refused_with_why(
    stack: Stack, body: dict, reason: str
) -> None:
    refused = await stack.client.post("/_sim/graph_faults", json=body)
    assert refused.status_code == 400 and reason in refused.json()["error"]["reason"]


async def test_the_call_log_names_each_sends_recipient_and_tag(stack: Stack) -> None:
    user = stack.sim.create_user()
    stack.sim.send_text(user, "hi")
    await stack.send(user.igsid, "untagged")
    await stack.send(user.igsid, "tagged", messaging_type="MESSAGE_TAG", tag="HUMAN_AGENT")
    calls = [c for c in (await stack.client.get("/_sim/graph_calls")).json() if c.get("tag") or
             c.get("recipient_id")]  # fmt: skip
    assert [(c["recipient_id"], c["messaging_type"], c["tag"]) for c in calls] == [
        (user.igsid, None, None),
        (user.igsid, "MESSAGE_TAG", "HUMAN_AGENT"),
    ]
