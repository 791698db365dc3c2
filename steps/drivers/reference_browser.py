"""The reference service's console in Chromium, clicked through as the reviewer does.

It is the declarative driver with the locators the reference console publishes (the
driver's defaults, docs/architecture.md section 2), plus what only the reference service
offers a driver of its own: its records (``stored_records``), the agent's positions
(``guide_setup``) and the conversations it already holds, read from its JSON API with the
browser's own session.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from steps.drivers.base import ConsoleSession
from steps.drivers.declarative import DeclarativeConsole
from steps.drivers.reference import configured_positions


class ReferenceBrowserConsole(DeclarativeConsole):
    def __init__(self, session: ConsoleSession) -> None:
        super().__init__(session)
        self._session = session
        self._base_url = session.app_url.rstrip("/")

    def allow_notifications(self) -> str:
        permission = super().allow_notifications()
        expect(self.page.get_by_test_id("notifications-state")).to_contain_text(
            re.compile("allowed|granted|on", re.I)
        )
        return permission

    def mark_existing(self) -> None:
        """The console lists its conversations once its script has fetched them; the service's
        own list is there at once."""
        held = self.page.request.get(f"{self._base_url}/api/conversations").json()
        self._seen |= {str(c["id"]) for c in held}
        self._known = set(self._seen)

    def stored_message(self, mid: str) -> dict:
        """The service's record (its JSON API, with the browser's own session)."""
        conversation_id = self.current_conversation().conversation_id
        answer = self.page.request.get(f"{self._base_url}/api/conversations/{conversation_id}")
        return next(m for m in answer.json()["messages"] if m.get("mid") == mid)

    def configured_positions(self) -> int:
        return configured_positions(self._session.fresh_http(), self._session.agent)
