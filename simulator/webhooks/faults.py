"""Faults on the way to the callback, set from the control API (``/_sim/faults``).

- ``latency``: the POST waits ``value`` ms (real time, like the 5 s timeout) before it goes;
- ``status``: Meta sees HTTP ``value`` (a proxy's 502, say); the app never gets the POST;
- ``drop``: the POST reaches the app but the answer is lost (Meta retries: a duplicate);
- ``tls``: an https callback fails its TLS handshake; nothing is sent.
Each lasts for the next ``count`` deliveries or ``for_s`` seconds of Meta's clock.
"""

from __future__ import annotations

import asyncio

from simulator.state.faults import Fault
from simulator.webhooks.sender import Sender, SendError

KINDS = ("latency", "status", "drop", "tls")


def check(kind: str, value: object, count: object, for_s: object, callback_url: str | None) -> None:
    """Refuse a fault that cannot be applied, with the reason."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    if (count is None) == (for_s is None):
        raise ValueError("give either 'count' (deliveries) or 'for_s' (seconds), not both")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
        raise ValueError("'count' must be a positive integer")
    if for_s is not None and (
        isinstance(for_s, bool) or not isinstance(for_s, int | float) or not 0 < for_s <= 7 * 86400
    ):
        raise ValueError("'for_s' must be a number of seconds, at most a week")
    if kind == "latency" and (
        isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 60_000
    ):
        raise ValueError("a latency needs 'value': milliseconds, up to 60000")
    if kind == "status" and (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not 100 <= value <= 599
        or 200 <= value <= 299
    ):
        raise ValueError("a status fault needs 'value': an HTTP status that is not 2xx")
    if kind == "tls" and not (callback_url or "").startswith("https://"):
        raise ValueError("a TLS fault needs an https callback; this one is not")


async def post_through(
    fault: Fault | None, sender: Sender, url: str, body: bytes, headers: dict[str, str],
    timeout_s: float,
) -> tuple[int | None, str | None]:  # fmt: skip
    """The POST as ``fault`` bends it: the app's status (None: no answer) and, when it never
    answered or did not reach it, why."""
    if fault is not None and fault.kind == "latency":
        await asyncio.sleep((fault.value or 0) / 1000)
    elif fault is not None and fault.kind == "status":
        return int(fault.value or 500), f"HTTP {int(fault.value or 500)} (fault {fault.id})"
    elif fault is not None and fault.kind == "tls":
        return None, f"SSLError: TLS handshake with {url} failed (fault {fault.id})"
    try:
        status = await sender.post(url, body, headers, timeout_s)
    except SendError as exc:
        return None, str(exc)
    if fault is not None and fault.kind == "drop":
        return None, f"ConnectionResetError: the answer was lost (fault {fault.id})"
    return status, None
