"""The `Simulator` facade: the only object handlers, the control API and the user UI call.

It owns the store, the event log, the webhook pipeline and the media cache; every user action
updates the thread, appends a `thread.message`/`thread.unsend` event and hands the webhook to
the dispatcher (or logs why none is sent).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx

from simulator.backend.rate_limits import RateLimits
from simulator.backend.tokens import minted_token
from simulator.cdn_urls import CdnUrls
from simulator.clock import Clock
from simulator.config import SimulatorConfig
from simulator.contract.signing import serialize
from simulator.contract.webhooks import batched, dashboard_test_body, postback_event
from simulator.events import EventLog
from simulator.inputs import check_client, check_unicode, check_username
from simulator.media import BACKGROUNDS, MediaCache
from simulator.media_fetch import fetch_as_meta
from simulator.state.faults import Fault
from simulator.state.models import (
    ROLES,
    BusinessAccount,
    Delivery,
    GraphCall,
    IgUser,
    Story,
    ThreadMessage,
    Token,
)
from simulator.state.store import Store
from simulator.user_actions import UserActions
from simulator.webhooks.deliveries import DeliveryLog
from simulator.webhooks.dispatcher import Dispatcher
from simulator.webhooks.faults import check as check_fault
from simulator.webhooks.keepalive_client import KeepAliveSender
from simulator.webhooks.payloads import (
    deleted_event,
    message_event,
    story_mention_attachment,
)
from simulator.webhooks.preconditions import undeliverable_reason
from simulator.webhooks.sender import HttpxSender, default_client

_MENTION = re.compile(r"@([A-Za-z0-9_.]+)")


class Simulator(UserActions):
    def __init__(
        self,
        config: SimulatorConfig | None = None,
        *,
        clock: Clock | None = None,
        http_client_factory: Callable[[], httpx.AsyncClient] | None = None,
    ) -> None:
        self.config = config or SimulatorConfig()
        self.clock = clock or Clock(speed=self.config.clock_speed)
        self.http_client_factory = http_client_factory or default_client
        self.events = EventLog(self.config.log_limit)
        self.store = Store(self.config, self.clock, CdnUrls(self.config, self.clock))
        self.media = MediaCache()
        self.deliveries = DeliveryLog(self.store, self.events, self.clock)
        self.dispatcher = Dispatcher(
            self.config,
            self.store,
            self.deliveries,
            self.clock,
            (lambda: HttpxSender(http_client_factory()))
            if http_client_factory is not None
            else KeepAliveSender,
            self.events,
        )
        self.own_app: Any = None  # the simulator's ASGI app (create_app sets it): its CDN
        self.rate_limits = self._new_rate_limits()

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        await self.dispatcher.start()

    async def stop(self) -> None:
        await self.dispatcher.stop()

    def reset(self, seed: int | None = None) -> None:
        """Back to the seeded initial state (another `seed`: other users, same app and account);
        event `seq` keeps counting up."""
        self.dispatcher.clear()
        self.store.reset(seed)
        self.rate_limits = self._new_rate_limits()
        self.media.clear()
        self.events.clear()

    def _new_rate_limits(self) -> RateLimits:
        cfg = self.config
        return RateLimits(
            per_second={
                "send": cfg.send_rate_per_s,
                "media": cfg.media_send_rate_per_s,
                "conversations": cfg.conversations_rate_per_s,
            },
            app_calls_per_hour=cfg.app_calls_per_hour,
        )

    # --- the world -----------------------------------------------------------------------

    @property
    def business(self) -> BusinessAccount:
        return self.store.business

    def create_user(
        self,
        *,
        role: str | None = "tester",
        name: str | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> IgUser:
        """A Faker-named test user (password "Test123*" unless given); `role` None = no role."""
        if role is not None and role not in ROLES:
            raise ValueError(f"role must be one of {ROLES} or null, not {role!r}")
        if username is not None:
            check_username(username)
        check_unicode([name, password])
        return self.store.add_user(role=role, name=name, username=username, password=password)

    def authenticate(self, username: str, password: str) -> IgUser | None:
        user = self.store.user_by_username(username.strip().lstrip("@"))
        return user if user is not None and user.password == password else None

    def user(self, igsid: str) -> IgUser:
        """Raises KeyError for an unknown IGSID."""
        return self.store.users[igsid]

    def users(self) -> list[IgUser]:
        return list(self.store.users.values())

    def user_by_username(self, username: str) -> IgUser | None:
        return self.store.user_by_username(username)

    def user_by_thread_id(self, thread_id: str) -> IgUser | None:
        return self.store.user_by_thread_id(thread_id)

    def thread(self, user: IgUser) -> list[ThreadMessage]:
        """Oldest first; `from_user` tells the user's own messages."""
        return list(self.store.threads[user.igsid])

    def story(self, story_id: str) -> Story:
        """A posted story; raises KeyError for an unknown id (or one dropped by `reset`)."""
        return self.store.stories[story_id]

    def last_user_message_ms(self, user: IgUser) -> int | None:
        """When the user last wrote to the business (opens the 24 h window) [IGSEND]."""
        return self.store.last_inbound_ms.get(user.igsid)

    # --- user actions ----------------------------------------------------------------------

    def send_text(
        self, user: IgUser, text: str, *, client: str = "web", quick_reply: str | None = None
    ) -> ThreadMessage:
        """A Direct message; ``quick_reply`` = the payload of the quick reply the user tapped
        (its title is the text) [IGSEND quick replies]."""
        check_client(client)
        if not text or not text.strip():
            raise ValueError("text must not be empty")
        check_unicode([text, quick_reply])
        return self._add_message(
            user,
            text=text,
            attachments=[],
            from_user=True,
            client=client,
            quick_reply_payload=quick_reply,
        )

    def post_story(
        self, user: IgUser, text: str, *, background: str = "sunset", client: str = "web"
    ) -> Story:
        """A story; mentioning the business sends it a `story_mention` message [STORY]."""
        check_client(client)
        if background not in BACKGROUNDS:
            raise ValueError(f"background must be one of {sorted(BACKGROUNDS)}")
        check_unicode(text)
        mentions = [m.rstrip(".").lower() for m in _MENTION.findall(text)]
        story = self.store.add_story(user.igsid, text, background, mentions)
        if self.business.username.lower() in mentions:
            attachment = story_mention_attachment(story.url)
            msg = self._add_message(
                user, text=None, attachments=[attachment], from_user=True, client=client
            )
            story.mention_mid = msg.mid
        return story

    def post_business_story(self, text: str, *, background: str = "ocean") -> Story:
        """The business posts a story (from the Instagram app); users may reply to it."""
        if background not in BACKGROUNDS:
            raise ValueError(f"background must be one of {sorted(BACKGROUNDS)}")
        if not text.strip():
            raise ValueError("a story needs text")
        check_unicode(text)
        story = self.store.add_story(self.business.ig_id, text, background, [])
        self.events.append("story.posted", {"story_id": story.id, "owner": story.owner_igsid})
        return story

    def unsend(self, user: IgUser, mid: str, *, client: str = "web") -> ThreadMessage:
        """Marks the user's message deleted; a webhook only from `config.unsend_clients`."""
        check_client(client)
        msg = self.store.message(user, mid)
        if msg is None:
            raise KeyError(f"no message {mid} in @{user.username}'s thread")
        if not msg.from_user:
            raise ValueError("only the sender can unsend a message")
        if msg.is_deleted:
            raise ValueError("the message was already unsent")
        msg.is_deleted = True
        webhook = self.unsend_sends_webhook(client)
        self.events.append(
            "thread.unsend",
            {
                "igsid": user.igsid,
                "thread_id": user.thread_id,
                "mid": mid,
                "client": client,
                "webhook": webhook,
            },
        )
        if webhook:
            self._publish(user, deleted_event(msg, self.clock.now_ms()), msg.mid)
        return msg

    def unsend_sends_webhook(self, client: str) -> bool:
        """An integrator guide saw `is_deleted` only from the phone app (knob)."""
        return client in self.config.unsend_clients

    def postback(
        self, user: IgUser, *, title: str, payload: str, client: str = "app"
    ) -> ThreadMessage:
        """The user taps a postback button (a template's, an ice breaker, a menu item, Get
        Started): the title shows in the thread as the user's message, the app gets a
        ``messaging_postbacks`` webhook (not a ``messages`` one), and the user may now be
        messaged and profiled [IGSEND]."""
        check_client(client)
        if not title.strip() or not payload:
            raise ValueError("a postback needs a title and a payload")
        check_unicode([title, payload])
        msg = ThreadMessage(
            mid=self.store.ids.mid(self.business.ig_id, user.thread_id),
            sender_id=user.igsid,
            recipient_id=self.business.ig_id,
            text=title,
            attachments=[],
            is_deleted=False,
            timestamp=self.clock.now_ms(),
            from_user=True,
            client=client,
        )
        self.store.append(user.igsid, msg)  # opens the 24 h window, like a message
        self.events.append(
            "thread.message", {"igsid": user.igsid, "thread_id": user.thread_id, **msg.to_dict()}
        )
        event = postback_event(
            user.igsid,
            self.business.ig_id,
            msg.timestamp,
            mid=msg.mid,
            title=title,
            payload=payload,
        )
        self._publish(user, event, msg.mid, field="messaging_postbacks")
        return msg

    # --- the business (Send API) -------------------------------------------------------------

    def business_send(
        self,
        user: IgUser,
        *,
        text: str | None,
        attachments: list[dict[str, Any]] | None = None,
        quick_replies: list[dict[str, Any]] | None = None,
        reply_to: str | None = None,
        client: str = "api",
    ) -> ThreadMessage:
        """A reply from the business: shown in the thread, echoed by webhook (`is_echo`) for
        every tool it was sent from: the Send API (``api``) or the Instagram app (``app``)
        [MPWH]."""
        return self._add_message(
            user,
            text=text,
            attachments=attachments or [],
            from_user=False,
            client=client,
            quick_replies=quick_replies or [],
            reply_to=reply_to,
        )

    async def check_media(self, kind: str, url: str) -> None:
        """Download ``url`` as Meta does before it sends; its error when that fails [MPERR]."""
        await fetch_as_meta(
            kind, url, public_url=self.config.public_url, own_app=self.own_app,
            client_factory=self.http_client_factory, timeout_s=self.config.webhook_timeout_s,
        )  # fmt: skip

    # --- internals ----------------------------------------------------------------------------

    def _add_message(
        self,
        user: IgUser,
        *,
        text: str | None,
        attachments: list[dict[str, Any]],
        from_user: bool,
        client: str,
        quick_replies: list[dict[str, Any]] | None = None,
        quick_reply_payload: str | None = None,
        reply_to: str | None = None,
        story_reply: dict[str, str] | None = None,
        referral: dict[str, Any] | None = None,
    ) -> ThreadMessage:
        ig_id = self.business.ig_id
        msg = ThreadMessage(
            mid=self.store.ids.mid(ig_id, user.thread_id),
            sender_id=user.igsid if from_user else ig_id,
            recipient_id=ig_id if from_user else user.igsid,
            text=text,
            attachments=attachments,
            is_deleted=False,
            timestamp=self.clock.now_ms(),
            from_user=from_user,
            client=client,
            quick_replies=quick_replies or [],
            quick_reply_payload=quick_reply_payload,
            reply_to=reply_to,
            story_reply=story_reply,
            referral=referral,
        )
        self.store.append(user.igsid, msg)
        data = {"igsid": user.igsid, "thread_id": user.thread_id, **msg.to_dict()}
        self.events.append("thread.message", data)
        self._publish(user, message_event(msg), msg.mid)
        return msg

    def _publish(
        self, user: IgUser, event: dict[str, Any], mid: str, field: str = "messages"
    ) -> None:
        """Hand ``event`` to the dispatcher, or log why Meta sends nothing. When another app
        owns the thread, it goes on the ``standby`` field, under ``standby`` [IMWH]."""
        key = "standby" if user.igsid in self.store.thread_owner_elsewhere else "messaging"
        field = "standby" if key == "standby" else field
        reason = undeliverable_reason(self.store, user, field)
        if reason is not None:
            body = serialize(batched(self.business.ig_id, self.clock.now_ms(), [event], key=key))
            self.deliveries.not_delivered([mid], reason, body.decode())
            return
        self.dispatcher.enqueue([event], [mid], key=key)

    def follow_business(self, user: IgUser, *, following: bool = True) -> None:
        """The user follows the business (or stops): no webhook, the profile read says so."""
        user.follows_business = following

    def set_thread_owner(self, user: IgUser, *, ours: bool) -> None:
        """Another app takes the thread (handover protocol) or gives it back."""
        if ours:
            self.store.thread_owner_elsewhere.discard(user.igsid)
        else:
            self.store.thread_owner_elsewhere.add(user.igsid)

    async def dashboard_test(self, field: str = "messages") -> Delivery:
        """The App Dashboard's "Test" button: its sample ``changes`` body, signed, POSTed."""
        return await self.dispatcher.post_body(dashboard_test_body(field), ["dashboard_test"])

    async def redeliver(self, delivery_id: str) -> Delivery:
        """Meta redelivers a logged webhook attempt (same events, new `entry.time`) [MPWH].

        Raises KeyError for an unknown id, ValueError for an entry that was never POSTed.
        """
        delivery = next((d for d in self.deliveries.all() if d.id == delivery_id), None)
        if delivery is None:
            raise KeyError(f"no delivery {delivery_id}")
        if delivery.outcome == "not_delivered":
            raise ValueError(f"delivery {delivery_id} was never sent ({delivery.error})")
        return await self.dispatcher.redeliver(delivery)

    def mint_token(
        self,
        *,
        kind: str = "USER",
        scopes: list[str] | None = None,
        expires_in_s: float | None = None,
    ) -> Token:
        """A token of the business account for tests: its kind, scopes and expiry (on the
        simulated clock); None scopes = the account's own, None expiry = never."""
        token = minted_token(
            self.store.ids, self.business.ig_id, self.clock.now_ms(),
            kind=kind, scopes=scopes, expires_in_s=expires_in_s,
        )  # fmt: skip
        self.store.tokens[token.value] = token
        return token

    def add_fault(
        self, kind: str, *, value: Any = None, count: Any = None, for_s: Any = None
    ) -> Fault:
        """A fault for the next ``count`` webhook POSTs or ``for_s`` seconds of Meta's clock."""
        sub = self.store.app.subscription
        check_fault(kind, value, count, for_s, sub.callback_url if sub else None)
        until = None if for_s is None else self.clock.now_ms() + round(float(for_s) * 1000)
        return self.store.add_fault(kind, value, count, until)

    def record_graph_call(self, call: GraphCall) -> None:
        self.store.graph_calls.append(call)
        self.events.append("graph.call", call.to_dict())
