"""Browser helpers every Playwright console driver shares: notifications and time units."""

from __future__ import annotations

from typing import Any

# Records every Notification a page shows, so a step can see the agent was notified; added to
# the agent's window by the driver fixture, whatever app it shows.
NOTIFICATION_RECORDER = """(() => {
  const Original = window.Notification;
  if (!Original || window.__harnessNotifications) return;
  window.__harnessNotifications = [];
  class Recorded extends Original {
    constructor(title, options) {
      super(title, options);
      window.__harnessNotifications.push({title, body: (options && options.body) || ''});
    }
  }
  Object.defineProperty(Recorded, 'permission', {get: () => Original.permission});
  Recorded.requestPermission = (...args) => Original.requestPermission(...args);
  window.Notification = Recorded;
})();"""


def ms(seconds: float) -> float:
    return seconds * 1000


def recorded_notifications(page: Any) -> list[str]:
    """``"title: body"`` of each notification the page has shown since it loaded."""
    shown = page.evaluate("window.__harnessNotifications || []")
    return [f"{n['title']}: {n['body']}" for n in shown]


def forget_notifications(page: Any) -> None:
    """A scenario that goes on in a window an earlier one used counts only its own."""
    page.evaluate("window.__harnessNotifications && (window.__harnessNotifications.length = 0)")


def grant_notifications(page: Any, origin: str) -> str:
    """Step 4's "Allow": headless Chromium shows no prompt; granting the origin is what Allow
    does. Returns the permission the page now reads."""
    page.context.grant_permissions(["notifications"], origin=origin)
    return page.evaluate("'Notification' in window ? Notification.permission : 'unsupported'")
