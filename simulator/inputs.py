"""Checking input defensively: request bodies (Graph and control API) and the values the
`Simulator` facade accepts.

Each caller turns `BadInput` (a ValueError) into its own error shape (Meta's `{"error":{...}}`,
the control API's `{"error":{"reason":...}}`, a page), so no bad input becomes a 500.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request

# A Send API body is a few KB (text <= 1000 bytes, media by URL); Meta's cap is undocumented.
MAX_BODY_BYTES = 1 << 20
CLIENTS = ("web", "app")  # the simulated user's Instagram clients
_USERNAME = re.compile(r"[A-Za-z0-9_.]{1,30}")  # Instagram: letters, digits, '.', '_'; <= 30


class BadInput(ValueError):
    """The body or a value in it cannot be used; the message says why."""


class BodyTooLarge(BadInput):
    """More than `MAX_BODY_BYTES`."""


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The raw body (cached by Starlette for later `form()`/`body()`), at most `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"request body is {int(declared)} bytes; the limit is {limit} bytes")
    body = await request.body()
    if len(body) > limit:
        raise BodyTooLarge(f"request body is {len(body)} bytes; the limit is {limit} bytes")
    return body


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def loads(raw: bytes | str) -> Any:
    """Strict JSON: UTF-8 only, no NaN/Infinity, no lone surrogates, bounded nesting."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        value = json.loads(text, parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise BadInput("body is not UTF-8") from exc
    except RecursionError as exc:
        raise BadInput("JSON is nested too deeply") from exc
    except ValueError as exc:
        raise BadInput(f"invalid JSON: {exc}") from exc
    if "\\u" in text:  # decoded UTF-8 holds no lone surrogate: only an escape can make one
        check_unicode(value)
    return value


def check_unicode(value: Any) -> None:
    """Raises BadInput when a string in `value` cannot be encoded as UTF-8 (lone surrogates,
    e.g. `"\\ud800"`): it could be neither stored, shown nor sent on in a webhook."""
    try:
        if isinstance(value, str):  # the common case, without a JSON round trip
            value.encode("utf-8")
            return
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadInput("text is not valid Unicode (lone surrogate escape)") from exc


def check_username(username: str) -> None:
    if not _USERNAME.fullmatch(username):
        raise BadInput("username must be 1-30 letters, digits, '.' or '_'")


def check_client(client: str) -> None:
    if client not in CLIENTS:
        raise BadInput(f"client must be one of {CLIENTS}, not {client!r}")
