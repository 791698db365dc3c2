"""Messages in the store, kept in Meta's order: by ``meta_timestamp``, then arrival (``id``).

A mixin of ``Store`` (same connection and lock). ``meta_timestamp`` is Meta's clock for every
message: an incoming event's ``timestamp``; for our own reply Meta's time estimated when it was
sent (``MetaClock``), replaced by its echo's ``timestamp`` when that arrives. After failures
Meta does not deliver in order [GS][MPWH]; arrival only breaks ties.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from routing_service.models import Message
from routing_service.store_part import StorePart

__all__ = ["MessageStore", "migrate_messages"]


# Columns added after the first release (a fresh database gets them from schema.sql too).
_LATER_COLUMNS = {
    "details": "TEXT NOT NULL DEFAULT '{}'",  # quick reply, reply_to, referral, postback...
    "reaction": "TEXT",  # the user's reaction: JSON {"reaction", "emoji"}
    "seen_at": "INTEGER",  # the user saw this (outgoing) message
    "edited_at": "INTEGER",
}


def migrate_messages(db: sqlite3.Connection) -> None:
    """Give a database made before ``meta_timestamp`` the column (from ``created_at``)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(messages)")}
    if "meta_timestamp" not in columns:
        db.execute("ALTER TABLE messages ADD COLUMN meta_timestamp INTEGER NOT NULL DEFAULT 0")
        db.execute("UPDATE messages SET meta_timestamp = created_at")
    for column, kind in _LATER_COLUMNS.items():
        if column not in columns:
            db.execute(f"ALTER TABLE messages ADD COLUMN {column} {kind}")
    db.execute(
        "CREATE INDEX IF NOT EXISTS messages_in_order"
        " ON messages (conversation_id, meta_timestamp, id)"
    )


class MessageStore(StorePart):
    """Insert, deduplicate by ``mid``, flag unsent, list a conversation in Meta's order."""

    def add_message(
        self, *, conversation_id: int | None, igsid: str, mid: str | None, direction: str,
        text: str | None, attachments: list[dict[str, Any]], source: str, created_at: int,
        meta_timestamp: int, agent_id: int | None = None, details: dict[str, Any] | None = None,
    ) -> Message | None:  # fmt: skip
        """Insert a message; None when its ``mid`` is already stored (a redelivery)."""
        with self._tx() as db:
            tomb = db.execute("SELECT deleted_at FROM tombstones WHERE mid = ?", (mid,)).fetchone()
            cursor = db.execute(
                "INSERT OR IGNORE INTO messages (conversation_id, igsid, mid, direction, text,"
                " attachments, source, agent_id, created_at, meta_timestamp, deleted_at, details)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (conversation_id, igsid, mid, direction, text, json.dumps(attachments), source,
                 agent_id, created_at, meta_timestamp, tomb["deleted_at"] if tomb else None,
                 json.dumps(details or {})),
            )  # fmt: skip
            if cursor.rowcount == 0:
                return None
            if direction == "in" and conversation_id is not None:
                db.execute(
                    "UPDATE conversations SET last_inbound_at = MAX(COALESCE(last_inbound_at, 0),"
                    " ?) WHERE id = ?",
                    (created_at, conversation_id),
                )
            row = db.execute("SELECT * FROM messages WHERE id = ?", (cursor.lastrowid,)).fetchone()
        return message_from_row(row)

    def claim_outgoing(self, mid: str, agent_id: int) -> Message | None:
        """Mark an already stored message (its echo came first) as sent by this agent."""
        with self._tx() as db:
            db.execute(
                "UPDATE messages SET source = 'console', agent_id = ? WHERE mid = ?",
                (agent_id, mid),
            )
        return self.message_by_mid(mid)

    def confirm_meta_timestamp(self, mid: str, meta_timestamp: int) -> Message | None:
        """An echo's ``timestamp`` replaces our estimate for an outgoing message.

        Returns the message when its place may have changed, else None (unknown, incoming,
        or already at that time: a redelivered echo changes nothing).
        """
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE messages SET meta_timestamp = ?"
                " WHERE mid = ? AND direction = 'out' AND meta_timestamp != ?",
                (meta_timestamp, mid, meta_timestamp),
            )
        return self.message_by_mid(mid) if cursor.rowcount == 1 else None

    def message_by_mid(self, mid: str) -> Message | None:
        return message_from_row(self._one("SELECT * FROM messages WHERE mid = ?", mid))

    def messages(self, conversation_id: int) -> list[Message]:
        """Oldest first on Meta's clock; equal times keep their arrival order."""
        rows = self._all(
            "SELECT * FROM messages WHERE conversation_id = ? ORDER BY meta_timestamp, id",
            conversation_id,
        )
        return [m for m in map(message_from_row, rows) if m is not None]

    def mark_deleted(self, mid: str, now: int) -> Message | None:
        """Flag an unsent message (text kept); None if unknown (tombstoned) or already flagged."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE messages SET deleted_at = ? WHERE mid = ? AND deleted_at IS NULL",
                (now, mid),
            )
            if cursor.rowcount == 0:
                exists = db.execute("SELECT 1 FROM messages WHERE mid = ?", (mid,)).fetchone()
                if not exists:
                    db.execute(
                        "INSERT OR IGNORE INTO tombstones (mid, deleted_at) VALUES (?, ?)",
                        (mid, now),
                    )
                return None
        return self.message_by_mid(mid)

    def set_reaction(self, mid: str, igsid: str, reaction: dict[str, Any] | None) -> Message | None:
        """The user's reaction on one of the conversation's messages (None: taken back)."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE messages SET reaction = ? WHERE mid = ? AND igsid = ?",
                (json.dumps(reaction) if reaction else None, mid, igsid),
            )
        return self.message_by_mid(mid) if cursor.rowcount else None

    def mark_seen(self, mid: str, igsid: str, now: int) -> Message | None:
        """The user saw our messages up to ``mid``: it and the earlier unseen ones are seen."""
        target = self.message_by_mid(mid)
        if target is None or target.igsid != igsid or target.direction != "out":
            return None
        with self._tx() as db:
            db.execute(
                "UPDATE messages SET seen_at = ? WHERE conversation_id IS ? AND direction = 'out'"
                " AND seen_at IS NULL AND (meta_timestamp < ? OR (meta_timestamp = ? AND id <= ?))",
                (
                    now,
                    target.conversation_id,
                    target.meta_timestamp,
                    target.meta_timestamp,
                    target.id,
                ),
            )
        return self.message_by_mid(mid)

    def edit_text(self, mid: str, igsid: str, text: str, now: int) -> Message | None:
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE messages SET text = ?, edited_at = ? WHERE mid = ? AND igsid = ?"
                " AND direction = 'in'",
                (text, now, mid, igsid),
            )
        return self.message_by_mid(mid) if cursor.rowcount else None


def message_from_row(row: sqlite3.Row | None) -> Message | None:
    if row is None:
        return None
    return Message(
        id=row["id"], conversation_id=row["conversation_id"], igsid=row["igsid"], mid=row["mid"],
        direction=row["direction"], text=row["text"], attachments=json.loads(row["attachments"]),
        source=row["source"], created_at=row["created_at"],
        meta_timestamp=row["meta_timestamp"], deleted_at=row["deleted_at"],
        details=json.loads(row["details"] or "{}"),
        reaction=json.loads(row["reaction"]) if row["reaction"] else None,
        seen_at=row["seen_at"], edited_at=row["edited_at"],
    )  # fmt: skip
