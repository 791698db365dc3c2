"""Agent passwords (stdlib scrypt), the seeded agent and the session lookup."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import HTTPConnection

from routing_service.errors import ServiceError
from routing_service.models import Agent
from routing_service.settings import Settings
from routing_service.store import Store

__all__ = ["authenticate", "current_agent", "hash_password", "require_agent", "seed_agent"]

_N, _R, _P = 2**14, 8, 1
SESSION_KEY = "agent_id"


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex), never the password itself."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


def seed_agent(store: Store, settings: Settings) -> Agent:
    """The guide's one agent, "already logged in once, password set"."""
    existing = store.agent_by_login(settings.agent_login)
    if existing and verify_password(settings.agent_password, existing.password_hash):
        if existing.name == settings.agent_name:
            return existing
        return store.upsert_agent(settings.agent_login, settings.agent_name, existing.password_hash)
    return store.upsert_agent(
        settings.agent_login, settings.agent_name, hash_password(settings.agent_password)
    )


def authenticate(store: Store, login: str, password: str) -> Agent | None:
    agent = store.agent_by_login(login.strip())
    if agent is None:
        verify_password(password, hash_password("timing-equaliser"))  # same work either way
        return None
    return agent if verify_password(password, agent.password_hash) else None


def current_agent(conn: HTTPConnection) -> Agent | None:
    """The logged-in agent from the signed session cookie, if any."""
    agent_id = conn.session.get(SESSION_KEY)
    if not isinstance(agent_id, int):
        return None
    store: Store = conn.app.state.store
    return store.agent(agent_id)


def require_agent(conn: HTTPConnection) -> Agent:
    agent = current_agent(conn)
    if agent is None:
        raise ServiceError(401, "login required")
    return agent
