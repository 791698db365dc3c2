"""Webhook subscriptions, Meta's rules as plain functions (docs/meta-platform.md section 2,
Subscriptions) [GS][SUBS][IGWH][MPWH]: which fields an app and an account may subscribe to,
what the callback must be, the verification handshake (what Meta sends, what it accepts back,
and its error texts when the callback fails), and saving or dropping the app's subscription.
The handshake's GET itself is the Graph handler's (``graph/subscriptions.py``): I/O apart."""

from __future__ import annotations

from simulator.contract.tables import INSTAGRAM_FIELDS
from simulator.errors import CallbackVerificationFailed, InvalidParameter
from simulator.state.models import App, AppSubscription

__all__ = [
    "INSTAGRAM_FIELDS",
    "OBJECTS",
    "PAGE_FIELDS",
    "check_callback",
    "check_challenge_answer",
    "check_object",
    "field_list",
    "handshake_query",
    "save",
    "timed_out",
    "unreachable",
]  # fmt: skip

OBJECTS = ("instagram",)  # the only object this simulator knows


# Page webhook fields a Facebook-Login app subscribes its Page to (Messenger's list [MPWH])
PAGE_FIELDS = (
    "feed",
    "messages",
    "messaging_postbacks",
    "messaging_optins",
    "message_deliveries",
    "message_reads",
    "message_echoes",
    "messaging_handovers",
    "messaging_referrals",
    "message_reactions",
    "standby",
    "mention",
    "name",
    "picture",
)


def field_list(raw: str | None, name: str, known: tuple[str, ...] = INSTAGRAM_FIELDS) -> list[str]:
    """``a,b`` or ``["a","b"]``: each a known field, in order; Meta's 100 otherwise."""
    fields = [f.strip() for f in (raw or "").strip("[]").replace('"', "").split(",") if f.strip()]
    if not fields:
        raise InvalidParameter(f"The parameter {name} is required")
    for index, field in enumerate(fields):
        if field not in known:
            raise InvalidParameter(f"Param {name}[{index}] must be one of {{{', '.join(known)}}}")
    return fields


def check_object(obj: str) -> None:
    if obj not in OBJECTS:
        raise InvalidParameter(f"Param object must be one of {{{', '.join(OBJECTS)}}}, got '{obj}'")


def check_callback(url: str) -> None:
    if not url.startswith(("http://", "https://")):
        raise InvalidParameter("Param callback_url must be a valid URL")


def handshake_query(challenge: str, verify_token: str) -> dict[str, str]:
    """What Meta's verification GET carries [GS]."""
    return {"hub.mode": "subscribe", "hub.challenge": challenge, "hub.verify_token": verify_token}


def check_challenge_answer(status: int, reason: str, text: str, challenge: str) -> None:
    """The callback must answer 200 with exactly the challenge; 2200 otherwise [GS]."""
    if status != 200:
        raise CallbackVerificationFailed(f"HTTP Status Code = {status}; HTTP Message = {reason}")
    if text != challenge:
        raise CallbackVerificationFailed(
            "The URL couldn't be validated. Response does not match challenge, "
            f'expected value="{challenge}", received="{text[:100]}"'
        )


def timed_out(timeout_s: float) -> CallbackVerificationFailed:
    return CallbackVerificationFailed(
        f"curl_errno = 28; curl_error = Operation timed out after {int(timeout_s * 1000)} "
        "milliseconds with 0 bytes received; HTTP Status Code = 0; HTTP Message = Unknown"
    )


def unreachable(exc: BaseException) -> CallbackVerificationFailed:
    """A refused connection (or an in-process app raising)."""
    return CallbackVerificationFailed(
        f"curl_errno = 7; curl_error = {type(exc).__name__}: {exc}; "
        "HTTP Status Code = 0; HTTP Message = Unknown"
    )


def save(
    app: App, obj: str, callback_url: str, fields: list[str], verify_token: str, version: str
) -> AppSubscription:
    """The app's subscription once the handshake passed (it replaces any earlier one)."""
    app.subscription = AppSubscription(obj, callback_url, fields, verify_token, version)
    return app.subscription
