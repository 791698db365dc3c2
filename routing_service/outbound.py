"""An agent's reply through the Send API, and what the agent is told when Meta refuses."""

from __future__ import annotations

import asyncio
import logging

from routing_service.errors import ServiceError
from routing_service.graph_client import GraphError, SentMessage
from routing_service.models import Agent, Conversation, Message
from routing_service.routing import Router
from routing_service.windows import WINDOW_MS, human_agent_tag

__all__ = ["MAX_TEXT_BYTES", "PERMISSION_REFUSED", "WINDOW_CLOSED", "send_reply"]

log = logging.getLogger("routing_service.outbound")

MAX_TEXT_BYTES = 1000  # Send API limit for text (meta-platform.md section 2)
WINDOW_CLOSED = "The 24-hour messaging window has closed: the user must write first"
PERMISSION_REFUSED = (
    "Instagram refused the app's permission to send messages (instagram_manage_messages): "
    "message not sent"
)
# [GERR] 1 and 2 are transient, 4/17/32/613 rate limits (613/2534040 the Send API's): "retry
# later". Retried with a doubling delay (``send_retry_ms``), so the answer arrives once.
RETRIED_CODES = (1, 2, 4, 17, 32, 613)
RETRIES = 3


async def send_reply(router: Router, agent: Agent, conversation_id: str, text: str) -> Message:
    """Send ``text`` to the conversation's contact; raise ``ServiceError`` saying why not."""
    conversation = router.own_conversation(agent, conversation_id)
    if conversation.status != "open":
        raise ServiceError(409, "This conversation has ended: it can no longer be answered")
    if not text.strip():
        raise ServiceError(422, "Type a message before sending")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") in the JSON
        raise ServiceError(422, "The message is not valid Unicode text") from None
    if size > MAX_TEXT_BYTES:
        raise ServiceError(
            422, f"Instagram messages are limited to {MAX_TEXT_BYTES} bytes; this one has {size}"
        )
    sent: SentMessage | None = None
    try:
        sent = await _send_retrying(router, conversation, text)
    except GraphError as exc:
        status, reason = explain(exc)
        if not (reason == WINDOW_CLOSED and "window_refusals_hidden" in router.settings.broken):
            router.store.add_send_failure(
                conversation.id, agent.id, text, exc.code, exc.subcode, exc.message, router.clock()
            )
            log.warning("send to %s refused: %s (%s)", conversation.igsid, reason, exc.message)
            raise ServiceError(status, reason, graph=exc.to_json()) from exc
        # deliberate_breaks.py: the window refusal is not shown; the text looks sent
    message = router.store.add_message(
        conversation_id=conversation.id, igsid=conversation.igsid,
        mid=sent.message_id if sent else None,
        direction="out", text=text, attachments=[], source="console", agent_id=agent.id,
        created_at=router.clock(), meta_timestamp=router.meta_clock.now(),  # until its echo
    ) or router.store.claim_outgoing(sent.message_id if sent else "", agent.id)  # fmt: skip
    assert message is not None  # claimed: the echo was stored first
    await router.bus.publish(
        "message.created",
        {
            "conversation_id": str(conversation.id),
            "conversation": router.conversation_json(conversation, with_messages=False),
            "message": message.to_json(router.settings.unsent_policy),
        },
        agent.id,
    )
    return message


async def _send_retrying(router: Router, conversation: Conversation, text: str) -> SentMessage:
    """``_send``, again after a rate limit or a transient error Meta answered (not after no
    answer at all: the message may have gone out)."""
    delay_s = router.settings.send_retry_ms / 1000
    for attempt in range(RETRIES):
        try:
            return await _send(router, conversation, text)
        except GraphError as exc:
            if not _retryable(exc):
                raise
            log.info("send to %s: %s; retrying", conversation.igsid, exc.message)
            await asyncio.sleep(delay_s * 2**attempt)
    return await _send(router, conversation, text)


def _retryable(exc: GraphError) -> bool:
    server_error = (exc.http_status or 0) >= 500 and exc.code not in (10, 190)
    return exc.reached_meta and (exc.code in RETRIED_CODES or server_error)


async def _send(router: Router, conversation: Conversation, text: str) -> SentMessage:
    """Send, tagged ``HUMAN_AGENT`` only 24 h..7 days after the user's last message.

    Both ends are Meta's clock: the webhook ``timestamp`` of the user's message and
    ``router.meta_clock``. If Meta refuses an untagged reply because its 24 h window has
    closed, Meta's clock is further on than the service knew: it learns that and, when the
    reply is then within 7 days, sends it once more with the tag.
    """
    last = conversation.last_inbound_at
    tag = human_agent_tag(last, router.meta_clock.now())
    if "human_agent_always" in router.settings.broken:  # deliberate_breaks.py
        tag = "HUMAN_AGENT"
    try:
        return await router.graph.send_text(conversation.igsid, text, tag=tag)
    except GraphError as exc:
        if tag is not None or last is None or explain(exc)[1] != WINDOW_CLOSED:
            raise
        router.meta_clock.at_least(last + WINDOW_MS + 1)
        tag = human_agent_tag(last, router.meta_clock.now())
        if tag is None:
            raise
    log.info("24 h window closed for %s: sending with %s", conversation.igsid, tag)
    return await router.graph.send_text(conversation.igsid, text, tag=tag)


def explain(exc: GraphError) -> tuple[int, str]:
    """The HTTP status and the sentence the agent reads for a refused send."""
    code, subcode = exc.code, exc.subcode
    if code == 10 and subcode in (2534022, 2018278):
        return 409, WINDOW_CLOSED
    if not exc.reached_meta:
        return 502, "Instagram could not be reached: the message was not sent, try again"
    if code == 190:
        return 502, "Instagram refused the access token (invalid or expired): message not sent"
    if code == 200 and subcode == 2018028:
        return 422, (
            "This Instagram user has no role on the app (development mode): message not sent"
        )
    if code == 100 and subcode in (2534014, 2018001):
        return 422, "Instagram does not know this user: message not sent"
    if code == 100 and subcode == 2534015:
        return 422, "Instagram refused the message as invalid (empty or too long)"
    if code == 551 or subcode in (1545041, 2018108):
        return 422, "This person isn't available right now: message not sent"
    if code in (4, 17, 32, 613) or subcode == 2534040:
        return 502, "Instagram is rate limiting this account: wait a moment and try again"
    if code in (3, 10) or (code is not None and 200 <= code <= 299):  # [GERR][MPERR]
        return 422, PERMISSION_REFUSED
    if (exc.http_status or 0) >= 500 or code in (1, 2):
        return 502, "Instagram had a temporary error: the message was not sent, try again"
    return 422, f"Instagram refused the message: {exc.message}"
