"""What a console driver remembers from one scenario to the next, held by the test session
(``console_memory`` fixture), not by module globals: a run starts with none of it, two runs in
one process never share it, and a team's own driver may keep its own there too.

It matters for an app that outlives its scenarios (``[app] lifetime = "session"``): the app
still lists earlier conversations (and its list may fill in after the page loads), keeps its
log-in, and may still show a lasting window logged in.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ConsoleMemory"]


@dataclass
class ConsoleMemory:
    # the conversations earlier scenarios' consoles saw or ended, per app URL
    seen_before: dict[str, set[str]] = field(default_factory=dict)
    # the cookies of this run's last log-in, per (app URL, login): a scenario that starts
    # logged in reopens the console with them (no typing)
    sessions: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    # who a lasting window (fixtures/browser.py LastingWindows) shows logged in, by this run
    open_as: weakref.WeakKeyDictionary[Any, str] = field(default_factory=weakref.WeakKeyDictionary)
    # anything a team's own driver keeps between scenarios, under its own key
    extra: dict[str, Any] = field(default_factory=dict)
