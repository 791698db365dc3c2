"""Why a user action would reach no webhook (spec section 1 Preconditions; [IMWH][IGWH])."""

from __future__ import annotations

from simulator.state.models import IgUser
from simulator.state.store import Store


def undeliverable_reason(store: Store, user: IgUser, field: str = "messages") -> str | None:
    """None when a webhook of ``field`` for ``user`` would be POSTed, else the reason in words."""
    sub = store.app.subscription
    if sub is None or not sub.active:
        return "the app has no active webhook subscription (POST /{app-id}/subscriptions)"
    if field not in sub.fields:
        return f"the app subscription does not include the '{field}' field"
    biz = store.business
    if biz.page_id is not None:  # Facebook Login: the Page's subscription enables the account
        if not biz.page_subscribed_fields:
            return (
                "the Page has not subscribed the app "
                f"(POST /{biz.page_id}/subscribed_apps?subscribed_fields=feed, Page token)"
            )
    elif field not in biz.subscribed_fields:
        return (
            f"the account has not subscribed the app to '{field}' "
            f"(POST /me/subscribed_apps?subscribed_fields={field})"
        )
    if store.app.mode == "development" and user.role is None:
        # [IMWH] without Advanced Access only people with a role on the app trigger webhooks
        return (
            f"the app is in development mode and @{user.username} has no role on it "
            "(admin, developer or tester)"
        )
    return None
