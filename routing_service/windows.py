"""Instagram's reply windows, on Meta's clock, from the user's last message [IGSEND][IGOV]:
a standard reply within 24 hours; a human agent's reply, tagged ``HUMAN_AGENT``, up to 7 days;
after that nothing can be sent until the user writes again."""

from __future__ import annotations

from typing import Any

__all__ = ["HUMAN_AGENT_MS", "WINDOW_MS", "human_agent_tag", "reply_window"]

HOUR_MS = 3_600_000
WINDOW_MS = 24 * HOUR_MS  # standard messaging window [IGSEND]
HUMAN_AGENT_MS = 7 * 24 * HOUR_MS  # human agent replies [IGOV]


def human_agent_tag(last_inbound_at: int | None, now: int) -> str | None:
    """``HUMAN_AGENT`` only for a human reply 24 h to 7 days after the user's last message."""
    if last_inbound_at is None:
        return None
    age = now - last_inbound_at
    return "HUMAN_AGENT" if WINDOW_MS < age <= HUMAN_AGENT_MS else None


def reply_window(last_inbound_at: int | None, now: int) -> dict[str, Any]:
    """What the console shows: ``state`` (``standard``, ``human_agent``, ``closed``, or
    ``none`` before the user wrote), when each window closes and Meta's now (ms)."""
    if last_inbound_at is None:
        return {"state": "none", "now": now}
    age = now - last_inbound_at
    state = "standard" if age <= WINDOW_MS else "human_agent" if age <= HUMAN_AGENT_MS else "closed"
    return {
        "state": state,
        "now": now,
        "standard_until": last_inbound_at + WINDOW_MS,
        "human_agent_until": last_inbound_at + HUMAN_AGENT_MS,
    }
