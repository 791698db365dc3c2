"""Agent passwords (stdlib scrypt, off the event loop), the seeded agent, the session lookup."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import secrets

from starlette.requests import HTTPConnection

from routing_service.errors import ServiceError
from routing_service.models import Agent
from routing_service.settings import Settings
from routing_service.store import Store

__all__ = [
    "CSRF_KEY",
    "SESSION_TOKEN",
    "authenticate",
    "current_agent",
    "hash_password",
    "require_agent",
    "seed_agent",
]

_N, _R, _P = 2**14, 8, 1
SESSION_TOKEN = "sid"  # the server-side session's token, in the signed cookie
CSRF_KEY = "csrf"  # the forms' token, in the signed cookie


def hash_password(password: str, *, salt: bytes | None = None, n: int = _N) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex), never the password itself; ``n`` is the cost."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=_R, p=_P, dklen=32)
    return f"scrypt${n}${_R}${_P}${salt.hex()}${digest.hex()}"


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
        settings.agent_login,
        settings.agent_name,
        hash_password(settings.agent_password, n=settings.scrypt_n),
    )


async def authenticate(
    store: Store, login: str, password: str, slots: asyncio.Semaphore
) -> Agent | None:
    """The agent when the password is right. The hash runs in a thread (scrypt releases the
    GIL, so webhooks and consoles keep being served), ``slots`` at a time; an unknown login
    costs exactly what a known one does (one scrypt against a dummy hash)."""
    agent = store.agent_by_login(login.strip())
    stored = agent.password_hash if agent is not None else _dummy_hash(_cost_of(store))
    async with slots:
        matches = await asyncio.to_thread(verify_password, password, stored)
    return agent if agent is not None and matches else None


@functools.cache
def _dummy_hash(n: int = _N) -> str:
    return hash_password(secrets.token_hex(16), n=n)


def _cost_of(store: Store) -> int:
    """The cost the known agents' hashes have (an unknown login costs what a known one does)."""
    for agent in store.agents()[:1]:
        try:
            return int(agent.password_hash.split("$")[1])
        except (IndexError, ValueError):
            break
    return _N


def current_agent(conn: HTTPConnection) -> Agent | None:
    """The logged-in agent: the cookie's token names a live server-side session."""
    token = conn.session.get(SESSION_TOKEN)
    if not isinstance(token, str):
        return None
    store: Store = conn.app.state.store
    router = conn.app.state.router
    idle_ms = router.settings.session_idle_s * 1000
    agent_id = store.session_agent(token, router.clock(), idle_ms)
    return store.agent(agent_id) if agent_id is not None else None


def require_agent(conn: HTTPConnection) -> Agent:
    agent = current_agent(conn)
    if agent is None:
        raise ServiceError(401, "login required")
    return agent
