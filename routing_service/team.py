"""Several agents (a mixin of ``Router``): who is logged in, who can take a chat, and a
transfer from one agent to another. Routing itself (fewest open chats first, the queue in
arrival order, a returning user's open chat staying with its agent) is in ``routing.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from routing_service.errors import ServiceError
from routing_service.models import AVAILABLE, Agent, Conversation

if TYPE_CHECKING:
    from routing_service.events import EventBus
    from routing_service.settings import Settings
    from routing_service.store import Store

__all__ = ["OFFLINE", "Team"]

OFFLINE = "offline"  # logged out: never given a conversation


class Team:
    store: Store
    bus: EventBus
    settings: Settings

    def clock(self) -> int:
        raise NotImplementedError

    def conversation_json(self, conversation: Conversation, *, with_messages: bool = True) -> dict:
        raise NotImplementedError

    def own_conversation(self, agent: Agent, conversation_id: str) -> Conversation:
        raise NotImplementedError

    async def drain_queue(self) -> int:
        raise NotImplementedError

    def positions_of(self, agent: Agent) -> int:
        return agent.positions or self.settings.positions

    async def logged_in(self, agent: Agent) -> None:
        """Back from logged out: Paused, until the agent chooses to take chats."""
        if agent.status == OFFLINE:
            self.store.set_status(agent.id, "paused", self.clock())

    async def logged_out(self, agent: Agent) -> None:
        """Logged out of the last tab: no new chats; the open ones stay theirs (a returning
        user's chat waits for its agent)."""
        if not self.store.has_sessions(agent.id):
            self.store.set_status(agent.id, OFFLINE, self.clock())
            await self.bus.publish("status.changed", {"status": OFFLINE}, agent.id)

    def colleagues(self, agent: Agent) -> list[dict[str, Any]]:
        """The other agents, and whether each can take a transferred chat now."""
        found = []
        for other in self.store.agents():
            if other.id == agent.id:
                continue
            free = self.positions_of(other) - self.store.open_count(other.id)
            found.append({
                "login": other.login, "name": other.name, "status": other.status,
                "free_positions": max(0, free), "can_take": other.status in AVAILABLE and free > 0,
            })  # fmt: skip
        return found

    async def transfer(self, agent: Agent, conversation_id: str, to_login: str) -> Conversation:
        """Give an open conversation to an available colleague with a free position."""
        conversation = self.own_conversation(agent, conversation_id)
        if conversation.status != "open":
            raise ServiceError(409, "This conversation has ended: it cannot be transferred")
        target = self.store.agent_by_login(to_login)
        if target is None or target.id == agent.id:
            raise ServiceError(422, f"there is no other agent {to_login!r}")
        if target.status not in AVAILABLE:
            raise ServiceError(409, f"{target.name} is {target.status}: not taking chats now")
        if self.store.open_count(target.id) >= self.positions_of(target):
            raise ServiceError(409, f"{target.name} has no free position")
        if not self.store.transfer(conversation.id, agent.id, target.id, self.clock()):
            raise ServiceError(409, "This conversation is no longer yours to transfer")
        moved = self.store.conversation(conversation.id)
        assert moved is not None
        data = self.conversation_json(moved)
        await self.bus.publish(
            "conversation.transferred",
            {"conversation": self.conversation_json(moved, with_messages=False),
             "to": {"login": target.login, "name": target.name}},
            agent.id,
        )  # fmt: skip
        note = {"title": "Conversation transferred to you",
                "body": f"{data['contact_name']}, from {agent.name}"}  # fmt: skip
        await self.bus.publish(
            "conversation.created", {"conversation": data, "notification": note}, target.id
        )
        await self.drain_queue()  # the sender has a free position now
        return moved
