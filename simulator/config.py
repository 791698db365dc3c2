"""Simulator settings: one frozen dataclass (docs/architecture.md section 1)."""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass

from simulator.versions import VersionPolicy

APP_MODES = ("development", "live")
LOGIN_FLAVOURS = ("instagram", "facebook")  # Instagram Login or Facebook Login [IGOV]
SIGNATURE_ALGORITHMS = ("sha256", "sha1")
OLDEST_GRAPH_VERSION = "v21.0"  # v21.0..v26.0 are live on 2026-12-03 [Graph API changelog]
NEWEST_GRAPH_VERSION = "v26.0"  # Jul 29 2026 [Graph API changelog]


def _seeded_app_id(seed: int) -> str:
    return str(random.Random(f"app-id:{seed}").randint(10**15, 2 * 10**15))


def _seeded_app_secret(seed: int) -> str:
    return f"{random.Random(f'app-secret:{seed}').getrandbits(128):032x}"


@dataclass(frozen=True)
class SimulatorConfig:
    """Knobs of the simulator; every default follows docs/meta-platform.md.

    `app_id`, `app_secret`, `access_token` and `ig_id` default to values derived from `seed`
    (empty string = derive); a team gives the values its own app is configured with, so the
    app talks to the simulator unchanged but for its Graph base URL.
    """

    seed: int = 0
    public_url: str = "http://simulator.test"
    graph_version: str = NEWEST_GRAPH_VERSION  # the newest live version
    oldest_graph_version: str = OLDEST_GRAPH_VERSION  # older ones are served by this one
    app_default_graph_version: str = ""  # unversioned calls (App Dashboard); "" = the newest
    app_id: str = ""
    app_secret: str = ""
    app_name: str = "Review Harness App"
    access_token: str = ""  # the account's token the app sends: IGAA... (Instagram Login) or
    # the Page token EAA... (Facebook Login)
    ig_id: str = ""  # the professional account's IG_ID, `entry[].id` of every webhook [IGEX]
    login_flavour: str = "instagram"  # graph.instagram.com or graph.facebook.com shapes
    page_id: str = ""  # Facebook Login: the Page linked to the account ("" = derive)
    page_name: str = ""  # "" = the business name
    user_access_token: str = ""  # Facebook Login: the Facebook user's token ("" = derive)
    business_username: str = "company_page"
    business_name: str = "Company Page"
    signature_headers: tuple[str, ...] = ("sha256", "sha1")  # [MPWH] docs sha256, samples sha1
    webhook_timeout_s: float = 5.0  # [MPWH] 200 OK within 5 s
    # [MPWH] failures are retried at once, then thinning (the backoff is UNCONFIRMED): these
    # delays after each failed attempt, then one every retry_every_s until disabled
    retry_delays_s: tuple[float, ...] = (0.0, 0.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0)
    retry_every_s: float = 900.0
    alert_after_s: float = 900.0  # [MPWH] an alert after 15 minutes of failures
    disable_after_s: float = 3600.0  # [MPWH] "Webhooks Disabled" after 1 h ([GS]: 36 h)
    accept_any_2xx: bool = False  # Meta counts only a 200 as delivered (spec section 6)
    batch_size: int = 1  # events per POST: one as observed, up to 1000 [GS]
    batch_entries: str = "one"  # "one" entry with every event, or "each" event its own entry
    max_in_flight: int = 1  # POSTs at once
    reorder_probability: float = 0.0  # after failures order is not guaranteed [GS][MPWH]
    duplicate_probability: float = 0.0  # Meta may deliver an update twice [MPWH]
    clock_speed: float = 1.0  # simulated seconds per real second (a fast clock)
    # which clients' unsends reach the app: the integration guide saw the webhook only from
    # the phone app, never from instagram.com (add "web" to send it from both)
    unsend_clients: tuple[str, ...] = ("app",)
    # the business's own story users can reply to ("" = none)
    business_story: str = "New in this week: reply to this story to ask us anything"
    require_appsecret_proof: bool = False  # the app's "Require App Secret" setting
    send_rate_per_s: float = 100.0  # [IGOV] Send API: text, links, reactions, stickers
    media_send_rate_per_s: float = 10.0  # [IGOV] Send API: audio and video
    conversations_rate_per_s: float = 2.0  # [IGOV] Conversations API
    app_calls_per_hour: int = 100_000  # the app's hourly budget for X-App-Usage (UNCONFIRMED)
    log_limit: int = 20_000  # newest events, deliveries and Graph calls kept (flat memory)
    app_mode: str = "development"

    def __post_init__(self) -> None:
        if not self.app_id:
            object.__setattr__(self, "app_id", _seeded_app_id(self.seed))
        if not self.app_secret:
            object.__setattr__(self, "app_secret", _seeded_app_secret(self.seed))
        object.__setattr__(self, "public_url", self.public_url.rstrip("/"))
        _check_team_values(self)
        if not 1 <= self.batch_size <= 1000:
            raise ValueError("batch_size must be 1..1000 (Meta sends up to 1000 updates per POST)")
        if self.batch_entries not in ("one", "each"):
            raise ValueError("batch_entries must be 'one' or 'each'")
        if not 1 <= self.max_in_flight <= 256:
            raise ValueError("max_in_flight must be 1..256")
        for name in ("reorder_probability", "duplicate_probability"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.retry_every_s <= 0 or any(d < 0 for d in self.retry_delays_s):
            raise ValueError("retry delays must not be negative and retry_every_s positive")
        if self.login_flavour not in LOGIN_FLAVOURS:
            raise ValueError(f"login_flavour must be one of {LOGIN_FLAVOURS}")
        if self.app_mode not in APP_MODES:
            raise ValueError(f"app_mode must be one of {APP_MODES}, not {self.app_mode!r}")
        unknown = set(self.signature_headers) - set(SIGNATURE_ALGORITHMS)
        if unknown or not self.signature_headers:
            raise ValueError(
                f"signature_headers must be a non-empty subset of {SIGNATURE_ALGORITHMS}"
            )
        if not self.app_default_graph_version:
            object.__setattr__(self, "app_default_graph_version", self.graph_version)
        self.version_policy  # noqa: B018 - refuses versions that cannot serve a call

    @property
    def app_token(self) -> str:
        """The app access token `APP_ID|APP_SECRET` [SUBS]."""
        return f"{self.app_id}|{self.app_secret}"

    @functools.cached_property
    def version_policy(self) -> VersionPolicy:  # built once: every Graph call reads it
        return VersionPolicy(
            self.oldest_graph_version, self.graph_version, self.app_default_graph_version
        )

    @property
    def graph_base_url(self) -> str:
        return f"{self.public_url}/graph"


_DIGITS = re.compile(r"[0-9]{1,30}")
_TOKEN = re.compile(r"[!-~]{1,1000}")  # printable ASCII, no spaces: a token is sent in headers
_USERNAME = re.compile(r"[A-Za-z0-9._]{1,30}")  # Instagram's username alphabet


def _check_team_values(config: SimulatorConfig) -> None:
    """Values a team passes in must be usable where Meta puts them (ids, headers, URLs)."""
    if not _DIGITS.fullmatch(config.app_id):
        raise ValueError(f"app_id must be digits (Meta app ids are numeric), not {config.app_id!r}")
    if not _TOKEN.fullmatch(config.app_secret):
        raise ValueError("app_secret must be printable ASCII without spaces")
    if config.access_token and not _TOKEN.fullmatch(config.access_token):
        raise ValueError("access_token must be printable ASCII without spaces")
    if config.access_token == config.app_token:
        raise ValueError("access_token must be the account's token, not the app token")
    if config.page_id and not _DIGITS.fullmatch(config.page_id):
        raise ValueError(f"page_id must be digits, not {config.page_id!r}")
    if config.user_access_token and not _TOKEN.fullmatch(config.user_access_token):
        raise ValueError("user_access_token must be printable ASCII without spaces")
    if config.ig_id and not _DIGITS.fullmatch(config.ig_id):
        raise ValueError(f"ig_id must be digits (17841...), not {config.ig_id!r}")
    if not _USERNAME.fullmatch(config.business_username):
        raise ValueError(
            "business_username must be 1-30 letters, digits, '.' or '_' "
            f"(an Instagram username), not {config.business_username!r}"
        )
