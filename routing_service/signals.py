"""What a user does to messages already in a conversation: react (and take it back), read the
business's replies, edit their own message. Each changes the message the console shows and
tells the agent (``message.updated``); none opens a conversation. A mixin of ``Router``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from routing_service.webhook_events import Edit, Reaction, Read

if TYPE_CHECKING:
    from routing_service.models import Message
    from routing_service.store import Store

__all__ = ["Signals"]

log = logging.getLogger("routing_service.routing")


class Signals:
    store: Store

    def clock(self) -> int:
        raise NotImplementedError

    async def _publish_message(self, type_: str, conversation_id: int, message: Message) -> None:
        raise NotImplementedError

    async def on_reaction(self, event: Reaction) -> Message | None:
        """On the message it targets; a reaction to a message we do not have is logged."""
        reaction = {"reaction": event.reaction, "emoji": event.emoji} if event.reaction else None
        message = self.store.set_reaction(event.mid, event.igsid, reaction)
        if message is None:
            log.info("reaction from %s to unknown message %s", event.igsid, event.mid)
        return await self._updated(message)

    async def on_read(self, event: Read) -> Message | None:
        return await self._updated(self.store.mark_seen(event.mid, event.igsid, self.clock()))

    async def on_edit(self, event: Edit) -> Message | None:
        message = self.store.edit_text(event.mid, event.igsid, event.text, self.clock())
        return await self._updated(message)

    async def _updated(self, message: Message | None) -> Message | None:
        if message is not None and message.conversation_id is not None:
            await self._publish_message("message.updated", message.conversation_id, message)
        return message
