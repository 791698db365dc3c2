"""The Send API's whole check chain, in Meta's order, as one function over the state (no HTTP):
``POST /{v}/me/messages`` and ``/{v}/{IG_ID}/messages`` [IGSEND][MPSEND].

1. the token: known and unexpired (190), proved (``appsecret_proof``), an account's, granted
   ``instagram_business_manage_messages`` (10/200) (``tokens.authorize``);
2. the node names the business account (100/33);
3. the payload: message or sender action, recipient, ``messaging_type`` and tag (100, 2018001)
   (``messaging.parse_send``);
4. the recipient is a user of the account (100/2534014);
5. in development mode the user has a role on the app (200/2018028);
6. the 24 h window since the user last wrote, 7 days with ``HUMAN_AGENT`` (10/2534022);
7. the account's rate limit, media apart (613/2534040) [IGOV];
8. ``reply_to`` names a message of this thread (100);
9. a reaction names a message of this thread and a known reaction (100).
The media Meta downloads before it sends (100/2018008, 2018109) are the facade's to fetch:
``Accepted.send.message.fetch`` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.backend import messaging, tokens
from simulator.backend.rate_limits import RateLimits
from simulator.errors import InvalidParameter, UnsupportedRequest
from simulator.state.models import IgUser
from simulator.state.store import Store

__all__ = ["ACCOUNT_KINDS", "Accepted", "accept"]

ACCOUNT_KINDS = ("USER", "PAGE", "SYSTEM_USER")  # an Instagram user token, or a Page token
MEDIA_KINDS = ("audio", "video")  # charged to the media bucket [IGOV]


@dataclass(frozen=True)
class Accepted:
    """A send Meta accepted: to whom, and what (``send.message`` None: a sender action)."""

    user: IgUser
    send: messaging.SendRequest


def accept(
    store: Store,
    rate_limits: RateLimits,
    *,
    now_ms: int,
    token: str | None,
    proof: str | None,
    proof_required: bool,
    node: str,
    body: dict[str, object],
) -> Accepted:
    """The send, or Meta's error for the first check it fails (see the module's doc)."""
    tokens.authorize(
        store.tokens, now_ms, token, proof,
        app_secret=store.app.secret, proof_required=proof_required,
        kinds=ACCOUNT_KINDS, scopes=(tokens.MANAGE_MESSAGES,),
    )  # fmt: skip
    if node not in store.business.nodes():
        raise UnsupportedRequest("POST", node)
    send = messaging.parse_send(body, store.uploads)
    user = messaging.check_recipient(store.users, send.recipient_id)
    messaging.check_policy(
        app_mode=store.app.mode,
        user=user,
        last_inbound_ms=store.last_inbound_ms.get(user.igsid),
        now_ms=now_ms,
        window_ms=send.window_ms,
    )
    attachments = send.message.attachments if send.message else []
    media = any(a["type"] in MEDIA_KINDS for a in attachments)
    rate_limits.charge("media" if media else "send", now_ms)
    if send.reply_to is not None and store.message(user, send.reply_to) is None:
        raise InvalidParameter("Param reply_to[mid] must be a message in this thread")
    if send.sender_action in ("react", "unreact"):
        mid = (send.action_payload or {}).get("message_id")
        in_thread = isinstance(mid, str) and store.message(user, mid) is not None
        messaging.check_reaction(send.sender_action, send.action_payload, in_thread)
    return Accepted(user, send)
