"""Webhook serialisation and signatures [GS][MPWH]."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from simulator.contract.signing import serialize, signature, signature_headers, verify

pytestmark = pytest.mark.meta_verified

SECRET = "00112233445566778899aabbccddeeff"


def test_sha256_signature_matches_an_independent_hmac() -> None:
    body = b'{"object":"instagram","entry":[]}'
    expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert signature(SECRET, body) == f"sha256={expected}"
    assert signature(SECRET, body, "sha1") == (
        "sha1=" + hmac.new(SECRET.encode(), body, hashlib.sha1).hexdigest()
    )


def test_known_vector() -> None:
    # HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), RFC 4231-style sample
    body = b"The quick brown fox jumps over the lazy dog"
    assert signature("key", body) == (
        "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
    )


def test_non_ascii_is_escaped_as_lowercase_u_escapes() -> None:
    body = serialize({"text": "äöå", "emoji": "😀", "url": "https://x/y"})
    assert body == b'{"text":"\\u00e4\\u00f6\\u00e5","emoji":"\\ud83d\\ude00","url":"https://x/y"}'
    assert body.isascii()


def test_headers_follow_the_configured_algorithms() -> None:
    body = serialize({"a": 1})
    both = signature_headers(SECRET, body, ("sha256", "sha1"))
    assert set(both) == {"X-Hub-Signature-256", "X-Hub-Signature"}
    assert set(signature_headers(SECRET, body, ("sha256",))) == {"X-Hub-Signature-256"}


def test_verify_accepts_the_right_secret_and_rejects_tampering() -> None:
    body = serialize({"text": "hé"})
    header = signature(SECRET, body)
    assert verify(SECRET, body, header)
    assert verify(SECRET, body, signature(SECRET, body, "sha1"))
    assert not verify("other", body, header)
    assert not verify(SECRET, body + b" ", header)
    assert not verify(SECRET, body, None)
    assert not verify(SECRET, body, "md5=abc")
