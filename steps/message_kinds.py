"""Every kind of message a user causes in Direct, and how the contact center shows it.

Shapes from meta-platform.md section 1.1 ([IGEX][IMWH]); the features cite each fact.
What the console shows is read through the console driver only (``ChatMessage``); what Meta
sent is read from its delivery log.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then, when

from fixtures.stack import Stack
from simulator.contract import webhooks as contract
from simulator.contract.signing import serialize
from simulator.contract.tables import REACTIONS
from steps.diagnosis import explained_by_platform
from steps.drivers.base import AgentConsole, ChatMessage, ChatView
from steps.drivers.chat_waits import wait_for_view
from steps.drivers.meta import SIGNATURE_256, MetaPlatform, events_of, sign

# the user's words for what Direct sends, and the attachment type Meta gives it [IGEX]
MEDIA_WORDS = {"photo": "image", "video": "video", "voice message": "audio", "PDF file": "file"}
REACTION_EMOJI = REACTIONS


def webhook_message(meta_platform: MetaPlatform, mid: str, what: str) -> dict[str, Any]:
    """The ``message`` object Meta delivered for ``mid`` (the callback must have taken it)."""
    delivery = meta_platform.wait_for_delivered(mid, what=what)
    for event in events_of(delivery):
        message = event.get("message") or {}
        if message.get("mid") == mid:
            return message
    raise AssertionError(f"Meta's delivery of {what} carries no message {mid}")


def attachment_urls(message: dict[str, Any]) -> list[str]:
    return [
        a["payload"]["url"]
        for a in message.get("attachments") or []
        if (a.get("payload") or {}).get("url")
    ]


def incoming(view: ChatView) -> list[ChatMessage]:
    return [m for m in view.messages if m.direction == "in"]


def same_message(message: ChatMessage, mid: str) -> bool:
    """``mid`` when the console exposes Meta's mids, else any message will do."""
    return not message.mid or message.mid == mid


def assert_from_meta_cdn(shown: list[str], sent: list[str], stack: Stack, what: str) -> None:
    """Rejection reason 2: shown from the webhook's own URL on Meta's CDN, not from a copy."""
    assert sent, f"Meta's webhook carried no URL for the {what}"
    assert shown, f"the console shows the {what} from nowhere"
    assert set(shown) <= set(sent), (
        f"the console shows the {what} from {shown}, not from the URL Meta's webhook carried "
        f"({sent}): a copy instead of Meta's CDN"
    )
    cdn = stack.sim.get(shown[0].removeprefix(stack.simulator_url))
    assert cdn.status_code == 200, f"Meta's CDN answers {cdn.status_code} for {shown[0]}"


# -- media -----------------------------------------------------------------------------------
@when(
    parsers.parse("the test user sends a {media} in Direct"),
    target_fixture="sent_message",
)
def _send_media(instagram_user: Any, media: str) -> dict[str, Any]:
    kind = MEDIA_WORDS[media]
    return {"text": "", "kind": kind, "what": media, "mid": instagram_user.send_media(kind)}


@then(parsers.parse("the conversation shows the {media} from the URL Meta's webhook carried"))
def _media_from_cdn(
    agent_console: AgentConsole,
    meta_platform: MetaPlatform,
    stack: Stack,
    sent_message: dict[str, Any],
    media: str,
) -> None:
    mid = sent_message["mid"]
    sent = attachment_urls(webhook_message(meta_platform, mid, f"the {media}"))
    view = wait_for_view(
        agent_console,
        stack.sim,
        lambda v: any(m.media_urls for m in incoming(v) if same_message(m, mid)),
        what=f"the {media} in the conversation",
    )
    shown = [u for m in incoming(view) if same_message(m, mid) for u in m.media_urls]
    assert_from_meta_cdn(shown, sent, stack, media)


# -- shares ----------------------------------------------------------------------------------
@when("the test user shares the business's newest post in Direct", target_fixture="sent_message")
def _share_post(instagram_user: Any, stack: Stack) -> dict[str, Any]:
    posts = stack.control.state()["posts"]
    assert posts, f"@{stack.business['username']} has no post to share"
    title = posts[0]["title"]
    return {"text": title, "what": "shared post", "mid": instagram_user.share("post", title)}


@when(
    parsers.parse('the test user shares the reel "{title}" in Direct'),
    target_fixture="sent_message",
)
def _share_reel(instagram_user: Any, title: str) -> dict[str, Any]:
    return {"text": title, "what": "shared reel", "mid": instagram_user.share("reel", title)}


@then("the conversation shows the share with its title, linking to the URL Meta's webhook carried")
def _share_shown(
    agent_console: AgentConsole,
    meta_platform: MetaPlatform,
    stack: Stack,
    sent_message: dict[str, Any],
) -> None:
    mid, title, what = sent_message["mid"], sent_message["text"], sent_message["what"]
    message = webhook_message(meta_platform, mid, f"the {what}")
    assert [a.get("payload", {}).get("title") for a in message["attachments"]] == [title]
    view = wait_for_view(
        agent_console,
        stack.sim,
        lambda v: any(title in m.text for m in incoming(v) if same_message(m, mid)),
        what=f"the {what} {title!r}",
    )
    shown = [u for m in incoming(view) if title in m.text for u in m.media_urls]
    assert_from_meta_cdn(shown, attachment_urls(message), stack, what)


@given(parsers.parse('the agent has answered "{text}"'))
def _answered(agent_console: AgentConsole, text: str) -> None:
    agent_console.reply(text)
    agent_console.wait_for_message(text, direction="out")


# -- inline and quick replies -----------------------------------------------------------------
@when(
    parsers.parse('the test user replies "{text}" to the message "{original}"'),
    target_fixture="sent_message",
)
def _reply_inline(instagram_user: Any, text: str, original: str) -> dict[str, Any]:
    return {"text": text, "mid": instagram_user.reply_inline(original, text)}


@then(parsers.parse('the conversation shows "{text}" as a reply quoting "{original}"'))
def _reply_quoted(agent_console: AgentConsole, text: str, original: str) -> None:
    view = agent_console.wait_for_message(text, direction="in")
    [reply] = [m for m in incoming(view) if m.text == text]
    assert original in reply.quote, (
        f"the reply {text!r} does not show the message it answers ({original!r}); "
        f"it quotes {reply.quote!r}"
    )


@when(parsers.parse('the business asks "{text}" with the quick replies "{first}" and "{second}"'))
def _ask_with_quick_replies(stack: Stack, tester: dict, text: str, first: str, second: str) -> None:
    """From another tool (an automated flow) through the Send API [IGSEND quick replies]."""
    replies = [
        {"content_type": "text", "title": title, "payload": f"SIZE_{title.upper()}"}
        for title in (first, second)
    ]
    answer = stack.sim.post(
        f"/graph/{stack.graph_version}/me/messages",
        json={
            "recipient": {"id": tester["igsid"]},
            "message": {"text": text, "quick_replies": replies},
        },
        headers={"Authorization": f"Bearer {stack.business['access_token']}"},
    )
    assert answer.status_code == 200, answer.text


@when(parsers.parse('the test user taps the quick reply "{title}"'), target_fixture="sent_message")
def _tap_quick_reply(instagram_user: Any, title: str) -> dict[str, Any]:
    return {"text": title, "mid": instagram_user.tap_quick_reply(title)}


# -- reactions ---------------------------------------------------------------------------------
@when(parsers.parse('the test user reacts with {reaction} to "{text}"'))
def _react(instagram_user: Any, reaction: str, text: str) -> None:
    instagram_user.react(text, reaction)


@when(parsers.parse('the test user takes back the reaction to "{text}"'))
def _unreact(instagram_user: Any, text: str) -> None:
    instagram_user.unreact(text)


@then(parsers.parse('the contact center shows the {reaction} reaction on "{text}"'))
def _reaction_shown(agent_console: AgentConsole, stack: Stack, reaction: str, text: str) -> None:
    emoji = REACTION_EMOJI[reaction]
    with explained_by_platform(stack.sim, f"The reaction {emoji} on {text!r}"):
        wait_for_view(
            agent_console,
            stack.sim,
            lambda v: any(m.text == text and m.reaction == emoji for m in v.messages),
            what=f"the reaction {emoji} on {text!r}",
        )


@then(parsers.parse('the contact center shows no reaction on "{text}"'))
def _reaction_gone(agent_console: AgentConsole, stack: Stack, text: str) -> None:
    with explained_by_platform(stack.sim, f"The reaction on {text!r} taken back"):
        view = wait_for_view(
            agent_console,
            stack.sim,
            lambda v: not any(m.reaction for m in v.messages if m.text == text),
            what=f"the reaction on {text!r} taken back",
        )
    assert any(m.text == text for m in view.messages), f"{text!r} is no longer shown"


# -- buttons: ice breakers, persistent menu, Get Started ---------------------------------------
PROFILE_FIELDS = {  # the Messenger Profile field that offers each button [IL ice breakers]
    "ice breaker": lambda title, payload: {
        "ice_breakers": [
            {"locale": "default", "call_to_actions": [{"question": title, "payload": payload}]}
        ]
    },
    "persistent menu item": lambda title, payload: {
        "persistent_menu": [
            {
                "locale": "default",
                "call_to_actions": [{"type": "postback", "title": title, "payload": payload}],
            }
        ]
    },
    "Get Started button": lambda title, payload: {"get_started": {"payload": payload}},
}


def _payload(title: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in title.upper())[:40]


@given(parsers.parse('the business offers the {place} "{title}" in Direct'))
def _offer_button(stack: Stack, place: str, title: str) -> None:
    """Set with the Messenger Profile API, as the business's developer does."""
    answer = stack.sim.post(
        f"/graph/{stack.graph_version}/me/messenger_profile",
        params={"platform": "instagram"},
        json=PROFILE_FIELDS[place](title, _payload(title)),
        headers={"Authorization": f"Bearer {stack.business['access_token']}"},
    )
    assert answer.status_code == 200, answer.text


BUTTON_PLACES = "ice breaker|persistent menu item|Get Started button"


@when(parsers.re(rf'the test user taps the (?P<place>{BUTTON_PLACES}) "(?P<title>[^"]+)"'))
def _tap_button(instagram_user: Any, place: str, title: str) -> None:
    instagram_user.tap_button(place, title, _payload(title))


@then(
    parsers.parse('a new conversation in the contact center shows that the user tapped "{title}"')
)
def _tap_shown(agent_console: AgentConsole, stack: Stack, title: str) -> None:
    with explained_by_platform(stack.sim, "A new conversation opened by a button"):
        agent_console.wait_for_new_conversation(kind="direct")
    wait_for_view(
        agent_console,
        stack.sim,
        lambda v: any(title in m.text for m in incoming(v)),
        what=f"the tap on {title!r}",
    )


# -- what the API does not carry ---------------------------------------------------------------
@when(
    "the test user sends something the API does not carry, which Meta marks unsupported",
    target_fixture="sent_message",
)
def _send_unsupported(meta_platform: MetaPlatform, stack: Stack, tester: dict) -> dict[str, Any]:
    """Meta's webhook for it: ``message.is_unsupported`` true [IMWH] (meta-platform.md 1.1),
    posted by the harness as Meta would (the simulated pages have no such content)."""
    state = stack.control.state()
    ig_id, now = stack.business["ig_id"], state["now_ms"]
    mid = f"harness_unsupported_{now}"
    message = {**contract.message(mid), "is_unsupported": True}
    event = contract.messaging_event(tester["igsid"], ig_id, now, message)
    body = serialize(contract.envelope(ig_id, now, [event]))
    answer = meta_platform.post(body, {SIGNATURE_256: sign(state["app"]["secret"], body)})
    assert answer.status_code == 200, f"HTTP {answer.status_code}: {answer.text[:200]}"
    return {"text": "", "mid": mid}


@then("the conversation shows a message marked as one to open in Instagram, not dropped")
def _unsupported_shown(
    agent_console: AgentConsole, stack: Stack, sent_message: dict[str, Any]
) -> None:
    wait_for_view(
        agent_console,
        stack.sim,
        lambda v: any(m.unsupported for m in incoming(v) if same_message(m, sent_message["mid"])),
        what="the unsupported message, marked as such",
    )


# -- unsending media ---------------------------------------------------------------------------
@when("the test user unsends that message")
def _unsend_it(instagram_user: Any, sent_message: dict[str, Any]) -> None:
    instagram_user.unsend_mid(sent_message["mid"])


@then(parsers.parse('the contact center shows "Message deleted" in place of the {media}'))
def _media_deleted(
    agent_console: AgentConsole, stack: Stack, sent_message: dict[str, Any], media: str
) -> None:
    """Rejection reason 4: the unsend shows live; the photo is no longer shown."""
    mid = sent_message["mid"]
    view = wait_for_view(
        agent_console,
        stack.sim,
        lambda v: any(m.deleted for m in incoming(v) if same_message(m, mid)),
        what=f"the {media} unsent",
    )
    [deleted] = [m for m in incoming(view) if m.deleted and same_message(m, mid)]
    assert deleted.text == "Message deleted", f"the unsent {media} reads {deleted.text!r}"
    assert not deleted.media_urls, f"the unsent {media} is still shown: {deleted.media_urls}"
