"""Meta's side of the webhook contract, played by the harness against the system under test.

The simulator sends the real webhooks; this driver adds what a conformance check needs on top:
the verification request, hand-made webhook POSTs (signed right, wrong or not at all, as
meta-platform.md section 1 describes), the delivery log and the simulator's redelivery.
"""

from __future__ import annotations

import random
from typing import Any

import httpx

from fixtures.stack import Stack
from simulator.contract import control as api
from simulator.contract import webhooks as contract
from simulator.contract.signing import serialize, signature
from steps.drivers.base import DEFAULT_TIMEOUT_S
from steps.drivers.waiting import EventFeed, wait_until

SIGNATURE_256 = "X-Hub-Signature-256"
SIGNATURE_SHA1 = "X-Hub-Signature"


def sign(secret: str, body: bytes, algorithm: str = "sha256") -> str:
    """``sha256=<lowercase hex HMAC>`` (or ``sha1=``) over the exact bytes [GS][MPWH]."""
    return signature(secret, body, algorithm)


def events_of(delivery: dict[str, Any]) -> list[dict[str, Any]]:
    """The messaging events of one logged delivery, in the order they were sent."""
    return contract.events_of(delivery["body"])


class MetaPlatform:
    """What Meta sends to the callback, what it logged about each delivery, its Graph API."""

    def __repr__(self) -> str:  # Allure prints the fixtures given to steps
        return "Meta's platform (the simulator)"

    def __init__(self, stack: Stack, seed: int) -> None:
        self._stack = stack
        self._sut = stack.new_callback_client()
        self._callback = stack.callback_path
        self._feed = EventFeed(stack.sim, api.EVENTS.path())
        self._random = random.Random(seed)

    # -- the verification handshake [GS] --------------------------------------------------
    def challenge(self) -> str:
        return str(self._random.randrange(10**8, 10**10))

    def verification_request(
        self, verify_token: str, challenge: str | None, mode: str = "subscribe"
    ) -> httpx.Response:
        """``GET <callback>?hub.mode=subscribe&hub.challenge=..&hub.verify_token=..``
        (``challenge`` None: without one, as Meta never sends it)."""
        query = {"hub.mode": mode, "hub.verify_token": verify_token}
        if challenge is not None:
            query["hub.challenge"] = challenge
        return self._sut.get(self._callback, params=query)

    def save_callback(self, verify_token: str) -> httpx.Response:
        """``POST /{app-id}/subscriptions``, as the App Dashboard does; Meta runs the handshake."""
        app = self._stack.state["app"]
        return self._stack.sim.post(
            f"/graph/{self._stack.graph_version}/{app['id']}/subscriptions",
            params={
                "object": "instagram",
                "callback_url": self._stack.callback_url,
                "fields": "messages",
                "verify_token": verify_token,
                "access_token": app["app_token"],
            },
        )

    def subscriptions(self) -> list[dict[str, Any]]:
        """``GET /{app-id}/subscriptions``: the callbacks Meta has saved for the app [SUBS]."""
        return self._app_subscriptions("GET").raise_for_status().json()["data"]

    def remove_subscription(self) -> None:
        """``DELETE /{app-id}/subscriptions?object=instagram``."""
        self._app_subscriptions("DELETE", object="instagram").raise_for_status()

    def _app_subscriptions(self, method: str, **params: str) -> httpx.Response:
        app = self._stack.state["app"]
        return self._stack.sim.request(
            method,
            f"/graph/{self._stack.graph_version}/{app['id']}/subscriptions",
            params={"access_token": app["app_token"], **params},
        )

    def send_as_business(self, igsid: str, text: str) -> str:
        """A reply from outside the contact center (Meta's Send API) [IGSEND]; its mid."""
        answer = self._stack.sim.post(
            f"/graph/{self._stack.graph_version}/me/messages",
            json={"recipient": {"id": igsid}, "message": {"text": text}},
            headers={"Authorization": f"Bearer {self._stack.business['access_token']}"},
        )
        return answer.raise_for_status().json()["message_id"]

    def business_message_mid(self, igsid: str, text: str) -> str:
        """The mid of the business's latest message ``text`` in the user's Direct thread."""
        thread = self._stack.control.thread(igsid)
        mids = [
            m["mid"] for m in thread["messages"] if m["direction"] == "in" and m["text"] == text
        ]
        assert mids, f"the business never sent {text!r} to {igsid}"
        return mids[-1]

    # -- hand-made webhook POSTs ------------------------------------------------------------
    def text_message(self, igsid: str, text: str, *, timestamp: int | None = None) -> bytes:
        """A text message from ``igsid`` in Meta's envelope [IGEX], with a fresh opaque mid."""
        ig_id = self._stack.business["ig_id"]
        now = self._stack.control.state()["now_ms"]
        mid = "harness_" + "".join(self._random.choices("0123456789abcdef", k=24))
        event = contract.messaging_event(
            igsid, ig_id, timestamp or now, contract.message(mid, text=text)
        )
        return serialize(contract.envelope(ig_id, now, [event]))

    def post(self, body: bytes, signatures: dict[str, str]) -> httpx.Response:
        """POST ``body`` to the callback with these ``X-Hub-Signature*`` headers, as Meta would."""
        headers = {"Content-Type": "application/json", "User-Agent": "facebookexternalua"}
        return self._sut.post(self._callback, content=body, headers=headers | signatures)

    def repost(self, delivery: dict[str, Any]) -> httpx.Response:
        """POST a logged delivery's exact bytes and headers a second time."""
        return self._sut.post(
            self._callback, content=delivery["body"].encode(), headers=delivery["headers"]
        )

    # -- the delivery log ---------------------------------------------------------------------
    def deliveries(self, mid: str | None = None) -> list[dict[str, Any]]:
        logged = self._stack.control.deliveries()
        return [d for d in logged if mid is None or mid in d["event_mids"]]

    def wait_for_delivered(
        self, mid: str, *, what: str, timeout: float = DEFAULT_TIMEOUT_S
    ) -> dict[str, Any]:
        """The first attempt Meta logged for ``mid``, which the callback must have taken (2xx)."""

        def first_attempt() -> dict[str, Any] | None:
            return next(iter(self.deliveries(mid)), None)

        first = wait_until(first_attempt, self._feed, timeout=timeout, what=what)
        if first["outcome"] != "delivered":
            reason = f"HTTP {first['status']}" if first["status"] else first["error"]
            raise AssertionError(f"{what} was not taken by the contact center: {reason}")
        return first

    def redeliver(self, delivery: dict[str, Any]) -> dict[str, Any]:
        """Meta's redelivery of a logged attempt (the simulator's control API); the new record."""
        return dict(self._stack.control.redeliver(delivery["id"]))

    def advance_clock(self, seconds: float) -> None:
        self._stack.control.advance_clock(seconds)

    def close(self) -> None:
        self._sut.close()
