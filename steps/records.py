"""Values steps hand to each other, readable where reports print them (Allure parameters)."""

from __future__ import annotations

from typing import Any

__all__ = ["UserRecord"]


class UserRecord(dict[str, Any]):
    """An Instagram user as the control API answers it; printed as ``@username (Name)``,
    never the whole record (its profile picture URL, its password)."""

    def __repr__(self) -> str:
        return f"@{self.get('username', '?')} ({self.get('name', '')})"
