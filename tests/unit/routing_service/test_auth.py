"""Passwords are scrypt hashes; the guide's agent is seeded from the settings."""

from __future__ import annotations

import asyncio

import pytest

from routing_service.auth import authenticate, hash_password, seed_agent, verify_password
from routing_service.settings import Settings
from routing_service.store import Store


def test_hash_is_salted_scrypt_and_verifies() -> None:
    first, second = hash_password("Aa123*"), hash_password("Aa123*")
    assert first.startswith("scrypt$") and first != second
    assert "Aa123*" not in first
    assert verify_password("Aa123*", first)
    assert not verify_password("aa123*", first)
    assert not verify_password("Aa123*", "garbage")


@pytest.mark.anyio
async def test_seeded_agent_logs_in_and_keeps_its_status_across_restarts() -> None:
    store = Store(":memory:")
    slots = asyncio.Semaphore(2)
    settings = Settings(access_token="t", app_secret="s", verify_token="v", agent_password="pw1")
    agent = seed_agent(store, settings)
    assert await authenticate(store, "agent", "pw1", slots) == agent
    assert await authenticate(store, "agent", "nope", slots) is None
    assert await authenticate(store, "ghost", "pw1", slots) is None
    store.set_status(agent.id, "ready", 1)
    changed = Settings(access_token="t", app_secret="s", verify_token="v", agent_password="pw2")
    reseeded = seed_agent(store, changed)
    assert reseeded.id == agent.id and reseeded.status == "ready"
    assert await authenticate(store, "agent", "pw2", slots) is not None
    assert await authenticate(store, "agent", "pw1", slots) is None


def test_the_seeded_agents_hash_has_the_configured_cost_and_still_verifies() -> None:
    from routing_service.auth import seed_agent, verify_password
    from routing_service.settings import Settings
    from routing_service.store import Store

    settings = Settings(access_token="t", app_secret="s", verify_token="v", database=":memory:",
                        scrypt_n=2**10)  # fmt: skip
    store = Store(":memory:")
    try:
        agent = seed_agent(store, settings)
        assert agent.password_hash.split("$")[1] == "1024"
        assert verify_password(settings.agent_password, agent.password_hash)
        assert not verify_password("wrong", agent.password_hash)
    finally:
        store.close()
