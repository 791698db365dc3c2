"""Server-side agent sessions (a mixin of ``Store``): a random token in the signed cookie, its
SHA-256 in the database. Logging out deletes the row, so a copied cookie is worth nothing after
it; a session unused for ``idle_ms`` ends by itself."""

from __future__ import annotations

import hashlib
import secrets

from routing_service.store_part import StorePart

__all__ = ["SessionStore"]

TOUCH_EVERY_MS = 60_000  # seen_at is written at most once a minute per session


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore(StorePart):
    def open_session(self, agent_id: int, now: int) -> str:
        """A new session for the agent; answers the token for the cookie."""
        token = secrets.token_urlsafe(32)
        with self._tx() as db:
            db.execute(
                "INSERT INTO sessions (token_hash, agent_id, created_at, seen_at)"
                " VALUES (?, ?, ?, ?)",
                (_hash(token), agent_id, now, now),
            )
        return token

    def session_agent(self, token: str, now: int, idle_ms: int) -> int | None:
        """The agent of a live session (and it counts as used now), else None."""
        key = _hash(token)
        row = self._one("SELECT agent_id, seen_at FROM sessions WHERE token_hash = ?", key)
        if row is None:
            return None
        if now - row["seen_at"] > idle_ms:
            self.close_session(token)
            return None
        if now - row["seen_at"] > TOUCH_EVERY_MS:
            with self._tx() as db:
                db.execute("UPDATE sessions SET seen_at = ? WHERE token_hash = ?", (now, key))
        return int(row["agent_id"])

    def has_sessions(self, agent_id: int) -> bool:
        return self._one("SELECT 1 FROM sessions WHERE agent_id = ? LIMIT 1", agent_id) is not None

    def close_session(self, token: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (_hash(token),))
