"""What a fault from the control API shares, webhook or Graph: it stays in force for a number
of uses or until a moment on Meta's clock, whichever was asked."""

from __future__ import annotations

from typing import Any

__all__ = ["FaultWindow"]


class FaultWindow:
    """Mixed into a fault dataclass with ``count`` (uses left; None: until the window closes)
    and ``until_ms`` (None: until the count runs out)."""

    count: int | None
    until_ms: int | None

    def active(self, now_ms: int) -> bool:
        if self.count is not None and self.count <= 0:
            return False
        return self.until_ms is None or now_ms < self.until_ms

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))
