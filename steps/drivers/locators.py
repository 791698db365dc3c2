"""A team's console described by Playwright locators in ``harness.toml``: every key, default
and check of ``[console.locators]`` and ``[console.options]``.

``[console.locators]`` names each element the reviewer uses; a value is a Playwright selector
string (CSS, ``text=...``, ``xpath=...``) or a table with exactly one of ``role`` (with
``name`` and ``exact``), ``label``, ``placeholder``, ``test_id``, ``text`` (with ``exact``) or
``css``. Locators marked "in a bubble" or "in the panel" are looked up inside that element.
Left out, each key keeps the default below: the markup the reference console publishes
(docs/architecture.md section 2). ``[console.options]``: ``conversation_key`` and
``message_key`` name the attributes that carry a conversation's id and a message's mid
(optional), ``status_labels`` maps STATUS items to the label shown.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page

from fixtures.sut import unknown_keys

__all__ = [
    "DEFAULT_LOCATORS", "DEFAULT_OPTIONS", "OPTION_KEYS", "SPEC_KINDS", "LocatorError",
    "LocatorSpec", "check_locators", "check_options", "locate",
]  # fmt: skip

LocatorSpec = str | dict[str, Any]

DEFAULT_LOCATORS: dict[str, LocatorSpec] = {
    "login_field": {"label": "Login"},
    "password_field": {"label": "Password"},
    "enter_button": {"role": "button", "name": "ENTER", "exact": True},
    "agent_name": {"test_id": "agent-name"},
    "status_menu": {"role": "button", "name": "STATUS", "exact": True},
    "status_item": {"role": "menuitem", "name": "{item}", "exact": True},
    "status_label": {"test_id": "agent-status"},
    "conversation_item": {"test_id": "conversation-item"},
    "conversation_contact_name": {"test_id": "contact-name"},  # in an item
    "chat_panel": {"test_id": "chat-panel"},
    "chat_contact_name": {"test_id": "chat-contact-name"},  # in the panel
    "incoming_message": '[data-testid=message][data-direction="in"]',  # in the panel
    "outgoing_message": '[data-testid=message][data-direction="out"]',  # in the panel
    "message_text": {"test_id": "message-text"},  # in a bubble (else the bubble's text)
    "deleted_marker": {"text": "Message deleted", "exact": True},  # in a bubble
    "story_image": "img[data-testid=story-image]",  # in the panel; src = Meta's CDN URL
    # in a bubble: its photo, video, voice note (src) and file or shared post (href)
    "message_media": (
        "img.attachment-img, video.attachment-video, audio.attachment-audio, "
        "a.attachment-link, a[data-testid=share-card]"
    ),
    "message_reaction": {"test_id": "reaction"},  # in a bubble: the user's emoji
    "message_quote": "[data-testid=quoted-message] .quoted-text",  # in a bubble
    "unsupported_marker": "[data-testid=message-text].unsupported",  # in a bubble
    "composer": {"placeholder": "Type a message"},  # in the panel
    "send_button": {"role": "button", "name": "Send", "exact": True},  # in the panel
    "send_error": {"test_id": "send-error"},
    "end_button": {"role": "button", "name": "End", "exact": True},  # in the panel
    "ended_marker": {"text": "Conversation ended"},  # in the panel
    # capability queue_view: the number of chats the agent holds open, and of those waiting
    "open_chats_count": {"test_id": "open-chats"},
    "queue_count": {"test_id": "queue-count"},
}
DEFAULT_OPTIONS: dict[str, Any] = {
    "conversation_key": "data-conversation-id",
    "message_key": "data-mid",
}
OPTION_KEYS = ("conversation_key", "message_key", "status_labels")
SPEC_KINDS = ("role", "label", "placeholder", "test_id", "text", "css")


class LocatorError(ValueError):
    """A locator entry cannot be used; the message names the key."""


def check_locators(locators: dict[str, Any]) -> dict[str, LocatorSpec]:
    """The defaults with the file's entries over them; unknown keys and shapes refused."""
    unknown = sorted(set(locators) - set(DEFAULT_LOCATORS))
    if unknown:
        raise LocatorError(f"[console.locators] has {unknown_keys(unknown, DEFAULT_LOCATORS)}")
    for key, spec in locators.items():
        if isinstance(spec, str):
            continue
        if not isinstance(spec, dict):
            raise LocatorError(f"[console.locators] {key} must be a string or a table")
        kinds = [k for k in spec if k in SPEC_KINDS]
        extra = sorted(set(spec) - {*SPEC_KINDS, "name", "exact"})
        if len(kinds) != 1 or extra:
            raise LocatorError(
                f"[console.locators] {key} needs exactly one of {list(SPEC_KINDS)} "
                f"(plus name/exact); got {sorted(spec)}"
            )
    return {**DEFAULT_LOCATORS, **locators}


def check_options(options: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(options) - set(OPTION_KEYS))
    if unknown:
        raise LocatorError(f"[console.options] has {unknown_keys(unknown, OPTION_KEYS)}")
    return options


def locate(scope: Page | Locator, spec: LocatorSpec, **fill: str) -> Locator:
    """One locator entry as a Playwright locator inside ``scope``; ``{item}`` etc. filled."""
    if isinstance(spec, str):
        return scope.locator(spec.format(**fill))
    exact = spec.get("exact")
    if "role" in spec:
        name = spec.get("name")
        return scope.get_by_role(
            spec["role"], name=name.format(**fill) if name else None, exact=exact
        )
    if "label" in spec:
        return scope.get_by_label(spec["label"].format(**fill), exact=exact)
    if "placeholder" in spec:
        return scope.get_by_placeholder(spec["placeholder"].format(**fill), exact=exact)
    if "test_id" in spec:
        return scope.get_by_test_id(spec["test_id"].format(**fill))
    if "text" in spec:
        return scope.get_by_text(spec["text"].format(**fill), exact=exact)
    return scope.locator(spec["css"].format(**fill))
