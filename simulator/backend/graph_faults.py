"""Errors Meta's Graph API answers that no simulated state produces on its own: rate limits
at other levels than the Send API's, transient server errors, a token that Meta stops
accepting, a permission it withdraws. Set from the control API (``/_sim/graph_faults``), each
for the next ``count`` calls of a kind (``send``: the Send API) or ``for_s`` seconds of Meta's
clock, and answered in Meta's error shape.

Only errors Meta documents can be asked for (docs/meta-platform.md section 3, from [GERR]
D/graph-api/guides/error-handling and [MPERR] B/messenger-platform/error-codes); the HTTP
status follows ``simulator.errors`` (500 for 1 and 2, 403 for 10 and 200-299, else 400).
"""

from __future__ import annotations

from typing import Any

from simulator.errors import GraphError
from simulator.state.faults import GraphFault

__all__ = ["CALLS", "DOCUMENTED", "documented_error", "error_of", "parse"]

# (code, subcode) -> Meta's message, as [GERR] and [MPERR] word them (spec section 3)
DOCUMENTED: dict[tuple[int, int | None], str] = {
    (1, None): "An unknown error occurred",  # [GERR] transient: retry later
    (2, None): "Service temporarily unavailable",  # [GERR] transient: retry later
    (4, None): "Application request limit reached",  # [GERR] app-level rate limit
    (17, None): "User request limit reached",  # [GERR] user-level rate limit
    (32, None): "Page request limit reached",  # [GERR] page-level rate limit
    (613, None): "Calls to this api have exceeded the rate limit.",  # [GERR]
    (613, 2534040): "Calls to this api have exceeded the rate limit.",  # [IGOV][MPERR]
    (190, None): "Invalid OAuth access token.",  # [GERR]
    (190, 458): "Error validating access token: The user has not authorized application.",
    (190, 460): "Error validating access token: The session has been invalidated because the "
    "user changed their password.",
    (190, 463): "Error validating access token: Session has expired.",  # [GERR]
    (190, 467): "Error validating access token: The access token is invalid.",  # [GERR]
    (10, None): "API Permission Denied",  # [GERR][MPERR] missing permission
    (200, None): "Requires instagram_business_manage_messages permission to manage the object",
    (3, None): "Application does not have the capability to make this API call.",  # [GERR]
}
WEEK_S = 7 * 86400
CALLS = ("send", "any")  # which Graph calls a fault meets: the Send API, or every call


def documented_error(code: int, subcode: int | None) -> GraphError:
    """Meta's error for a documented (code, subcode); ``ValueError`` names the known ones."""
    message = DOCUMENTED.get((code, subcode))
    if message is None:
        known = ", ".join(f"{c}/{s}" if s else str(c) for c, s in DOCUMENTED)
        raise ValueError(
            f"Meta documents no error {code}" + (f"/{subcode}" if subcode else "")
            + f" (docs/meta-platform.md section 3); known: {known}"
        )  # fmt: skip
    kind = type(f"DocumentedError{code}", (GraphError,), {"code": code, "subcode": subcode})
    return kind(message)


def parse(body: dict[str, Any], now_ms: int) -> GraphFault:
    """The fault a control API body asks for; ``ValueError`` says what is wrong with it."""
    code, subcode = body.get("code"), body.get("subcode")
    calls, count, for_s = body.get("calls", "send"), body.get("count"), body.get("for_s")
    if not _is_int(code) or not (subcode is None or _is_int(subcode)):
        raise ValueError("'code' (and 'subcode', if given) must be integers")
    documented_error(code, subcode)
    if calls not in CALLS:
        raise ValueError(f"'calls' must be one of {CALLS}")
    if (count is None) == (for_s is None):
        raise ValueError("give either 'count' (calls) or 'for_s' (seconds), not both")
    if count is not None and (not _is_int(count) or count < 1):
        raise ValueError("'count' must be a positive integer")
    seconds = isinstance(for_s, int | float) and not isinstance(for_s, bool)
    if for_s is not None and not (seconds and 0 < for_s <= WEEK_S):
        raise ValueError("'for_s' must be a number of seconds, at most a week")
    until = None if for_s is None else now_ms + round(for_s * 1000)
    return GraphFault("", code, subcode, calls, count, until)


def error_of(fault: GraphFault) -> GraphError:
    return documented_error(fault.code, fault.subcode)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
