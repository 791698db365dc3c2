"""Plain records of the simulated world; behaviour lives in the service, never here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("admin", "developer", "tester")


@dataclass
class App:
    """The Meta app; `subscription` is the `/{app-id}/subscriptions` entry for `instagram`."""

    id: str
    secret: str
    name: str
    mode: str
    subscription: AppSubscription | None = None

    @property
    def token(self) -> str:
        return f"{self.id}|{self.secret}"


@dataclass
class AppSubscription:
    object: str
    callback_url: str
    fields: list[str]
    verify_token: str
    version: str
    active: bool = True


@dataclass
class BusinessAccount:
    """The Instagram professional account; `subscribed_fields` = `me/subscribed_apps`."""

    ig_id: str
    app_scoped_id: str
    username: str
    name: str
    access_token: str
    profile_pic_url: str
    subscribed_fields: list[str] = field(default_factory=list)
    flavour: str = "instagram"  # the login flavour the app uses for this account
    page_id: str | None = None  # Facebook Login: the Page linked to the account
    page_name: str | None = None
    user_access_token: str | None = None  # Facebook Login: the Facebook user's token
    fb_user_id: str | None = None
    page_subscribed_fields: list[str] = field(default_factory=list)  # /{page-id}/subscribed_apps

    def nodes(self) -> tuple[str, ...]:
        """The ids that name this account in Graph paths (``me`` included)."""
        ids = ("me", self.ig_id, self.app_scoped_id)
        return (*ids, self.page_id) if self.page_id else ids

    @property
    def subscribed(self) -> bool:
        """Webhooks reach the app: ``me/subscribed_apps`` (IG) or the Page's (FB)."""
        return bool(self.page_subscribed_fields if self.page_id else self.subscribed_fields)


@dataclass
class IgUser:
    """An Instagram user (a reviewer's test account); `role` on the app or None."""

    igsid: str
    username: str
    name: str
    password: str
    role: str | None
    profile_pic_url: str
    thread_id: str
    follower_count: int = 0
    is_verified_user: bool = False
    follows_business: bool = False  # the user follows the business account

    def to_dict(self) -> dict[str, Any]:
        return {
            "igsid": self.igsid,
            "username": self.username,
            "name": self.name,
            "password": self.password,
            "role": self.role,
            "profile_pic": self.profile_pic_url,
            "thread_id": self.thread_id,
        }


@dataclass
class ThreadMessage:
    """One message in a user's Direct thread with the business; `from_user` = the user sent it."""

    mid: str
    sender_id: str
    recipient_id: str
    text: str | None
    attachments: list[dict[str, Any]]
    is_deleted: bool
    timestamp: int
    from_user: bool
    client: str = "web"
    quick_replies: list[dict[str, Any]] = field(default_factory=list)  # offered by the business
    quick_reply_payload: str | None = None  # the user tapped a quick reply carrying it
    reply_to: str | None = None  # the mid this one answers inline
    story_reply: dict[str, str] | None = None  # {"url", "id"}: a reply to the business's story
    referral: dict[str, Any] | None = None  # an ad click that opened the thread
    reaction: str | None = None  # the user's reaction to this message (love, like, ...)
    reaction_emoji: str | None = None  # and the emoji it shows
    edits: int = 0  # times the user edited it (Instagram sends no webhook for that)

    def to_dict(self) -> dict[str, Any]:
        """The user's point of view: `out` = the user sent it (architecture.md 1.3)."""
        return {
            "mid": self.mid,
            "direction": "out" if self.from_user else "in",
            "text": self.text,
            "attachments": self.attachments,
            "is_deleted": self.is_deleted,
            "timestamp": self.timestamp,
            "quick_replies": self.quick_replies,
            "quick_reply_payload": self.quick_reply_payload,
            "reply_to": self.reply_to,
            "story_reply": self.story_reply,
            "referral": self.referral,
            "reaction": self.reaction,
            "reaction_emoji": self.reaction_emoji,
            "edits": self.edits,
        }


@dataclass
class Story:
    id: str
    owner_igsid: str
    text: str
    background: str
    created_ms: int
    mentions: list[str]
    url: str
    mention_mid: str | None = None


@dataclass
class Token:
    """An access token; `kind` is USER (Instagram user token) or APP [debug_token]."""

    value: str
    kind: str
    owner_id: str
    issued_at_ms: int
    expires_at_ms: int | None
    scopes: list[str]


@dataclass
class GraphCall:
    method: str
    path: str
    query: str
    status: int
    error_code: int | None
    error_subcode: int | None = None
    at: int = 0
    requested_version: str | None = None  # None: an unversioned call
    # Send API calls only: what the business asked for (``tag``: e.g. HUMAN_AGENT)
    recipient_id: str | None = None
    messaging_type: str | None = None
    tag: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))  # flat: no deep copy on the hot path (asdict copies deeply)


@dataclass
class Delivery:
    """One webhook attempt, or a `not_delivered` entry explaining a silent failure."""

    id: str
    event_mids: list[str]
    body: str
    headers: dict[str, str]
    status: int | None
    attempt: int
    error: str | None
    at: int
    url: str | None
    outcome: str  # delivered | failed | not_delivered

    def to_dict(self) -> dict[str, Any]:
        data = dict(vars(self))
        data["event_mids"], data["headers"] = list(self.event_mids), dict(self.headers)
        return data
