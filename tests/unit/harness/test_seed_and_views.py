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
