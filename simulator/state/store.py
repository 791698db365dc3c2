"""The one store of simulator state, rebuilt from the seed by `reset` (moto `models.py` style).

Everything the simulated Meta knows lives here: the app and its webhook subscription, the
business account, users, their threads with the business, stories, tokens, and the logs of
webhook attempts and Graph calls. Handlers never keep state; the service mutates the store.
One store per simulator (one app, one account), so "tenant" = the simulator instance.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from faker import Faker

from simulator.clock import Clock
from simulator.config import SimulatorConfig
from simulator.ids import Ids
from simulator.state.faults import Fault, GraphFaults
from simulator.state.logs import BoundedList
from simulator.state.models import (
    App,
    BusinessAccount,
    Delivery,
    GraphCall,
    IgUser,
    Story,
    ThreadMessage,
    Token,
)

BUSINESS_POSTS = (
    "Autumn collection: now in store",
    "Free shipping all weekend",
    "Meet the team that answers your DMs",
    "How to track your order in 3 steps",
    "Customer of the week",
    "Behind the scenes at the studio",
)
USER_TOKEN_TTL_MS = 60 * 24 * 3600 * 1000  # long-lived Instagram token: 60 days [IGOV]
DEFAULT_PASSWORD = "Test123*"  # the integration guide's "easy password" for test users
ACCOUNT_SCOPES = ["instagram_business_basic", "instagram_business_manage_messages"]
FACEBOOK_SCOPES = [
    "instagram_basic",
    "instagram_manage_messages",
    "pages_manage_metadata",
    "pages_show_list",
    "pages_read_engagement",
]

if TYPE_CHECKING:
    from simulator.cdn_urls import CdnUrls


class Store:
    def __init__(self, config: SimulatorConfig, clock: Clock, urls: CdnUrls) -> None:
        self.config = config
        self.clock = clock
        self.urls = urls  # Meta's CDN URLs for pictures and media (simulator/cdn_urls.py)
        self._faker = Faker("en_US")
        self._identity = _account_identity(config, Ids(config.seed))
        self._facebook = _facebook_identity(config, Ids(f"facebook:{config.seed}"))
        self.reset()

    def reset(self, seed: int | None = None) -> None:
        """Back to the initial state: same seed, same ids in the same order.

        Another ``seed`` gives other users, mids and stories; the app and the account keep the
        identity they started with (the values the system under test is configured with).
        """
        cfg = self.config
        self.seed = cfg.seed if seed is None else seed
        self.ids = Ids(self.seed)
        self._faker.seed_instance(self.seed)
        _account_identity(cfg, self.ids)  # the same draws as at start: users follow them
        self.app = App(id=cfg.app_id, secret=cfg.app_secret, name=cfg.app_name, mode=cfg.app_mode)
        ig_id, app_scoped_id, access_token = self._identity
        now = self.clock.now_ms()
        self.tokens: dict[str, Token] = {
            self.app.token: Token(self.app.token, "APP", self.app.id, now, None, []),
        }
        if cfg.login_flavour == "facebook":
            page_id, page_token, user_token, fb_user_id = self._facebook
            self.business = BusinessAccount(
                ig_id=ig_id,
                app_scoped_id=app_scoped_id,
                username=cfg.business_username,
                name=cfg.business_name,
                access_token=page_token,
                profile_pic_url=self.urls.profile_pic(ig_id),
                flavour="facebook",
                page_id=page_id,
                page_name=cfg.page_name or cfg.business_name,
                user_access_token=user_token,
                fb_user_id=fb_user_id,
            )
            # Page tokens from a long-lived user token do not expire [D/pages/access-tokens]
            self._add_token(page_token, "PAGE", page_id, now, None, FACEBOOK_SCOPES)
            self._add_token(
                user_token, "USER", fb_user_id, now, now + USER_TOKEN_TTL_MS, FACEBOOK_SCOPES
            )
        else:
            self.business = BusinessAccount(
                ig_id=ig_id,
                app_scoped_id=app_scoped_id,
                username=cfg.business_username,
                name=cfg.business_name,
                access_token=access_token,
                profile_pic_url=self.urls.profile_pic(ig_id),
            )
            self._add_token(
                access_token, "USER", ig_id, now, now + USER_TOKEN_TTL_MS, ACCOUNT_SCOPES
            )
        self.users: dict[str, IgUser] = {}
        self._by_username: dict[str, IgUser] = {}  # lowercased
        self._by_thread_id: dict[str, IgUser] = {}
        self.threads: dict[str, list[ThreadMessage]] = {}
        self.conversations: dict[str, str] = {}  # conversation id -> igsid [IGCONV]
        # indexes, so a call costs the same after 100k messages as after one
        self.messages_by_mid: dict[str, ThreadMessage] = {}
        self.last_inbound_ms: dict[str, int] = {}  # igsid -> the user's last message to us
        self.uploads: dict[str, dict[str, str]] = {}  # attachment_id -> {"type", "url"}
        self.messenger_profile: dict[str, Any] = {}  # ice_breakers, persistent_menu, get_started
        self.stories: dict[str, Story] = {}
        self.media_items: dict[str, dict[str, str]] = {}  # media id -> {kind, title, owner}
        self.thread_owner_elsewhere: set[str] = set()  # igsids whose thread another app owns
        self.deliveries: BoundedList[Delivery] = BoundedList(cfg.log_limit)
        self.graph_calls: BoundedList[GraphCall] = BoundedList(cfg.log_limit)
        self.alerts: BoundedList[dict[str, Any]] = BoundedList(cfg.log_limit)
        self.faults: list[Fault] = []
        self.graph_faults = GraphFaults()  # errors the Graph API answers on demand
        self._fault_count = 0
        self._delivery_count = 0
        self.read_upto: dict[str, str] = {}  # igsid -> the newest business mid the user saw
        self.posts: list[str] = self._seed_posts(Ids(f"business-posts:{self.seed}"))
        if cfg.business_story:  # its id from a stream of its own: users and mids stay put
            self.add_story(
                self.business.ig_id,
                cfg.business_story,
                "ocean",
                [],
                story_id=Ids(f"business-story:{self.seed}").story_id(),
            )

    def add_story(
        self,
        owner_id: str,
        text: str,
        background: str,
        mentions: list[str],
        story_id: str | None = None,
    ) -> Story:
        """A story of a user or of the business (which users can reply to) [STORY][IGEX]."""
        story_id = story_id or self.ids.story_id()
        story = Story(
            id=story_id,
            owner_igsid=owner_id,
            text=text,
            background=background,
            created_ms=self.clock.now_ms(),
            mentions=mentions,
            url=self.urls.story(story_id),
        )
        self.stories[story_id] = story
        return story

    def _seed_posts(self, ids: Ids) -> list[str]:
        """The business's posts on its profile grid (media ids; newest first), drawn from a
        stream of their own; users share them into Direct (``ig_post``)."""
        posts = []
        for title in BUSINESS_POSTS:
            media_id = "18" + ids.digits(15)
            self.media_items[media_id] = {
                "kind": "image",
                "title": title,
                "owner": self.business.username,
            }
            posts.append(media_id)
        return posts

    def media_url(self, media_id: str) -> str:
        return self.urls.media(media_id, self.media_items[media_id]["kind"])

    def post_list(self) -> list[dict[str, str]]:
        """The business's posts: ``media_id``, ``title`` and CDN ``url`` of each."""
        items = self.media_items
        return [
            {"media_id": m, "title": items[m]["title"], "url": self.media_url(m)}
            for m in self.posts
        ]

    def business_stories(self) -> list[Story]:
        """The business's stories, newest first (in the order posted: the clock may stand)."""
        return [s for s in reversed(self.stories.values()) if s.owner_igsid == self.business.ig_id]

    def owner_name(self, owner_id: str) -> str | None:
        """The username of a user or of the business, by id (None: nobody)."""
        if owner_id == self.business.ig_id:
            return self.business.username
        user = self.users.get(owner_id)
        return None if user is None else user.username

    def _add_token(
        self,
        value: str,
        kind: str,
        owner: str,
        now: int,
        expires: int | None,
        scopes: list[str],
    ) -> None:
        self.tokens[value] = Token(value, kind, owner, now, expires, list(scopes))

    # --- users -------------------------------------------------------------------------

    def add_user(
        self,
        *,
        role: str | None,
        name: str | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> IgUser:
        first, last = self._faker.first_name(), self._faker.last_name()
        name = name or f"{first} {last}"
        if username is None:
            username = self._free_username(_slug(f"{first}.{last}"))
        elif self.user_by_username(username) or username.lower() == self.business.username.lower():
            raise ValueError(f"username {username!r} is taken")
        igsid = self.ids.igsid()
        user = IgUser(
            igsid=igsid,
            username=username,
            name=name,
            password=password or DEFAULT_PASSWORD,
            role=role,
            profile_pic_url=self.urls.profile_pic(igsid),
            thread_id=Ids.thread_id(self.business.ig_id, igsid),
            follower_count=self._faker.random_int(0, 5000),
        )
        self.users[igsid] = user
        self._by_username[username.lower()] = user
        self._by_thread_id[user.thread_id] = user
        self.threads[igsid] = []
        self.conversations[Ids.conversation_id(self.business.ig_id, igsid)] = igsid
        return user

    def _free_username(self, base: str) -> str:
        candidate, n = base, 1
        while self.user_by_username(candidate) or candidate == self.business.username.lower():
            n += 1
            candidate = f"{base}{n}"
        return candidate

    def user_by_username(self, username: str) -> IgUser | None:
        """Case-insensitive, like Instagram usernames."""
        return self._by_username.get(username.lower())

    def user_by_thread_id(self, thread_id: str) -> IgUser | None:
        return self._by_thread_id.get(thread_id)

    # --- threads ------------------------------------------------------------------------

    def append(self, igsid: str, message: ThreadMessage) -> None:
        self.threads[igsid].append(message)
        self.messages_by_mid[message.mid] = message
        if message.from_user:
            self.last_inbound_ms[igsid] = max(
                message.timestamp, self.last_inbound_ms.get(igsid, message.timestamp)
            )

    def message(self, user: IgUser, mid: str) -> ThreadMessage | None:
        """The message ``mid`` of ``user``'s thread, or None."""
        found = self.messages_by_mid.get(mid)
        owner = found.sender_id if found and found.from_user else found and found.recipient_id
        return found if owner == user.igsid else None

    def upload(self, kind: str, url: str) -> str:
        """Keep an uploaded attachment; its ``attachment_id`` [IGSEND]."""
        attachment_id = self.ids.digits(16)
        self.uploads[attachment_id] = {"type": kind, "url": url}
        return attachment_id

    # --- faults on the callback ------------------------------------------------------------

    def add_fault(
        self, kind: str, value: float | None, count: int | None, until_ms: int | None
    ) -> Fault:
        self._fault_count += 1
        fault = Fault(f"fault_{self._fault_count}", kind, value, count, until_ms)
        self.faults.append(fault)
        return fault

    def take_fault(self, now_ms: int) -> Fault | None:
        """The fault the next POST meets (one use of it), or None."""
        self.faults = [f for f in self.faults if f.active(now_ms)]
        if not self.faults:
            return None
        fault = self.faults[0]
        if fault.count is not None:
            fault.count -= 1
        return fault

    # --- logs ---------------------------------------------------------------------------

    def next_delivery_id(self) -> str:
        self._delivery_count += 1
        return f"dlv_{self._delivery_count:05d}"


def _account_identity(config: SimulatorConfig, ids: Ids) -> tuple[str, str, str]:
    """(IG_ID, app-scoped id, account token): the configured ones, else drawn from ``ids``."""
    ig_id, app_scoped_id, token = ids.ig_id(), ids.app_scoped_id(), ids.token()
    return config.ig_id or ig_id, app_scoped_id, config.access_token or token


def _facebook_identity(config: SimulatorConfig, ids: Ids) -> tuple[str, str, str, str]:
    """(Page id, Page token, user token, Facebook user id) for Facebook Login, from a stream of
    its own so the Instagram ids stay as they are."""
    page_id, fb_user = "1" + ids.digits(14), "1" + ids.digits(15)
    page_token, user_token = ids.token("EAA", 180), ids.token("EAA", 180)
    return (
        config.page_id or page_id,
        config.access_token or page_token,
        config.user_access_token or user_token,
        fb_user,
    )


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9._]", "", ascii_text.lower()) or "user"
