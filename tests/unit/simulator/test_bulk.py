"""Volume from the control API (issue 7, "bulk actions: N users x M messages, with a seed"):
every bulk message is a real Direct message with its webhook, the same seed gives the same
users and texts, and a plan that cannot run is refused before anything is sent."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest

from simulator.clock import Clock
from simulator.config import SimulatorConfig
from tests.unit.simulator.conftest import START_MS, Stack, deliveries_of, open_stack, wait_for
from tests.unit.simulator.test_event_shapes import control

pytestmark = pytest.mark.anyio


def _texts_received(stack: Stack) -> list[tuple[str, str]]:
    """(sender, text) of every message webhook the app received, in arrival order."""
    found = []
    for body, _ in stack.callback.received:
        for entry in json.loads(body)["entry"]:
            for event in entry.get("messaging", []):
                found.append((event["sender"]["id"], event["message"]["text"]))
    return found


async def test_n_users_each_send_m_messages_and_the_app_receives_every_one(stack: Stack) -> None:
    await stack.subscribe()
    done = await control(stack, "/bulk", {"users": 3, "messages": 4, "seed": 11})
    assert done["messages"] == 12 and len(done["users"]) == 3
    igsids = [u["igsid"] for u in done["users"]]
    threads = {i: stack.sim.thread(stack.sim.user(i)) for i in igsids}
    assert all(len(t) == 4 and all(m.from_user for m in t) for t in threads.values())
    last_mid = threads[igsids[-1]][-1].mid
    await wait_for(stack.sim, deliveries_of(last_mid))
    received = _texts_received(stack)
    sent = sorted((i, m.text) for i, t in threads.items() for m in t)
    assert sorted(received) == sent
    # round robin (the default): each user's first message before anyone's second
    assert [s for s, _ in received[:3]] == igsids
    span = stack.sim.events.after(done["first_seq"] - 1)
    assert sum(e.type == "thread.message" for e in span) == 12


async def test_per_user_order_and_a_template_that_names_the_sender(stack: Stack) -> None:
    user = stack.sim.create_user()
    done = await control(
        stack,
        "/bulk",
        {"igsids": [user.igsid], "users": 1, "messages": 2, "order": "per_user",
         "template": "#{i} ({n}) from @{username}"},
    )  # fmt: skip
    other = done["users"][1]
    assert done["users"][0]["igsid"] == user.igsid
    assert [m.text for m in stack.sim.thread(user)] == [
        f"#0 (0) from @{user.username}",
        f"#1 (1) from @{user.username}",
    ]
    assert [m.text for m in stack.sim.thread(stack.sim.user(other["igsid"]))] == [
        f"#2 (0) from @{other['username']}",
        f"#3 (1) from @{other['username']}",
    ]


async def _bulk_in_fresh_simulator(seed: int, body: dict[str, Any]) -> list[tuple[str, Any]]:
    async for stack in open_stack(SimulatorConfig(seed=seed), Clock(start_ms=START_MS)):
        done = await control(stack, "/bulk", body)
        return [
            (u["username"], [m.text for m in stack.sim.thread(stack.sim.user(u["igsid"]))])
            for u in done["users"]
        ]
    raise AssertionError("the stack did not open")


async def test_the_same_seed_gives_the_same_users_and_texts() -> None:
    body = {"users": 4, "messages": 3, "seed": 5}
    first = await _bulk_in_fresh_simulator(9, body)
    assert first == await _bulk_in_fresh_simulator(9, body)
    other_texts = await _bulk_in_fresh_simulator(9, {**body, "seed": 6})
    assert [t for _, t in other_texts] != [t for _, t in first]
    assert [u for u, _ in other_texts] == [u for u, _ in first]  # users follow the sim's seed
    assert len({t for _, texts in first for t in texts}) == 12


async def test_mixed_scripts_reach_the_app_intact(stack: Stack) -> None:
    await stack.subscribe()
    done = await control(stack, "/bulk", {"users": 2, "messages": 30, "scripts": "mixed"})
    users = [stack.sim.user(u["igsid"]) for u in done["users"]]
    await wait_for(stack.sim, deliveries_of(stack.sim.thread(users[-1])[-1].mid))
    texts = [t for _, t in _texts_received(stack)]
    assert len(texts) == 60
    names = {unicodedata.name(c, "?").split()[0] for t in texts for c in t if ord(c) > 0x2FF}
    assert {"CYRILLIC", "ARABIC", "CJK"} <= names, names
    assert any(ord(c) >= 0x1F300 for t in texts for c in t)  # emoji


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ({}, 400, "give 'users'"),
        ({"users": 0, "igsids": []}, 400, "give 'users'"),
        ({"users": 10_001}, 400, "'users' must be 0 to 10000"),
        ({"users": 1, "messages": 0}, 400, "'messages' must be 1"),
        ({"users": 1000, "messages": 1000}, 400, "over 200000 per call"),
        ({"users": True}, 400, "whole number"),
        ({"users": 1, "messages": 1.5}, 400, "whole number"),
        ({"users": 1, "scripts": "klingon"}, 400, "'scripts' must be one of"),
        ({"users": 1, "order": "random"}, 400, "'order' must be one of"),
        ({"users": 1, "client": "fax"}, 400, "client must be one of"),
        ({"users": 1, "template": "{n.__class__}"}, 400, "may use only"),
        ({"users": 1, "template": "{n:>999999999}"}, 400, "may use only"),
        ({"users": 1, "template": "{0}"}, 400, "may use only"),
        ({"users": 1, "template": "{n"}, 400, "not a format string"),
        ({"users": 1, "template": " "}, 400, "must not be empty"),
        ({"users": 1, "template": "\ud800"}, 400, "surrogate"),
        ({"igsids": "1"}, 400, "list of strings"),
        ({"igsids": ["nobody"]}, 404, "unknown igsids"),
    ],
)
async def test_a_plan_that_cannot_run_is_refused_before_anything_is_sent(
    stack: Stack, body: dict[str, Any], status: int, reason: str
) -> None:
    seq, users = stack.sim.events.last_seq, len(stack.sim.users())
    raw = json.dumps(body)  # ASCII escapes: a lone surrogate arrives as JSON can carry it
    r = await stack.client.post("/_sim/bulk", content=raw)
    assert r.status_code == status, r.text
    assert reason in r.json()["error"]["reason"]
    assert (stack.sim.events.last_seq, len(stack.sim.users())) == (seq, users)
