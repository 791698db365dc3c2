"""The handshake with the right verify token but no ``hub.challenge``: not a request Meta
sends [GS], so a clear 400, never an empty 200 a half-written check takes for a pass."""

from __future__ import annotations

import pytest

from tests.unit.routing_service.conftest import VERIFY_TOKEN, Service

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("challenge", [None, ""])
async def test_a_handshake_without_a_challenge_is_a_400(
    service: Service, challenge: str | None
) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN}
    if challenge is not None:
        params["hub.challenge"] = challenge
    response = await service.client.get("/webhooks/instagram", params=params)
    assert (response.status_code, response.text) == (400, "missing hub.challenge")


async def test_a_handshake_without_a_challenge_and_a_wrong_token_stays_403(
    service: Service,
) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": "wrong"}
    response = await service.client.get("/webhooks/instagram", params=params)
    assert response.status_code == 403
