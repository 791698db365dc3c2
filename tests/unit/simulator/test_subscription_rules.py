"""Webhook subscriptions' rules (simulator/backend/subscriptions.py), without HTTP: the fields
Meta takes, the callback it accepts, the handshake's query and its verdict on the answer, in
Meta's words (docs/meta-platform.md section 2, Subscriptions) [GS][SUBS][IGWH]."""

from __future__ import annotations

import pytest

from simulator.backend import subscriptions as rules
from simulator.errors import CallbackVerificationFailed, GraphError, InvalidParameter
from simulator.state.models import App


def test_fields_are_read_as_a_list_or_a_json_array_and_must_be_known() -> None:
    assert rules.field_list("messages, message_reactions", "fields") == [
        "messages",
        "message_reactions",
    ]
    assert rules.field_list('["messages","standby"]', "fields") == ["messages", "standby"]
    with pytest.raises(InvalidParameter, match=r"Param fields\[1\] must be one of"):
        rules.field_list("messages,feed", "fields")  # feed is a Page field, not Instagram's
    assert rules.field_list("feed", "subscribed_fields", rules.PAGE_FIELDS) == ["feed"]
    with pytest.raises(InvalidParameter, match="is required"):
        rules.field_list("", "subscribed_fields")


def test_only_instagram_objects_and_http_callbacks_are_taken() -> None:
    rules.check_object("instagram")
    with pytest.raises(InvalidParameter, match="object must be one of"):
        rules.check_object("page")
    rules.check_callback("https://app.example/webhook")
    with pytest.raises(InvalidParameter, match="callback_url"):
        rules.check_callback("ftp://app.example/webhook")


def test_the_handshake_asks_to_subscribe_with_a_challenge_and_the_token() -> None:
    assert rules.handshake_query("123", "tok") == {
        "hub.mode": "subscribe",
        "hub.challenge": "123",
        "hub.verify_token": "tok",
    }


@pytest.mark.parametrize(
    ("status", "text", "words"),
    [(403, "", "HTTP Status Code = 403"), (200, "OK", 'expected value="123", received="OK"')],
)
def test_the_callback_must_echo_the_challenge_with_a_200(
    status: int, text: str, words: str
) -> None:
    rules.check_challenge_answer(200, "OK", "123", "123")
    with pytest.raises(CallbackVerificationFailed) as failed:
        rules.check_challenge_answer(status, "Forbidden", text, "123")
    assert words in str(failed.value) and failed.value.code == 2200


def test_a_silent_or_refusing_callback_fails_with_curls_words() -> None:
    assert "curl_errno = 28" in str(rules.timed_out(5.0)) and "5000 milliseconds" in str(
        rules.timed_out(5.0)
    )
    refused = rules.unreachable(ConnectionRefusedError("refused"))
    assert isinstance(refused, GraphError) and "curl_errno = 7" in str(refused)


def test_saving_replaces_the_apps_subscription() -> None:
    app = App(id="1", secret="s", name="App", mode="development")
    first = rules.save(app, "instagram", "https://a.example/hook", ["messages"], "t", "v25.0")
    second = rules.save(app, "instagram", "https://b.example/hook", ["messages"], "t", "v25.0")
    assert app.subscription is second and first is not second and second.active
