"""What the Instagram test user does and sees (the reviewer's second window)."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then, when

from fixtures.stack import Stack
from steps.drivers.base import InstagramUser

STORY_TEXT = "Loving my new order from @{business} — thank you! ♥"  # Meta escapes non-ASCII


def _log_in_on_instagram(instagram_user: InstagramUser, stack: Stack, tester: dict) -> None:
    business = stack.business["username"]
    title = instagram_user.open_business_page(business)
    assert business in title
    instagram_user.log_in(tester["username"], tester["password"])


@when(
    "in another window the reviewer opens the business's Instagram page "
    "and logs in as the test user"
)
def _open_instagram(instagram_user: InstagramUser, stack: Stack, tester: dict) -> None:
    _log_in_on_instagram(instagram_user, stack, tester)


@when(
    parsers.parse(
        'Instagram asks "Save your login information?" and the reviewer selects "{choice}"'
    )
)
def _save_login(instagram_user: InstagramUser, choice: str) -> None:
    assert instagram_user.answer_save_login(choice), "Instagram did not ask to save the login"


@when(
    parsers.parse('the reviewer clicks "Send Message" and sends the Direct message "{text}"'),
    target_fixture="sent_message",
)
def _send_first_message(instagram_user: InstagramUser, text: str) -> dict[str, Any]:
    instagram_user.open_direct()
    return {"text": text, "mid": instagram_user.send_message(text)}


@given("the test user has opened Direct with the business on Instagram")
def _opened_direct(instagram_user: InstagramUser, stack: Stack, tester: dict) -> None:
    _log_in_on_instagram(instagram_user, stack, tester)
    instagram_user.answer_save_login("Not now")
    instagram_user.open_direct()


@when(
    parsers.parse('the test user sends the Direct message "{text}"'), target_fixture="sent_message"
)
def _send_message(instagram_user: InstagramUser, text: str) -> dict[str, Any]:
    return {"text": text, "mid": instagram_user.send_message(text)}


@then(parsers.parse('the Instagram user sees the answer "{text}" in Direct'))
def _sees_answer(instagram_user: InstagramUser, text: str) -> None:
    instagram_user.wait_for_reply(text)


@when(
    "on Instagram the test user publishes a story that mentions the business",
    target_fixture="story",
)
def _post_story(instagram_user: InstagramUser, stack: Stack) -> dict[str, Any]:
    text = STORY_TEXT.format(business=stack.business["username"])
    return {"text": text, "id": instagram_user.post_story(text)}


@when(parsers.parse('the test user unsends the message "{text}"'))
def _unsend(instagram_user: InstagramUser, text: str, sent_message: dict) -> None:
    assert instagram_user.unsend(text) == sent_message["mid"]
