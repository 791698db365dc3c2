"""The harness's own pieces: per-scenario seeds and the views drivers hand to steps."""

from fixtures.harness import scenario_seed
from steps.drivers.reference import chat_view


def test_scenario_seed_ignores_the_driver_parameter() -> None:
    nodeid = "features/test_features.py::test_the_reviewer_follows_the_12_steps"
    assert scenario_seed(0, f"{nodeid}[api]") == scenario_seed(0, f"{nodeid}[browser]")


def test_scenario_seed_changes_with_seed_and_scenario() -> None:
    a = scenario_seed(0, "features/test_features.py::test_a[api]")
    assert a != scenario_seed(1, "features/test_features.py::test_a[api]")
    assert a != scenario_seed(0, "features/test_features.py::test_b[api]")
    assert a == scenario_seed(0, "features/test_features.py::test_a[api]")


def test_chat_view_shows_what_the_console_shows() -> None:
    view = chat_view(
        {
            "id": 7,
            "contact_name": "Ana Souza",
            "kind": "story_mention",
            "status": "open",
            "messages": [
                {
                    "mid": "m1",
                    "direction": "in",
                    "text": "secret",
                    "display_text": "Message deleted",
                    "deleted": True,
                    "attachments": [],
                },
                {
                    "mid": "m2",
                    "direction": "in",
                    "text": None,
                    "display_text": "",
                    "deleted": False,
                    "attachments": [{"type": "story_mention", "url": "http://cdn/s.jpg"}],
                },
                {"mid": "m3", "direction": "out", "text": "hi", "deleted": False},
            ],
        }
    )
    assert view.conversation_id == "7" and view.kind == "story_mention"
    assert view.texts("in")[0] == "Message deleted"
    assert view.messages[1].story_url == "http://cdn/s.jpg"
    assert view.texts("out") == ["hi"]


def test_chat_view_shows_media_reactions_quotes_and_unsupported() -> None:
    photo = "http://cdn/p.jpg"
    view = chat_view(
        {
            "id": 8,
            "contact_name": "Ana Souza",
            "messages": [
                {"mid": "m1", "direction": "out", "text": "Blue or red?",
                 "reaction": {"reaction": "love", "emoji": "\u2764\ufe0f"}},
                {"mid": "m2", "direction": "in", "text": "Red", "details": {"reply_to_mid": "m1"}},
                {"mid": "m3", "direction": "in", "attachments": [{"type": "image", "url": photo}],
                 "display_text": "Sent a photo"},
                {"mid": "m4", "direction": "in", "deleted": True, "display_text": "Message deleted",
                 "attachments": [{"type": "image", "url": photo}],
                 "reaction": {"reaction": "like", "emoji": "\U0001f44d"}},
                {"mid": "m5", "direction": "in", "details": {"unsupported": True}},
                {"mid": "m6", "direction": "in", "text": "Nice!",
                 "attachments": [{"type": "story_reply", "url": "http://cdn/s.jpg"}]},
            ],
        }
    )  # fmt: skip
    asked, answer, sent, unsent, unsupported, story_reply = view.messages
    assert asked.reaction == "\u2764\ufe0f" and answer.quote == "Blue or red?"
    assert sent.media_urls == (photo,) and not sent.unsupported
    assert unsent.media_urls == () and unsent.reaction == ""  # an unsent one shows neither
    assert unsupported.unsupported
    assert story_reply.story_url == "http://cdn/s.jpg" and story_reply.media_urls == ()
