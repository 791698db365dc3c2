"""Agents in the store (a mixin of ``Store``): accounts an admin manages, their status and
positions, and the queries routing asks of them. Removing an agent deactivates it (its
conversations keep naming it); its open chats go back to the queue.
"""

from __future__ import annotations

import sqlite3

from routing_service.models import AVAILABLE, Agent
from routing_service.store_part import StorePart

__all__ = ["AgentStore", "migrate_agents"]


def migrate_agents(db: sqlite3.Connection) -> None:
    """Give a database made before several agents its columns."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(agents)")}
    if "positions" not in columns:
        db.execute("ALTER TABLE agents ADD COLUMN positions INTEGER")
    if "active" not in columns:
        db.execute("ALTER TABLE agents ADD COLUMN active INTEGER NOT NULL DEFAULT 1")


class AgentStore(StorePart):
    def upsert_agent(
        self, login: str, name: str, password_hash: str, positions: int | None = None
    ) -> Agent:
        """Create or update an agent (reactivated if it had been removed)."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO agents (login, name, password_hash, positions) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(login) DO UPDATE SET name = excluded.name,"
                " password_hash = excluded.password_hash, positions = excluded.positions,"
                " active = 1",
                (login, name, password_hash, positions),
            )
        agent = self.agent_by_login(login)
        assert agent is not None
        return agent

    def agent(self, agent_id: int) -> Agent | None:
        return _agent(self._one("SELECT * FROM agents WHERE id = ? AND active = 1", agent_id))

    def agent_by_login(self, login: str) -> Agent | None:
        return _agent(self._one("SELECT * FROM agents WHERE login = ? AND active = 1", login))

    def agents(self) -> list[Agent]:
        return [a for a in map(_agent, self._all(
            "SELECT * FROM agents WHERE active = 1 ORDER BY name, login")) if a]  # fmt: skip

    def remove_agent(self, login: str, now: int) -> bool:
        """Deactivate; its sessions end and its open conversations wait in the queue."""
        with self._tx() as db:
            row = db.execute(
                "SELECT id FROM agents WHERE login = ? AND active = 1", (login,)
            ).fetchone()
            if row is None:
                return False
            db.execute(
                "UPDATE agents SET active = 0, status = 'offline', status_at = ? WHERE id = ?",
                (now, row["id"]),
            )
            db.execute("DELETE FROM sessions WHERE agent_id = ?", (row["id"],))
            db.execute(
                "UPDATE conversations SET agent_id = NULL, assigned_at = NULL"
                " WHERE agent_id = ? AND status = 'open'",
                (row["id"],),
            )
        return True

    def set_status(self, agent_id: int, status: str, now: int) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE agents SET status = ?, status_at = ? WHERE id = ?", (status, now, agent_id)
            )

    def open_count(self, agent_id: int) -> int:
        row = self._one(
            "SELECT COUNT(*) FROM conversations WHERE agent_id = ? AND status = 'open'", agent_id
        )
        return int(row[0]) if row else 0

    def transfer(self, conversation_id: int, from_agent: int, to_agent: int, now: int) -> bool:
        """Move an open conversation between agents; False when it is not the sender's."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE conversations SET agent_id = ?, assigned_at = ?"
                " WHERE id = ? AND agent_id = ? AND status = 'open'",
                (to_agent, now, conversation_id, from_agent),
            )
        return cursor.rowcount == 1


def free_agent(db: sqlite3.Connection, default_positions: int) -> int | None:
    """The available agent with the fewest open conversations and a free position (its own
    positions, else the default); ties go to whoever became available first."""
    marks = ",".join("?" for _ in AVAILABLE)
    row = db.execute(
        "SELECT a.id, (SELECT COUNT(*) FROM conversations c WHERE c.agent_id = a.id"
        " AND c.status = 'open') AS open_count FROM agents a"
        f" WHERE a.active = 1 AND a.status IN ({marks})"
        " AND open_count < COALESCE(a.positions, ?) ORDER BY open_count, a.status_at, a.id",
        (*AVAILABLE, default_positions),
    ).fetchone()
    return int(row["id"]) if row else None


def _agent(row: sqlite3.Row | None) -> Agent | None:
    if row is None:
        return None
    return Agent(
        row["id"], row["login"], row["name"], row["password_hash"], row["status"],
        positions=row["positions"],
    )  # fmt: skip
