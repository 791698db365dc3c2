"""Serialise and sign webhook bodies the way Meta does [GS][MPWH].

Meta escapes non-ASCII as lowercase `\\uXXXX` (`äöå` -> `\\u00e4\\u00f6\\u00e5`) and signs the
raw bytes it sends; `json.dumps(ensure_ascii=True)` writes exactly that (lowercase hex, astral
characters as surrogate pairs, UNCONFIRMED) and leaves `/` unescaped. Compact separators.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from typing import Any

HEADER_FOR = {"sha256": "X-Hub-Signature-256", "sha1": "X-Hub-Signature"}


# one encoder for every body: json.dumps with options builds a new one on each call
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True)


def serialize(payload: Any) -> bytes:
    """Compact JSON, all non-ASCII escaped, as the bytes that go on the wire."""
    return _ENCODER.encode(payload).encode("ascii")


def signature(secret: str, body: bytes, algorithm: str = "sha256") -> str:
    """`sha256=<lowercase hex HMAC>` (or `sha1=...`) over the exact body."""
    digest = hmac.new(secret.encode(), body, getattr(hashlib, algorithm)).hexdigest()
    return f"{algorithm}={digest}"


def signature_headers(secret: str, body: bytes, algorithms: Iterable[str]) -> dict[str, str]:
    return {HEADER_FOR[alg]: signature(secret, body, alg) for alg in algorithms}


def verify(secret: str, body: bytes, header_value: str | None) -> bool:
    """True when `header_value` (`sha256=...` or `sha1=...`) signs `body` with `secret`."""
    if not header_value or "=" not in header_value:
        return False
    algorithm = header_value.split("=", 1)[0]
    if algorithm not in HEADER_FOR:
        return False
    return hmac.compare_digest(header_value, signature(secret, body, algorithm))
