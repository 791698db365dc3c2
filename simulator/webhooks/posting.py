"""One signed webhook POST to the callback, as Meta makes it [MPWH][GS]: the body signed with
the app secret (``X-Hub-Signature-256``, and the legacy ``X-Hub-Signature``), Meta's user
agent, bent by a fault the control API set (``webhooks/faults.py``), judged delivered or not
by Meta's policy (``backend/delivery_policy.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.backend import delivery_policy as policy
from simulator.config import SimulatorConfig
from simulator.contract.signing import signature_headers
from simulator.state.faults import Fault
from simulator.webhooks import faults
from simulator.webhooks.sender import Sender

__all__ = ["USER_AGENT", "Posted", "post"]

USER_AGENT = "facebookexternalua"


@dataclass(frozen=True)
class Posted:
    headers: dict[str, str]  # as sent
    status: int | None  # the app's answer; None: none came
    error: str | None  # why it is not delivered; None: delivered


async def post(
    sender: Sender, config: SimulatorConfig, app_secret: str, url: str, body: bytes,
    fault: Fault | None,
) -> Posted:  # fmt: skip
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    headers |= signature_headers(app_secret, body, config.signature_headers)
    status, error = await faults.post_through(
        fault, sender, url, body, headers, config.webhook_timeout_s
    )
    answered = error is None and status is not None
    if answered and not policy.delivered(status or 0, accept_any_2xx=config.accept_any_2xx):
        error = f"HTTP {status}"
    return Posted(headers, status, error)
