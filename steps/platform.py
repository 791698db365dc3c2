"""What Meta's side recorded: Graph API calls made and webhooks delivered."""

from __future__ import annotations

from pytest_bdd import then

from fixtures.stack import Stack
from simulator.contract.webhooks import story_mention_urls
from steps.drivers.base import AgentConsole


@then("the name was read from the user's profile in the Graph API")
def _name_from_graph(stack: Stack, tester: dict, agent_console: AgentConsole) -> None:
    """instagram_basic: GET /{igsid}?fields=name,... [IGPROF], and the console shows that name."""
    calls = stack.control.graph_calls()
    profile_reads = [
        c
        for c in calls
        if c["method"] == "GET"
        and c["path"].rstrip("/").endswith(f"/{tester['igsid']}")
        and "name" in str(c.get("query", ""))
        and c["status"] == 200
    ]
    assert profile_reads, "the contact center never read the user's profile from the Graph API"
    assert agent_console.current_conversation().contact_name == tester["name"]


@then("the conversation shows the story from Meta's CDN")
def _story_from_cdn(stack: Stack, agent_console: AgentConsole) -> None:
    """Rejection reasons 1 and 2: the story shows live, from the webhook's CDN URL, not a copy."""
    view = agent_console.current_conversation()
    shown = [m.story_url for m in view.messages if m.story_url]
    assert shown, "the conversation shows no story"
    delivered = _delivered_story_urls(stack)
    assert shown[0] in delivered, f"shown {shown[0]!r}, webhook carried {delivered}"
    image = stack.sim.get(shown[0].removeprefix(stack.simulator_url))
    assert image.status_code == 200 and image.headers["content-type"].startswith("image/")


def _delivered_story_urls(stack: Stack) -> list[str]:
    deliveries = stack.control.deliveries()
    return [
        url for d in deliveries if d.get("status") == 200 for url in story_mention_urls(d["body"])
    ]
