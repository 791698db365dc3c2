"""The routing rules: one open conversation per IGSID, given to a free agent or queued.

``Router`` is the facade handlers call; it owns no HTTP. It stores through ``Store``,
enriches contacts through ``GraphClient`` and tells consoles through ``EventBus``.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from routing_service.errors import ServiceError
from routing_service.events import EventBus
from routing_service.graph_client import GraphClient, GraphError
from routing_service.locks import KeyedLocks
from routing_service.media_copies import MediaCopies
from routing_service.meta_clock import MetaClock
from routing_service.models import AVAILABLE, STATUSES, Agent, Contact, Conversation, Message
from routing_service.settings import Settings
from routing_service.signals import Signals
from routing_service.store import Store
from routing_service.team import Team
from routing_service.webhook_events import Echo, Inbound, Parsed, Reaction, Read, Unsend
from routing_service.windows import reply_window

__all__ = ["Router", "now_ms"]

log = logging.getLogger("routing_service.routing")
ACCOUNT_RETRY_MS = 60_000
_ROW_ID = re.compile(r"[1-9][0-9]{0,17}")  # ASCII, fits SQLite's 64-bit INTEGER


def now_ms() -> int:
    return int(time.time() * 1000)


class Router(Signals, Team):
    """Inbound events, agent status, ending conversations; sending lives in ``outbound``."""

    def __init__(
        self,
        store: Store,
        bus: EventBus,
        graph: GraphClient,
        settings: Settings,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self.store = store
        self.bus = bus
        self.graph = graph
        self.settings = settings
        self.clock = clock
        self.meta_clock = MetaClock(  # policy windows run on Meta's time
            lambda: self.clock(), settings.meta_clock_max_skew_s * 1000
        )
        self._contact_locks = KeyedLocks()
        self.account_id: str | None = settings.ig_id or None
        self.media_copies: MediaCopies | None = None  # the media_rehosted break's (app.py)
        self._account_asked_at = -ACCOUNT_RETRY_MS
        self._queued_shown = 0  # the queue length the consoles were last told

    # -- inbound (webhooks) ---------------------------------------------------------------
    async def learn_account(self) -> None:
        """Know the account's IG_ID (the setting, else Meta's ``/me``; asked at most once a
        minute while Meta does not say), so events addressed elsewhere are recognised."""
        now = self.clock()
        if self.account_id or now - self._account_asked_at < ACCOUNT_RETRY_MS:
            return
        self._account_asked_at = now
        try:
            self.account_id = await self.graph.get_account_id()
        except GraphError as exc:
            log.info("the account's IG_ID is unknown (%s): events are not checked against it", exc)

    async def on_event(self, event: Parsed) -> Message | None:
        """One event of a stored webhook body (called by the ingest worker)."""
        if self.account_id and event.account and event.account != self.account_id:
            log.warning(
                "ignoring %s %s addressed to account %s, not ours (%s)",
                type(event).__name__, event.mid, event.account[:60], self.account_id,
            )  # fmt: skip
            return None
        if isinstance(event, Inbound):
            return await self.on_inbound(event)
        if isinstance(event, Echo):
            return await self.on_echo(event)
        if isinstance(event, Unsend):
            return await self.on_unsend(event)
        if isinstance(event, Reaction):
            return await self.on_reaction(event)
        if isinstance(event, Read):
            return await self.on_read(event)
        return await self.on_edit(event)

    async def on_inbound(self, event: Inbound) -> Message | None:
        """Store a user's message in their open conversation, opening one if needed."""
        broken = self.settings.broken  # deliberate_breaks.py
        if event.kind == "story_mention" and "story_mention_dropped" in broken:
            return None
        async with self._contact_locks.hold(event.igsid):
            if self.store.message_by_mid(event.mid) is not None:
                return None  # redelivery
            current = self.store.open_conversation(event.igsid)
            await self._refresh_contact(event.igsid)
            conversation_id = (
                current.id
                if current is not None
                else self.store.create_conversation(event.igsid, event.kind, self.clock())
            )
            stamp = event.timestamp or self.meta_clock.now()
            attachments = event.attachments
            if "media_rehosted" in broken and self.media_copies is not None:
                attachments = await self.media_copies.rehost(attachments)
            message = self.store.add_message(
                conversation_id=conversation_id, igsid=event.igsid, mid=event.mid,
                direction="in", text=event.text, attachments=attachments,
                source="webhook", created_at=stamp, meta_timestamp=stamp, details=event.details,
            )  # fmt: skip
            if message is None:
                return None
            if current is None or current.agent_id is None:
                # also a conversation opened just before a crash, whose message is redelivered
                await self.drain_queue()
                await self._queue_changed()  # when it waits for a free position
            else:
                await self._publish_message("message.created", current.id, message)
            return message

    async def on_echo(self, event: Echo) -> Message | None:
        """Our own (or another tool's) sent message: stored once, always outgoing.

        The echo's ``timestamp`` is Meta's time for a reply stored with our estimate of it:
        it replaces the estimate, and the console is told the message may have moved.
        """
        if "echo_as_incoming" in self.settings.broken:  # deliberate_breaks.py
            mistaken = Inbound(event.igsid, f"echo:{event.mid}", event.timestamp, event.text,
                               event.attachments, account=event.account)  # fmt: skip
            return await self.on_inbound(mistaken)
        conversation = self.store.open_conversation(event.igsid) or self.store.latest_conversation(
            event.igsid
        )
        message = self.store.add_message(
            conversation_id=conversation.id if conversation else None, igsid=event.igsid,
            mid=event.mid, direction="out", text=event.text, attachments=event.attachments,
            source="echo", created_at=event.timestamp or self.clock(),
            meta_timestamp=event.timestamp or self.meta_clock.now(),
        )  # fmt: skip
        if message is not None and conversation is not None:
            await self._publish_message("message.created", conversation.id, message)
        if message is None and event.timestamp:
            moved = self.store.confirm_meta_timestamp(event.mid, event.timestamp)
            if moved is not None and moved.conversation_id is not None:
                await self._publish_message("message.updated", moved.conversation_id, moved)
        return message

    async def on_unsend(self, event: Unsend) -> Message | None:
        """Flag the message deleted; the original text stays in the store."""
        if "unsend_ignored" in self.settings.broken:  # deliberate_breaks.py
            return None
        existing = self.store.message_by_mid(event.mid)
        if existing is not None and existing.igsid != event.igsid:
            log.warning("ignoring an unsend of %s from another user", event.mid)
            return None
        message = self.store.mark_deleted(event.mid, self.clock())
        if message is not None and message.conversation_id is not None:
            await self._publish_message("message.deleted", message.conversation_id, message)
        return message

    async def _refresh_contact(self, igsid: str) -> None:
        """Fetch name and username unless recently fetched (or recently refused: failures are
        cached too, so a Graph outage costs one call per sender per ``profile_retry_s``); on
        failure keep what is known (never lose the message)."""
        resolved, checked_at = self.store.contact_checked_at(igsid)
        now = self.clock()
        ttl_s = self.settings.profile_ttl_s if resolved else self.settings.profile_retry_s
        if checked_at is not None and now - checked_at < ttl_s * 1000:
            return
        try:
            profile = await self.graph.get_profile(igsid)
        except GraphError as exc:
            log.warning("profile of %s unavailable (%s); using the fallback name", igsid, exc)
            self.store.touch_contact(igsid, self.clock())
            return
        contact = Contact(igsid, profile.name, profile.username, profile.profile_pic, True)
        self.store.save_contact(contact, self.clock())

    # -- assignment -----------------------------------------------------------------------
    async def _assign(self, conversation_id: int) -> bool:
        positions = self.settings.positions
        agent_id = self.store.assign_to_free_agent(conversation_id, positions, self.clock())
        if agent_id is None:
            log.info("conversation %s queued: no agent has a free position", conversation_id)
            return False
        conversation = self.store.conversation(conversation_id)
        assert conversation is not None
        data = self.conversation_json(conversation)
        await self.bus.publish(
            "conversation.created",
            {"conversation": data, "notification": notification_for(data, conversation.contact)},
            agent_id,
        )
        return True

    async def drain_queue(self) -> int:
        """Assign queued conversations, oldest first, while some agent has a free position."""
        assigned = 0
        while (queued := self.store.next_queued()) is not None:
            if not await self._assign(queued):
                break
            assigned += 1
        if assigned:
            await self._queue_changed()
        return assigned

    async def _queue_changed(self) -> None:
        """Every agent's console shows how many conversations wait for a free position: each
        is told when that number changes."""
        queued = self.store.queued_count()
        if queued == self._queued_shown:
            return
        self._queued_shown = queued
        for agent in self.store.agents():
            await self.bus.publish("queue.changed", {"queued": queued}, agent.id)

    # -- agent actions --------------------------------------------------------------------
    def me(self, agent: Agent) -> dict[str, object]:
        fresh = self.store.agent(agent.id) or agent
        body = fresh.to_json(self.settings.positions, self.store.open_count(agent.id))
        return {**body, "queued": self.store.queued_count()}

    async def set_status(self, agent: Agent, status: str) -> dict[str, object]:
        if status not in STATUSES:
            raise ServiceError(422, "status must be one of: " + ", ".join(STATUSES))
        self.store.set_status(agent.id, status, self.clock())
        await self.bus.publish("status.changed", self.me(agent), agent.id)
        if status in AVAILABLE:
            await self.drain_queue()
        return self.me(agent)

    def own_conversation(self, agent: Agent, conversation_id: str) -> Conversation:
        """The agent's conversation or a 404 (also for ids that are not numbers)."""
        conversation = None
        if _ROW_ID.fullmatch(conversation_id):
            conversation = self.store.conversation(int(conversation_id))
        if conversation is None or conversation.agent_id != agent.id:
            raise ServiceError(404, f"conversation {conversation_id} not found")
        return conversation

    async def end(self, agent: Agent, conversation_id: str) -> Conversation:
        conversation = self.own_conversation(agent, conversation_id)
        if not self.store.end_conversation(conversation.id, self.clock()):
            raise ServiceError(409, "This conversation has already ended")
        ended = self.store.conversation(conversation.id)
        assert ended is not None
        data = {"conversation": self.conversation_json(ended, with_messages=False)}
        await self.bus.publish("conversation.ended", data, agent.id)
        await self.drain_queue()
        return ended

    # -- event helpers --------------------------------------------------------------------
    def conversation_json(self, conversation: Conversation, *, with_messages: bool = True) -> dict:
        body = conversation.to_json(self.settings.unsent_policy, with_messages=with_messages)
        if "handle_as_name" in self.settings.broken:  # deliberate_breaks.py: the chat's name
            body["contact_name"] = conversation.contact.username or body["contact_name"]
        body["reply_window"] = reply_window(conversation.last_inbound_at, self.meta_clock.now())
        return body

    async def _publish_message(self, type_: str, conversation_id: int, message: Message) -> None:
        conversation = self.store.conversation(conversation_id, messages=False)
        if conversation is None or conversation.agent_id is None:
            return  # queued: the agent gets everything with ``conversation.created``
        data = {
            "conversation_id": str(conversation_id),
            "conversation": self.conversation_json(conversation, with_messages=False),
            "message": message.to_json(self.settings.unsent_policy),
        }
        await self.bus.publish(type_, data, conversation.agent_id)


NOTIFICATION_TITLE = "New Instagram conversation"


def notification_for(conversation: dict, contact: Contact | None = None) -> dict[str, str]:
    """What the console's browser notification says for a newly assigned conversation: who
    (the contact's name, else the conversation's) and what they wrote."""
    incoming = [m for m in conversation.get("messages", []) if m["direction"] == "in"]
    text = incoming[-1]["display_text"] if incoming else ""
    name = contact.display_name if contact is not None else conversation["contact_name"]
    return {"title": NOTIFICATION_TITLE, "body": f"{name}: {text}"}
