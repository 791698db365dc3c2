"""Settings of the reference routing service, read once from ``ROUTING_*`` variables."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from routing_service.deliberate_breaks import BREAKS

__all__ = ["DEFAULT_AGENT_PASSWORD", "DEFAULT_SCRYPT_N", "Settings", "SettingsError"]

UnsentPolicy = Literal["show", "ignore"]
PREFIX = "ROUTING_"
MAX_POSITIONS = 20  # simultaneous conversations one agent can hold
DEFAULT_SCRYPT_N = 2**14
MIN_SCRYPT_N = 2**10
DEFAULT_AGENT_PASSWORD = "Aa123*"  # the integration guide's; loopback rehearsals only
_INTEGERS = (
    "positions",
    "max_webhook_bytes",
    "profile_ttl_s",
    "profile_retry_s",
    "meta_clock_max_skew_s",
    "webhook_retry_ms",
    "profile_timeout_ms",
    "session_idle_s",
    "send_retry_ms",
    "scrypt_n",
)
_BOOLEANS = {"1": True, "true": True, "yes": True, "on": True,
             "0": False, "false": False, "no": False, "off": False}  # fmt: skip


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything the service is configured with (architecture.md section 2)."""

    access_token: str = field(repr=False)
    app_secret: str = field(repr=False)
    verify_token: str = field(repr=False)
    # The Instagram professional account's id (IG_ID): events addressed to another account are
    # ignored. Empty: learned from GET /me?fields=user_id when Meta answers it.
    ig_id: str = ""
    graph_base_url: str = "https://graph.instagram.com"
    graph_version: str = "v25.0"
    database: str = "routing.sqlite3"
    agent_login: str = "agent"
    agent_password: str = field(default=DEFAULT_AGENT_PASSWORD, repr=False)
    agent_name: str = "Alex Agent"
    positions: int = 8
    unsent_policy: UnsentPolicy = "show"
    session_secret: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    # Webhook bodies over this are refused (413) before they are read whole; Meta batches up
    # to 1000 events per POST, so the default leaves room for 1000 long escaped texts.
    max_webhook_bytes: int = 8 * 1024 * 1024
    profile_ttl_s: int = 24 * 3600  # a fetched name and username are reused this long
    profile_retry_s: int = 300  # a profile Meta would not give is asked for again after this
    # how long a profile (or account) read waits for Meta before the name is left empty
    profile_timeout_ms: int = 3000
    # an entry.time further than this from the local clock does not move Meta's clock estimate
    meta_clock_max_skew_s: int = 30 * 24 * 3600
    # a stored body whose events failed is handled again after this x its attempts, 3 times
    webhook_retry_ms: int = 5000
    session_idle_s: int = 12 * 3600  # an agent session unused this long ends
    # a send Meta answered with a rate limit or a transient error is retried after this,
    # then twice and four times this (outbound.py)
    send_retry_ms: int = 500
    # scrypt's cost for the seeded agent's password (a power of two); below the default only
    # for rehearsals on this machine (the harness: a scenario's login costs one hash)
    scrypt_n: int = DEFAULT_SCRYPT_N
    secure_cookie: bool = False  # send the session cookie over HTTPS only (set it behind TLS)
    # The console's own origin (scheme://host[:port]); state-changing requests from a page of
    # any other origin are refused. Empty: the request's Host header is the own origin.
    public_url: str = ""
    # Behaviours broken on purpose, to prove the harness's checks fail (deliberate_breaks.py).
    broken: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("access_token", "app_secret", "verify_token", "agent_login"):
            if not getattr(self, name):
                raise SettingsError(f"{PREFIX}{name.upper()} must not be empty")
        if self.unsent_policy not in ("show", "ignore"):
            raise SettingsError(f"{PREFIX}UNSENT_POLICY must be 'show' or 'ignore'")
        if not 1 <= self.positions <= MAX_POSITIONS:
            raise SettingsError(f"{PREFIX}POSITIONS must be between 1 and {MAX_POSITIONS}")
        if self.public_url and not _is_origin(self.public_url):
            raise SettingsError(f"{PREFIX}PUBLIC_URL must be scheme://host[:port], no path")
        n = self.scrypt_n
        if not MIN_SCRYPT_N <= n <= 2**20 or n & (n - 1):
            raise SettingsError(f"{PREFIX}SCRYPT_N must be a power of two from 1024 to 1048576")
        unknown = sorted(set(self.broken) - set(BREAKS))
        if unknown:
            raise SettingsError(
                f"{PREFIX}BROKEN names unknown behaviours {unknown}; known: {sorted(BREAKS)}"
            )
        for name in _INTEGERS[1:]:
            if getattr(self, name) < 1:
                raise SettingsError(f"{PREFIX}{name.upper()} must be at least 1")

    @property
    def graph_root(self) -> str:
        """``{base}/{version}``, the prefix of every Graph call."""
        return f"{self.graph_base_url.rstrip('/')}/{self.graph_version}"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, file: Mapping[str, Any] | None = None
    ) -> Settings:
        """Read ``ROUTING_*`` variables once, over ``file`` (``[service]`` of routing.toml);
        required ones raise ``SettingsError``."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name, value in (file or {}).items():
            values[name] = _from_file(name, value)
        for name in cls.__dataclass_fields__:
            raw = env.get(PREFIX + name.upper())
            if raw is None or raw == "":
                continue
            if name == "secure_cookie":
                if raw.lower() not in _BOOLEANS:
                    raise SettingsError(f"{PREFIX}SECURE_COOKIE must be true or false")
                values[name] = _BOOLEANS[raw.lower()]
            elif name == "broken":
                values[name] = tuple(part.strip() for part in raw.split(",") if part.strip())
            elif name in _INTEGERS:
                try:
                    values[name] = int(raw)
                except ValueError:
                    raise SettingsError(f"{PREFIX}{name.upper()} must be an integer") from None
            else:
                values[name] = raw
        missing = [
            PREFIX + n.upper()
            for n in ("access_token", "app_secret", "verify_token")
            if n not in values
        ]
        if missing:
            raise SettingsError("missing required settings: " + ", ".join(missing))
        return cls(**values)  # type: ignore[arg-type]


def _is_origin(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and parts.path in ("", "/")


def _from_file(name: str, value: Any) -> object:
    """A ``[service]`` value of the type its setting has (TOML has the types already)."""
    if name == "broken":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError("[service] broken must be a list of names")
        return tuple(value)
    if name == "secure_cookie":
        if not isinstance(value, bool):
            raise SettingsError("[service] secure_cookie must be true or false")
    elif name in _INTEGERS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(f"[service] {name} must be an integer")
    elif not isinstance(value, str):
        raise SettingsError(f"[service] {name} must be a string")
    return value
