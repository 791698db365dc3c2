"""Meta's webhooks against the contact center: the handshake, signatures, escaped text.

Facts from meta-platform.md section 1 ([GS][MPWH][IGWH]); the features cite them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.stack import Stack
from steps.drivers.base import AgentConsole
from steps.drivers.meta import SIGNATURE_256, SIGNATURE_SHA1, MetaPlatform, sign

CALLBACK_VERIFICATION_FAILED = 2200  # (#2200) Callback verification failed [SUBS]


@pytest.fixture
def meta_platform(stack: Stack, seed: int) -> Iterator[MetaPlatform]:
    platform = MetaPlatform(stack, seed)
    yield platform
    platform.close()


@dataclass(frozen=True)
class Handshake:
    challenge: str
    answer: httpx.Response


# -- the verification handshake ------------------------------------------------------------
@when(
    "Meta sends the verification request with the contact center's verify token",
    target_fixture="handshake",
)
def _verify_right(meta_platform: MetaPlatform, stack: Stack) -> Handshake:
    challenge = meta_platform.challenge()
    answer = meta_platform.verification_request(stack.verify_token, challenge)
    return Handshake(challenge, answer)


@when(
    parsers.parse('Meta sends the verification request with the verify token "{token}"'),
    target_fixture="handshake",
)
def _verify_wrong(meta_platform: MetaPlatform, stack: Stack, token: str) -> Handshake:
    assert token != stack.verify_token
    challenge = meta_platform.challenge()
    return Handshake(challenge, meta_platform.verification_request(token, challenge))


@then("the contact center answers 200 with exactly the challenge, as plain text")
def _challenge_echoed(handshake: Handshake) -> None:
    answer = handshake.answer
    assert answer.status_code == 200, f"HTTP {answer.status_code}: {answer.text[:200]}"
    assert answer.text == handshake.challenge, f"answered {answer.text[:200]!r}"
    assert answer.headers.get("content-type", "").startswith("text/plain"), answer.headers


@then("the contact center answers 403 without the challenge")
def _challenge_refused(handshake: Handshake) -> None:
    assert handshake.answer.status_code == 403, f"HTTP {handshake.answer.status_code}"
    assert handshake.challenge not in handshake.answer.text


@given("the Meta app has no webhook callback saved")
def _no_callback(meta_platform: MetaPlatform) -> None:
    meta_platform.remove_subscription()
    assert meta_platform.subscriptions() == []


@when(
    "the developer saves the contact center's callback URL in the Meta app with its verify token",
    target_fixture="saved",
)
def _save_right(meta_platform: MetaPlatform, stack: Stack) -> httpx.Response:
    return meta_platform.save_callback(stack.verify_token)


@when(
    parsers.parse(
        "the developer saves the contact center's callback URL in the Meta app "
        'with the verify token "{token}"'
    ),
    target_fixture="saved",
)
def _save_wrong(meta_platform: MetaPlatform, token: str) -> httpx.Response:
    return meta_platform.save_callback(token)


@then("Meta saves the callback")
def _saved(saved: httpx.Response) -> None:
    assert (saved.status_code, saved.json()) == (200, {"success": "true"}), saved.text


@then(parsers.parse('Meta lists the callback as active for the "{field}" field'))
def _listed(meta_platform: MetaPlatform, stack: Stack, field: str) -> None:
    [subscription] = meta_platform.subscriptions()
    assert subscription["callback_url"] == stack.callback_url
    assert subscription["active"] is True
    assert field in [f["name"] for f in subscription["fields"]]


@then("Meta refuses to save the callback with error code 2200, having got a 403")
def _refused(saved: httpx.Response) -> None:
    error = saved.json().get("error", {})
    assert saved.status_code == 400 and error.get("code") == CALLBACK_VERIFICATION_FAILED, (
        f"HTTP {saved.status_code}: {saved.text[:300]}"
    )
    assert error["message"].startswith("(#2200) Callback verification failed")
    assert "HTTP Status Code = 403" in error["message"], error["message"]


@then("Meta lists no webhook callback")
def _none_listed(meta_platform: MetaPlatform) -> None:
    assert meta_platform.subscriptions() == []


# -- signatures ------------------------------------------------------------------------------
Signing = Callable[[str, bytes], tuple[bytes, dict[str, str]]]

SIGNINGS: dict[str, Signing] = {
    "signed with the app secret": lambda secret, body: (body, {SIGNATURE_256: sign(secret, body)}),
    "signed with a forged secret": lambda secret, body: (
        body,
        {SIGNATURE_256: sign(secret[::-1] + "forged", body)},
    ),
    "without a signature": lambda secret, body: (body, {}),
    "signed, then changed on the way": lambda secret, body: (
        body.replace(b'"text":"', b'"text":"URGENT: ', 1),
        {SIGNATURE_256: sign(secret, body)},
    ),
    "signed only with the legacy sha1 header": lambda secret, body: (
        body,
        {SIGNATURE_SHA1: sign(secret, body, "sha1")},
    ),
    "with a forged sha256 beside a true sha1": lambda secret, body: (
        body,
        {SIGNATURE_256: sign("forged" + secret, body), SIGNATURE_SHA1: sign(secret, body, "sha1")},
    ),
    "with an empty sha256 signature": lambda secret, body: (body, {SIGNATURE_256: "sha256="}),
    "laid out with spaces and newlines, signed with the app secret": lambda secret, body: (
        relaid := json.dumps(json.loads(body), indent=2, sort_keys=True).encode(),
        {SIGNATURE_256: sign(secret, relaid)},
    ),
}


@when(
    parsers.parse('a webhook for the message "{text}" from the test user arrives {how}'),
    target_fixture="webhook_answer",
)
def _hand_made_webhook(
    meta_platform: MetaPlatform, stack: Stack, tester: dict[str, Any], text: str, how: str
) -> httpx.Response:
    assert how in SIGNINGS, f"no signing called {how!r}; known: {sorted(SIGNINGS)}"
    signed = meta_platform.text_message(tester["igsid"], text)
    body, headers = SIGNINGS[how](stack.state["app"]["secret"], signed)
    return meta_platform.post(body, headers)


@then("the contact center accepts the webhook")
def _accepted(webhook_answer: httpx.Response) -> None:
    assert 200 <= webhook_answer.status_code < 300, (
        f"HTTP {webhook_answer.status_code}: {webhook_answer.text[:200]}"
    )


@then("the contact center refuses the webhook with a 4xx answer")
def _refused_4xx(webhook_answer: httpx.Response) -> None:
    assert 400 <= webhook_answer.status_code < 500, (
        f"an unsigned webhook got HTTP {webhook_answer.status_code}: {webhook_answer.text[:200]}"
    )


@then(parsers.parse('the conversation shows only the message "{text}"'))
def _only_message(agent_console: AgentConsole, text: str) -> None:
    shown = agent_console.current_conversation().texts()
    assert shown == [text], f"the conversation shows {shown}"


# -- escaped non-ASCII text ------------------------------------------------------------------
@then(parsers.parse('Meta delivers it as signed ASCII with the escapes "{escaped}"'))
def _escaped(
    meta_platform: MetaPlatform, stack: Stack, sent_message: dict[str, Any], escaped: str
) -> None:
    delivery = meta_platform.wait_for_delivered(
        sent_message["mid"], what=f"the webhook of {sent_message['text']!r}"
    )
    body = delivery["body"]
    assert body.isascii() and escaped in body, body
    expected = sign(stack.state["app"]["secret"], body.encode())
    assert delivery["headers"][SIGNATURE_256] == expected
