"""What the service received and what Meta refused: raw webhook bodies and failed sends.

A mixin of ``Store`` (same connection and lock); kept apart so the store stays readable.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from typing import Any

__all__ = ["AuditLog"]


class AuditLog:
    """Append-only records; nothing here is ever updated or deleted."""

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        raise NotImplementedError

    # -- audit ----------------------------------------------------------------------------
    def add_webhook_event(self, body: bytes, signature: str | None, now: int) -> int:
        """Keep a signed body as received: text when it is UTF-8, else the exact bytes."""
        try:
            kept: str | bytes = body.decode("utf-8")
        except UnicodeDecodeError:
            kept = body  # stored as a BLOB, read back as bytes
        with self._tx() as db:
            cursor = db.execute(
                "INSERT INTO webhook_events (received_at, signature, body) VALUES (?, ?, ?)",
                (now, signature, kept),
            )
        return int(cursor.lastrowid or 0)

    def webhook_events(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self._all("SELECT * FROM webhook_events ORDER BY id")]

    def add_send_failure(
        self, conversation_id: int, agent_id: int, text: str, code: int | None,
        subcode: int | None, message: str, now: int,
    ) -> None:  # fmt: skip
        with self._tx() as db:
            db.execute(
                "INSERT INTO send_failures (conversation_id, agent_id, text, code, subcode,"
                " message, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (conversation_id, agent_id, text, code, subcode, message, now),
            )

    def send_failures(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self._all("SELECT * FROM send_failures ORDER BY id")]
