"""What the reviewer (as the agent) does and sees in the contact center."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from fixtures.stack import Stack
from steps.diagnosis import explained_by_platform
from steps.drivers.base import AgentConsole, ChatView


@when("the reviewer opens the contact center's URL in a browser")
def _open(agent_console: AgentConsole) -> None:
    agent_console.open()


@when("the reviewer fills in the agent's login and password", target_fixture="pending_login")
def _fill_login(agent_console: AgentConsole, stack: Stack) -> tuple[str, str]:
    """A console on a page types them now (the screencast shows it under this step's
    caption); one without a page (the JSON API) sends them with ENTER."""
    fill = getattr(agent_console, "fill_login", None)
    if callable(fill):
        fill(stack.agent.login, stack.agent.password)
    return stack.agent.login, stack.agent.password


@when(parsers.parse('the reviewer clicks "{button}"'))
def _click_enter(agent_console: AgentConsole, pending_login: tuple[str, str], button: str) -> None:
    assert button == "ENTER", f"the login page's button is ENTER, not {button!r}"
    agent_console.log_in(*pending_login)


@then("the application opens with the agent logged in")
def _logged_in(agent_console: AgentConsole, stack: Stack) -> None:
    assert agent_console.logged_in_agent() == stack.agent.name


@when(parsers.parse('the browser asks to show notifications and the reviewer selects "{answer}"'))
def _allow_notifications(agent_console: AgentConsole, answer: str) -> None:
    assert answer == "Allow"
    assert agent_console.allow_notifications() == "granted"


@when(parsers.parse('the reviewer selects "{item}" in the STATUS menu at the top left'))
def _choose_status(agent_console: AgentConsole, item: str) -> None:
    agent_console.choose_status(item)


@then(parsers.parse('the agent\'s status is "{label}"'))
def _status_is(agent_console: AgentConsole, label: str) -> None:
    assert agent_console.status() == label


@given(parsers.parse('the agent is logged in and "{label}"'))
def _agent_ready(agent_console: AgentConsole, stack: Stack, label: str) -> None:
    # a precondition, not the reviewer's log-in step: a driver may reopen this run's session
    resume = getattr(agent_console, "resume_session", None)
    if not (callable(resume) and resume(stack.agent.login)):
        agent_console.open()
        agent_console.log_in(stack.agent.login, stack.agent.password)
    assert agent_console.allow_notifications() == "granted"
    if agent_console.status() != label:  # already so (a lasting app's agent stays Operating)
        agent_console.choose_status({"Operating": "Return to operating"}.get(label, label))
    assert agent_console.status() == label


@then(
    "the message appears in the contact center as a new conversation", target_fixture="conversation"
)
def _new_conversation(agent_console: AgentConsole, stack: Stack) -> ChatView:
    with explained_by_platform(stack.sim, "A new conversation in the contact center"):
        view = agent_console.wait_for_new_conversation(kind="direct")
    assert view.status == "open"
    return view


@then(
    "the story mention appears in the contact center as a new conversation",
    target_fixture="conversation",
)
def _new_story_conversation(
    agent_console: AgentConsole, conversation: ChatView, stack: Stack
) -> ChatView:
    with explained_by_platform(
        stack.sim,
        "A story-mention conversation in the contact center "
        "(rejection reason 1: story mention not rendered)",
    ):
        view = agent_console.wait_for_new_conversation(kind="story_mention")
    assert view.conversation_id != conversation.conversation_id, "the mention reused the ended chat"
    assert view.status == "open"
    return view


@then("the conversation shows the Instagram user's name")
def _shows_name(agent_console: AgentConsole, tester: dict) -> None:
    shown = agent_console.current_conversation().contact_name
    assert shown == tester["name"], (
        f"the chat shows {shown!r}, the user's name is {tester['name']!r}"
    )
    assert shown not in (tester["username"], tester["igsid"])


@then(parsers.parse('the conversation shows the message "{text}"'))
def _shows_message(agent_console: AgentConsole, text: str) -> None:
    agent_console.wait_for_message(text, direction="in")


@then("the agent is notified of the new conversation")
def _notified(agent_console: AgentConsole, tester: dict) -> None:
    shown = agent_console.notifications()
    assert any(tester["name"] in n for n in shown), f"notifications shown: {shown}"


@when(parsers.parse('the agent answers "{text}"'))
def _answer(agent_console: AgentConsole, text: str) -> None:
    agent_console.reply(text)
    agent_console.wait_for_message(text, direction="out")


@when(parsers.parse('the agent clicks "{button}"'))
def _click_end(agent_console: AgentConsole, button: str) -> None:
    assert button == "End"
    agent_console.end_conversation()


@then("the conversation is ended")
def _ended(agent_console: AgentConsole, conversation: ChatView) -> None:
    view = agent_console.current_conversation()
    assert view.conversation_id == conversation.conversation_id
    assert view.status == "ended"


@then(parsers.parse('the contact center shows "Message deleted" in place of "{text}"'))
def _shows_deleted(agent_console: AgentConsole, text: str, sent_message: dict) -> None:
    """Rejection reason 4: the unsend shows live, in place of the message (step 13)."""
    view = agent_console.wait_for_deleted(text, mid=sent_message["mid"])
    deleted = [m for m in view.messages if m.deleted]
    if any(m.mid for m in view.messages):  # the console exposes Meta's mids: the same one
        deleted = [m for m in deleted if m.mid == sent_message["mid"]]
    assert deleted and deleted[0].text == "Message deleted", f"shown: {view.messages}"
    assert text not in view.texts("in")


@then("the contact center still keeps the original text of the unsent message")
def _original_kept(agent_console: AgentConsole, sent_message: dict) -> None:
    """Needs the ``stored_records`` capability (the scenario's tag says so)."""
    stored = agent_console.stored_message(sent_message["mid"])  # type: ignore[attr-defined]
    assert stored["text"] == sent_message["text"] and stored["deleted"] is True
