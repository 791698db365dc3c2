"""Several events in one webhook POST, and the App Dashboard's Test button.

Facts from meta-platform.md section 1, Batching ([GS][IGWH]), Duplicates and order ([MPWH])
and Preconditions (the Test button's ``changes`` shape, a public fixture).
"""

from __future__ import annotations

import random
from typing import Any

import httpx
from pytest_bdd import parsers, then, when

from fixtures.stack import Stack
from simulator.contract import webhooks as contract
from simulator.contract.signing import serialize
from steps.drivers.app_dashboard import AppDashboard
from steps.drivers.meta import SIGNATURE_256, MetaPlatform, events_of, sign

LAYOUTS = {"in one entry": "one", "in one entry each": "each"}  # contract.batched's entries
SECOND_MS = 1000


def _post_batch(
    stack: Stack, meta_platform: MetaPlatform, events: list[dict[str, Any]], layout: str
) -> httpx.Response:
    """One signed POST of ``events``, as Meta batches them [GS]."""
    ig_id = stack.business["ig_id"]
    body = serialize(contract.batched(ig_id, _now_ms(stack), events, layout))
    return meta_platform.post(body, {SIGNATURE_256: sign(stack.state["app"]["secret"], body)})


def _now_ms(stack: Stack) -> int:
    return stack.control.state()["now_ms"]


def _text_event(stack: Stack, rng: random.Random, igsid: str, text: str, at_ms: int) -> dict:
    mid = "harness_batch_" + "".join(rng.choices("0123456789abcdef", k=24))
    return contract.messaging_event(
        igsid, stack.business["ig_id"], at_ms, contract.message(mid, text=text)
    )


@when(
    parsers.re(
        r"Meta delivers the test user's messages \"(?P<first>[^\"]+)\", \"(?P<second>[^\"]+)\" "
        r"and \"(?P<third>[^\"]+)\" in one POST, (?P<layout>.+)"
    ),
    target_fixture="webhook_answer",
)
def _batch_of_three(
    stack: Stack,
    meta_platform: MetaPlatform,
    tester: dict[str, Any],
    seed: int,
    first: str,
    second: str,
    third: str,
    layout: str,
) -> httpx.Response:
    assert layout in LAYOUTS, f"no batch layout {layout!r}; known: {sorted(LAYOUTS)}"
    # mids unique per user: an app that outlives the scenario has seen the other rows' mids
    rng, now = random.Random(f"{seed}:{tester['igsid']}"), _now_ms(stack)
    texts = (first, second, third)
    events = [
        _text_event(stack, rng, tester["igsid"], text, now - (len(texts) - i) * SECOND_MS)
        for i, text in enumerate(texts)
    ]
    return _post_batch(stack, meta_platform, events, LAYOUTS[layout])


@when(
    parsers.parse(
        'Meta delivers that message again in one POST with the test user\'s next message "{text}"'
    ),
    target_fixture="webhook_answer",
)
def _batch_with_repeat(
    stack: Stack,
    meta_platform: MetaPlatform,
    tester: dict[str, Any],
    sent_message: dict[str, Any],
    seed: int,
    text: str,
) -> httpx.Response:
    first = meta_platform.wait_for_delivered(sent_message["mid"], what="the first delivery")
    [again] = events_of(first)  # the same mid and timestamp, as a retry carries it [MPWH]
    later = max(_now_ms(stack), again["timestamp"] + SECOND_MS)
    fresh = _text_event(
        stack, random.Random(f"{seed}:{tester['igsid']}:next"), tester["igsid"], text, later
    )
    return _post_batch(stack, meta_platform, [again, fresh], "one")


# -- the App Dashboard's Test button --------------------------------------------------------
@when(
    parsers.parse('the developer clicks "Test" beside the "{field}" field in the App Dashboard'),
    target_fixture="test_delivery",
)
def _click_test(app_dashboard: AppDashboard, field: str) -> dict[str, Any]:
    return app_dashboard.click_test(field)


@then("the contact center acknowledges the Test event with a 200")
def _test_acknowledged(test_delivery: dict[str, Any]) -> None:
    assert "changes" in test_delivery["body"] and not events_of(test_delivery), test_delivery
    assert (test_delivery["outcome"], test_delivery["status"]) == ("delivered", 200), (
        f"the dashboard would report the callback broken: HTTP {test_delivery['status']} "
        f"({test_delivery['error']})"
    )
