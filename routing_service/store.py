"""SQLite persistence: agents, contacts, conversations, messages and raw webhook events.

One connection guarded by a lock (``check_same_thread=False``), so ``:memory:`` works and
every method is atomic. Nothing is ever deleted: an unsent message only gets ``deleted_at``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from routing_service.agent_store import AgentStore, free_agent, migrate_agents
from routing_service.audit import AuditLog, migrate_webhook_events
from routing_service.message_store import MessageStore, migrate_messages
from routing_service.models import Contact, Conversation
from routing_service.sessions import SessionStore

__all__ = ["Store"]

SCHEMA = (Path(__file__).with_name("schema.sql")).read_text()
_CONVERSATION = (
    "SELECT c.*, k.name AS c_name, k.username AS c_username, k.profile_pic AS c_pic,"
    " k.resolved AS c_resolved FROM conversations c LEFT JOIN contacts k ON k.igsid = c.igsid"
)


class Store(AgentStore, AuditLog, MessageStore, SessionStore):
    """All state of the service; handlers and the router go through it."""

    def __init__(self, database: str) -> None:
        self._db = sqlite3.connect(database, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        if database != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a commit survives the process being killed (kill -9) without an
            # fsync per transaction; only a power cut may roll back the last ones (SQLite,
            # "WAL mode": https://www.sqlite.org/wal.html, "synchronous" pragma).
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)
        migrate_messages(self._db)
        migrate_webhook_events(self._db)
        migrate_agents(self._db)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        with self._lock:
            return self._db.execute(sql, args).fetchone()

    def _all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # -- contacts -------------------------------------------------------------------------
    def contact(self, igsid: str) -> Contact:
        row = self._one("SELECT * FROM contacts WHERE igsid = ?", igsid)
        if row is None:
            return Contact(igsid=igsid)
        return Contact(
            igsid, row["name"], row["username"], row["profile_pic"], bool(row["resolved"])
        )

    def save_contact(self, contact: Contact, now: int) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO contacts (igsid, name, username, profile_pic, resolved, fetched_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(igsid) DO UPDATE SET name = excluded.name,"
                " username = excluded.username, profile_pic = excluded.profile_pic,"
                " resolved = excluded.resolved, fetched_at = excluded.fetched_at",
                (contact.igsid, contact.name, contact.username, contact.profile_pic,
                 int(contact.resolved), now),
            )  # fmt: skip

    def contact_checked_at(self, igsid: str) -> tuple[bool, int | None]:
        """(resolved, when the profile was last asked for), for the profile cache."""
        row = self._one("SELECT resolved, fetched_at FROM contacts WHERE igsid = ?", igsid)
        return (False, None) if row is None else (bool(row["resolved"]), row["fetched_at"])

    def touch_contact(self, igsid: str, now: int) -> None:
        """The profile was asked for and not given: keep what is known, note when."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO contacts (igsid, resolved, fetched_at) VALUES (?, 0, ?)"
                " ON CONFLICT(igsid) DO UPDATE SET fetched_at = excluded.fetched_at",
                (igsid, now),
            )

    # -- conversations --------------------------------------------------------------------
    def conversation(self, conversation_id: int, *, messages: bool = True) -> Conversation | None:
        row = self._one(_CONVERSATION + " WHERE c.id = ?", conversation_id)
        return self._conversation(row, messages) if row else None

    def open_conversation(self, igsid: str) -> Conversation | None:
        """The IGSID's open conversation (assigned or queued), if any."""
        row = self._one(
            _CONVERSATION + " WHERE c.igsid = ? AND c.status = 'open' ORDER BY c.id DESC", igsid
        )
        return self._conversation(row, False) if row else None

    def latest_conversation(self, igsid: str) -> Conversation | None:
        row = self._one(_CONVERSATION + " WHERE c.igsid = ? ORDER BY c.id DESC", igsid)
        return self._conversation(row, False) if row else None

    def conversations_for_agent(self, agent_id: int) -> list[Conversation]:
        """The agent's conversations, newest first, with their messages."""
        rows = self._all(_CONVERSATION + " WHERE c.agent_id = ? ORDER BY c.id DESC", agent_id)
        return [self._conversation(row, True) for row in rows]

    def create_conversation(self, igsid: str, kind: str, now: int) -> int:
        with self._tx() as db:
            cursor = db.execute(
                "INSERT INTO conversations (igsid, kind, status, created_at)"
                " VALUES (?, ?, 'open', ?)",
                (igsid, kind, now),
            )
        return int(cursor.lastrowid or 0)

    def assign_to_free_agent(self, conversation_id: int, positions: int, now: int) -> int | None:
        """Give a queued conversation to the available agent with the fewest open ones."""
        with self._tx() as db:
            agent_id = free_agent(db, positions)
            if agent_id is None:
                return None
            cursor = db.execute(
                "UPDATE conversations SET agent_id = ?, assigned_at = ?"
                " WHERE id = ? AND agent_id IS NULL AND status = 'open'",
                (agent_id, now, conversation_id),
            )
        return agent_id if cursor.rowcount == 1 else None

    def next_queued(self) -> int | None:
        """The oldest open conversation waiting for an agent."""
        row = self._one(
            "SELECT id FROM conversations INDEXED BY conversations_queued"
            " WHERE status = 'open' AND agent_id IS NULL ORDER BY created_at, id LIMIT 1"
        )
        return int(row["id"]) if row else None

    def queued_count(self) -> int:
        """Open conversations waiting for an agent with a free position."""
        row = self._one(
            "SELECT COUNT(*) AS n FROM conversations WHERE status = 'open' AND agent_id IS NULL"
        )
        return int(row["n"]) if row else 0

    def end_conversation(self, conversation_id: int, now: int) -> bool:
        """Mark it ended; False when it was not open."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE conversations SET status = 'ended', ended_at = ?"
                " WHERE id = ? AND status = 'open'",
                (now, conversation_id),
            )
        return cursor.rowcount == 1

    def _conversation(self, row: sqlite3.Row, with_messages: bool) -> Conversation:
        contact = Contact(
            row["igsid"], row["c_name"], row["c_username"], row["c_pic"], bool(row["c_resolved"])
        )
        return Conversation(
            id=row["id"], igsid=row["igsid"], kind=row["kind"], status=row["status"],
            agent_id=row["agent_id"], created_at=row["created_at"], ended_at=row["ended_at"],
            last_inbound_at=row["last_inbound_at"], contact=contact,
            messages=self.messages(row["id"]) if with_messages else [],
        )  # fmt: skip
