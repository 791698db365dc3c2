"""Settings of the reference routing service, read once from ``ROUTING_*`` variables."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Settings", "SettingsError"]

UnsentPolicy = Literal["show", "ignore"]
PREFIX = "ROUTING_"
_INTEGERS = (
    "positions",
    "max_webhook_bytes",
    "profile_ttl_s",
    "profile_retry_s",
    "meta_clock_max_skew_s",
    "webhook_retry_ms",
)


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything the service is configured with (architecture.md section 2)."""

    access_token: str = field(repr=False)
    app_secret: str = field(repr=False)
    verify_token: str = field(repr=False)
    graph_base_url: str = "https://graph.instagram.com"
    graph_version: str = "v25.0"
    database: str = "routing.sqlite3"
    agent_login: str = "agent"
    agent_password: str = "Aa123*"
    agent_name: str = "Alex Agent"
    positions: int = 8
    unsent_policy: UnsentPolicy = "show"
    session_secret: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    # Webhook bodies over this are refused (413) before they are read whole; Meta batches up
    # to 1000 events per POST, so the default leaves room for 1000 long escaped texts.
    max_webhook_bytes: int = 8 * 1024 * 1024
    profile_ttl_s: int = 24 * 3600  # a fetched name and username are reused this long
    profile_retry_s: int = 300  # a profile Meta would not give is asked for again after this
    # an entry.time further than this from the local clock does not move Meta's clock estimate
    meta_clock_max_skew_s: int = 30 * 24 * 3600
    # a stored body whose events failed is handled again after this x its attempts, 3 times
    webhook_retry_ms: int = 5000

    def __post_init__(self) -> None:
        for name in ("access_token", "app_secret", "verify_token", "agent_login"):
            if not getattr(self, name):
                raise SettingsError(f"{PREFIX}{name.upper()} must not be empty")
        if self.unsent_policy not in ("show", "ignore"):
            raise SettingsError(f"{PREFIX}UNSENT_POLICY must be 'show' or 'ignore'")
        if not 1 <= self.positions <= 100:
            raise SettingsError(f"{PREFIX}POSITIONS must be between 1 and 100")
        for name in _INTEGERS[1:]:
            if getattr(self, name) < 1:
                raise SettingsError(f"{PREFIX}{name.upper()} must be at least 1")

    @property
    def graph_root(self) -> str:
        """``{base}/{version}``, the prefix of every Graph call."""
        return f"{self.graph_base_url.rstrip('/')}/{self.graph_version}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read ``ROUTING_*`` variables once; required ones raise ``SettingsError``."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name in cls.__dataclass_fields__:
            raw = env.get(PREFIX + name.upper())
            if raw is None or raw == "":
                continue
            if name in _INTEGERS:
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
