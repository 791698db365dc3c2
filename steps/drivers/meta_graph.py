"""Meta's Graph API as the policy checks see it: the Send API calls an app made (the
simulator's call log), the user's Direct thread, Meta's clock, and documented errors on
demand (the control API's Graph faults)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fixtures.http import SyncHttp
from simulator.contract import control as api
from simulator.contract.control_client import Control

__all__ = ["MetaGraph", "SendCall", "seconds_in"]

_DURATION = re.compile(r"^(\d+) (minute|hour|day)s?$")
_UNIT_S = {"minute": 60, "hour": 3600, "day": 86400}


def seconds_in(duration: str) -> int:
    """``"25 hours"`` -> 90000; refused, with the accepted shape, when it is not one."""
    found = _DURATION.match(duration.strip())
    if found is None:
        raise ValueError(f"{duration!r}: write a duration as '<n> minutes|hours|days'")
    return int(found.group(1)) * _UNIT_S[found.group(2)]


@dataclass(frozen=True)
class SendCall:
    """One ``POST /me/messages`` (or ``/{IG_ID}/messages``) the app made."""

    status: int
    tag: str | None
    messaging_type: str | None
    error_code: int | None
    error_subcode: int | None

    @property
    def sent(self) -> bool:
        return self.status == 200


class MetaGraph:
    def __repr__(self) -> str:  # Allure prints the fixtures given to steps
        return "Meta's Graph API (the simulator's logs)"

    def __init__(self, sim: SyncHttp) -> None:
        self._sim = sim

    def sends_to(self, igsid: str) -> list[SendCall]:
        """The app's Send API calls to ``igsid``, oldest first (sender actions included)."""
        calls = Control(self._sim).graph_calls()
        return [
            SendCall(c["status"], c.get("tag"), c.get("messaging_type"), c.get("error_code"),
                     c.get("error_subcode"))
            for c in calls
            if c["method"] == "POST" and c.get("recipient_id") == igsid
            and c["path"].endswith("/messages")
        ]  # fmt: skip

    def received(self, igsid: str) -> list[str]:
        """The business's messages in the user's Direct thread, as the user sees them."""
        thread = Control(self._sim).thread(igsid)
        return [m.get("text") or "" for m in thread["messages"] if m["direction"] == "in"]

    def advance_clock(self, seconds: int) -> None:
        Control(self._sim).advance_clock(seconds)

    def fail_sends(self, code: int, subcode: int | None = None, *, count: int | None = None,
                   calls: str = "send") -> dict[str, Any]:  # fmt: skip
        """Meta answers its documented error ``code``/``subcode`` for the next ``count``
        calls (None: for an hour of Meta's clock)."""
        body: dict[str, Any] = {"code": code, "calls": calls}
        body |= {"count": count} if count else {"for_s": 3600}
        if subcode is not None:
            body["subcode"] = subcode
        answer = Control(self._sim).call(api.ADD_GRAPH_FAULT, json=body)
        if answer.status_code != 200:
            raise AssertionError(f"the simulator cannot answer {code}/{subcode}: {answer.text}")
        return answer.json()
