"""Passwords are scrypt hashes; the guide's agent is seeded from the settings."""

from __future__ import annotations

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


def test_seeded_agent_logs_in_and_keeps_its_status_across_restarts() -> None:
    store = Store(":memory:")
    settings = Settings(access_token="t", app_secret="s", verify_token="v", agent_password="pw1")
    agent = seed_agent(store, settings)
    assert authenticate(store, "agent", "pw1") == agent
    assert authenticate(store, "agent", "nope") is None
    assert authenticate(store, "ghost", "pw1") is None
    store.set_status(agent.id, "ready", 1)
    changed = Settings(access_token="t", app_secret="s", verify_token="v", agent_password="pw2")
    reseeded = seed_agent(store, changed)
    assert reseeded.id == agent.id and reseeded.status == "ready"
    assert authenticate(store, "agent", "pw2") is not None
    assert authenticate(store, "agent", "pw1") is None
