"""Waiting until the open chat, as the console shows it, passes a check.

A driver that follows its console's own updates does it itself (``WaitsForView``); for any
other the chat is read again each time Meta's side moves (the control API's events), with a
deadline.
"""

from __future__ import annotations

from collections.abc import Callable

from fixtures.http import SyncHttp
from simulator.contract import control as api
from steps.drivers.base import DEFAULT_TIMEOUT_S, AgentConsole, ChatView
from steps.drivers.waiting import EventFeed, wait_until


def wait_for_view(
    console: AgentConsole,
    sim: SyncHttp,
    check: Callable[[ChatView], bool],
    *,
    what: str,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> ChatView:
    own = getattr(console, "wait_for_view", None)
    if callable(own):
        return own(check, what=what, timeout=timeout)

    def passed() -> ChatView | None:
        view = console.current_conversation()
        return view if check(view) else None

    return wait_until(passed, EventFeed(sim, api.EVENTS.path()), timeout=timeout, what=what)
