"""Variants of Meta's verification handshake, and saving the callback again.

Facts from meta-platform.md section 1, Handshake ([GS][IGWH][MPWH]); the features cite them.
"""

from __future__ import annotations

import httpx
from pytest_bdd import parsers, then, when

from fixtures.stack import Stack
from steps.drivers.app_dashboard import AppDashboard
from steps.drivers.meta import MetaPlatform
from steps.webhooks import Handshake


@when(
    parsers.parse(
        'a verification request with hub.mode "{mode}" and the contact center\'s verify token '
        "arrives"
    ),
    target_fixture="handshake",
)
def _verify_other_mode(meta_platform: MetaPlatform, stack: Stack, mode: str) -> Handshake:
    assert mode != "subscribe", "Meta's handshake is hub.mode=subscribe"
    challenge = meta_platform.challenge()
    answer = meta_platform.verification_request(stack.verify_token, challenge, mode)
    return Handshake(challenge, answer)


@when(
    "a verification request with the contact center's verify token but no hub.challenge arrives",
    target_fixture="handshake",
)
def _verify_no_challenge(meta_platform: MetaPlatform, stack: Stack) -> Handshake:
    return Handshake("", meta_platform.verification_request(stack.verify_token, None))


@when(
    parsers.parse('Meta sends the verification request with the challenge "{challenge}"'),
    target_fixture="handshake",
)
def _verify_challenge(meta_platform: MetaPlatform, stack: Stack, challenge: str) -> Handshake:
    assert challenge.isdigit(), "Meta's hub.challenge is an integer [GS]"
    return Handshake(challenge, meta_platform.verification_request(stack.verify_token, challenge))


@then("the contact center answers it with a 4xx")
def _answered_4xx(handshake: Handshake) -> None:
    answer = handshake.answer
    assert 400 <= answer.status_code < 500, (
        f"a request without hub.challenge got HTTP {answer.status_code}: {answer.text[:200]!r}"
    )


@when(
    "the developer saves the contact center's callback URL again with its verify token",
    target_fixture="saved",
)
def _save_again(app_dashboard: AppDashboard, meta_platform: MetaPlatform) -> httpx.Response:
    assert meta_platform.subscriptions(), "no callback was saved before"
    return app_dashboard.save_callback()
