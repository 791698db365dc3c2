"""What the service received and what Meta refused: raw webhook bodies and failed sends.

A mixin of ``Store`` (same connection and lock); kept apart so the store stays readable.
A body is never changed or deleted; only its processing columns are (``processed_at``,
``attempts``, ``error``), and a partial index keeps the pending ones cheap to find however
many were processed before.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from routing_service.store_part import StorePart

__all__ = ["AuditLog", "migrate_webhook_events"]


def migrate_webhook_events(db: sqlite3.Connection) -> None:
    """Give a database made before the ingest worker its processing columns.

    Bodies stored by the older, synchronous service were acted on when they arrived: they are
    marked processed.
    """
    columns = {row[1] for row in db.execute("PRAGMA table_info(webhook_events)")}
    if "processed_at" not in columns:
        db.execute("ALTER TABLE webhook_events ADD COLUMN processed_at INTEGER")
        db.execute("ALTER TABLE webhook_events ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0")
        db.execute("ALTER TABLE webhook_events ADD COLUMN error TEXT")
        db.execute("UPDATE webhook_events SET processed_at = received_at, attempts = 1")
    db.execute(
        "CREATE INDEX IF NOT EXISTS webhook_events_pending ON webhook_events (id)"
        " WHERE processed_at IS NULL"
    )


class AuditLog(StorePart):
    """Append-only records (bodies are never changed or deleted)."""

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

    def pending_webhooks(self, *, after: int, upto: int, limit: int) -> list[sqlite3.Row]:
        """Bodies not yet processed with ``after < id <= upto``, oldest first."""
        return self._all(
            "SELECT id, body FROM webhook_events WHERE processed_at IS NULL AND id > ?"
            " AND id <= ? ORDER BY id LIMIT ?",
            after, upto, limit,
        )  # fmt: skip

    def last_webhook_id(self) -> int:
        row = self._all("SELECT MAX(id) FROM webhook_events")
        return int(row[0][0] or 0)

    def pending_webhook_count(self) -> int:
        pending = "SELECT COUNT(*) FROM webhook_events WHERE processed_at IS NULL"
        return int(self._all(pending)[0][0])

    def finish_webhooks(
        self, ids: list[int], now: int, error: str | None = None, *, attempt: bool = True
    ) -> None:
        """Processed (``error``: given up on, or not a webhook body; the body stays);
        ``attempt``: this was one more attempt (not when giving up after the last)."""
        with self._tx() as db:
            db.executemany(
                "UPDATE webhook_events SET processed_at = ?, attempts = attempts + ?,"
                " error = ? WHERE id = ?",
                [(now, int(attempt), error, i) for i in ids],
            )

    def webhook_attempt_failed(self, audit_id: int, error: str) -> int:
        """One more failed attempt (the body stays pending); answers how many there were."""
        with self._tx() as db:
            db.execute(
                "UPDATE webhook_events SET attempts = attempts + 1, error = ? WHERE id = ?",
                (error, audit_id),
            )
            row = db.execute("SELECT attempts FROM webhook_events WHERE id = ?", (audit_id,))
            return int(row.fetchone()[0])

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
