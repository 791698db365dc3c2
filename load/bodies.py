"""Direct mode's webhook bodies: what Meta would POST for an Instagram user's action, built
with the shapes of ``simulator/contract/`` and signed with the app secret
(``X-Hub-Signature-256``, and the legacy ``X-Hub-Signature`` Meta still sends)."""

from __future__ import annotations

import itertools
import os
import time
from dataclasses import dataclass, field
from typing import Any

from simulator.contract.signing import serialize, signature_headers
from simulator.contract.tables import REACTIONS
from simulator.contract.webhooks import (
    deleted_message,
    envelope,
    message,
    messaging_event,
    reaction_event,
    story_mention_attachment,
)

SIGNATURES = ("sha256", "sha1")
_serial = itertools.count(1)


def new_mid() -> str:
    """An opaque mid, unique across worker processes (pid) and within one (a counter)."""
    return f"aWdfZAG1.load.{os.getpid()}.{next(_serial)}.{time.time_ns() % 10**9}"


@dataclass(frozen=True)
class SignedBody:
    body: bytes
    headers: dict[str, str]
    mid: str | None  # the new message's mid; None when the action targets an earlier one


@dataclass
class DirectUser:
    """One Instagram user (an IGSID) writing to the business ``ig_id``, as Meta reports it."""

    igsid: str
    ig_id: str
    app_secret: str
    cdn_url: str = "http://127.0.0.1/cdn"
    sent: list[str] = field(default_factory=list)  # own mids, oldest first

    def _signed(self, event: dict[str, Any], mid: str | None) -> SignedBody:
        now = int(time.time() * 1000)
        body = serialize(envelope(self.ig_id, now, [event]))
        headers = {
            "Content-Type": "application/json",
            **signature_headers(self.app_secret, body, SIGNATURES),
        }
        if mid:
            self.sent.append(mid)
        return SignedBody(body, headers, mid)

    def _message(self, **fields: Any) -> SignedBody:
        mid = new_mid()
        event = messaging_event(
            self.igsid, self.ig_id, int(time.time() * 1000), message(mid, **fields)
        )
        return self._signed(event, mid)

    def dm(self, text: str) -> SignedBody:
        return self._message(text=text)

    def story_mention(self, story_id: str) -> SignedBody:
        url = f"{self.cdn_url}/stories/{story_id}.jpg"
        return self._message(attachments=[story_mention_attachment(url)])

    def story_reply(self, story_id: str, text: str) -> SignedBody:
        story = {"url": f"{self.cdn_url}/stories/{story_id}.jpg", "id": story_id}
        return self._message(text=text, reply_to_story=story)

    def reply(self, text: str) -> SignedBody:
        return self._message(text=text, reply_to_mid=self.sent[-1] if self.sent else None)

    def reaction(self, reaction: str = "love", emoji: str = REACTIONS["love"]) -> SignedBody:
        target = self.sent[-1]
        now = int(time.time() * 1000)
        event = reaction_event(
            self.igsid, self.ig_id, now, mid=target, reaction=reaction, emoji=emoji
        )
        return self._signed(event, None)

    def unsend(self) -> SignedBody:
        target = self.sent.pop()  # unsent once
        now = int(time.time() * 1000)
        return self._signed(
            messaging_event(self.igsid, self.ig_id, now, deleted_message(target)), None
        )
