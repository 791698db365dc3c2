"""What a developer does in Meta's App Dashboard, played through the Graph API and the control API.

App Roles and the app's mode are the simulator's control API (``simulator/control/access.py``);
the callback, its fields and the account's subscription are Meta's own Graph calls [SUBS][IGWH]
(meta-platform.md section 2, Subscriptions); the Test button is the control API's
``DASHBOARD_TEST``.
"""

from __future__ import annotations

from typing import Any

import httpx

from fixtures.stack import Stack
from simulator.contract import control as api


class AppDashboard:
    """The Meta app's settings for the system under test: roles, mode, webhooks, Test."""

    def __repr__(self) -> str:  # Allure prints the fixtures given to steps
        return "Meta's App Dashboard (the simulator)"

    def __init__(self, stack: Stack) -> None:
        self._stack = stack
        self._sim = stack.sim

    def give_role(self, igsid: str, role: str | None) -> dict[str, Any]:
        """App Roles: ``role`` (admin, developer, tester) for the user, or none."""
        return self._stack.control.set_role(igsid, role)

    def set_mode(self, mode: str) -> None:
        """``live``: published with Advanced Access; ``development``: roles only [IMWH]."""
        self._stack.control.set_app_mode(mode)

    def save_callback(self, fields: tuple[str, ...] | None = None) -> httpx.Response:
        """``POST /{app-id}/subscriptions`` with the app's callback and verify token (Meta runs
        the handshake); ``fields`` default to the ones the system under test asks for."""
        app = self._stack.state["app"]
        return self._sim.post(
            f"/graph/{self._stack.graph_version}/{app['id']}/subscriptions",
            params={
                "object": "instagram",
                "callback_url": self._stack.callback_url,
                "fields": ",".join(fields or self._stack.sut.webhook_fields),
                "verify_token": self._stack.verify_token,
                "access_token": app["app_token"],
            },
        )

    def subscribe_account(self, fields: tuple[str, ...] | None = None) -> None:
        """The account's ``subscribed_apps`` (Facebook Login: the Page's, with ``feed``)."""
        business = self._stack.business
        facebook = business.get("flavour") == "facebook"
        node = business["page_id"] if facebook else "me"
        subscribed = "feed" if facebook else ",".join(fields or self._stack.sut.webhook_fields)
        self._subscribed_apps("POST", node, subscribed_fields=subscribed).raise_for_status()

    def unsubscribe_account(self) -> None:
        business = self._stack.business
        node = business["page_id"] if business.get("flavour") == "facebook" else "me"
        self._subscribed_apps("DELETE", node).raise_for_status()

    def account_subscriptions(self) -> list[dict[str, Any]]:
        """``GET /me/subscribed_apps``: the apps the account sends webhooks to."""
        business = self._stack.business
        node = business["page_id"] if business.get("flavour") == "facebook" else "me"
        return self._subscribed_apps("GET", node).raise_for_status().json()["data"]

    def click_test(self, field: str) -> dict[str, Any]:
        """The Test button beside ``field``: one sample ``changes`` POST; its delivery record."""
        return self._stack.control.ok(api.DASHBOARD_TEST, json={"field": field})

    def _subscribed_apps(self, method: str, node: str, **params: str) -> httpx.Response:
        return self._sim.request(
            method,
            f"/graph/{self._stack.graph_version}/{node}/subscribed_apps",
            params={"access_token": self._stack.business["access_token"], **params},
        )
