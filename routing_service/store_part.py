"""What the store's mixins (agents, audit, messages, sessions) use of ``Store``: one
connection and lock, through a transaction and two queries, declared once here."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from typing import Any

__all__ = ["StorePart"]


class StorePart:
    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        raise NotImplementedError

    def _all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        raise NotImplementedError
