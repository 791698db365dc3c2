"""The step-by-step a team submits to Meta for one permission, in English, filled in.

Its shape follows an integrator's guide (Portuguese, docs/app-review-scenario.md): what the
app does and why it needs the permission, "Step 1:" to "Step 12:" with the real URL,
credentials and page, "ABOUT PERMISSIONS", and (instagram_manage_messages) the policy answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MANAGE_MESSAGES = "instagram_manage_messages"
BASIC = "instagram_basic"


@dataclass(frozen=True)
class Facts:
    """What the reviewer is given: the app, the agent, the Instagram page and test user."""

    app_name: str
    app_url: str
    agent_login: str
    agent_password: str
    instagram_page_url: str
    instagram_page: str  # the business's username, without "@"
    instagram_user: str
    instagram_password: str


WHY = {
    MANAGE_MESSAGES: (
        "We are requesting advanced access to the **instagram_manage_messages** permission so "
        "that the Direct messages and story mentions Instagram users send to @{page} reach "
        "{app}, where a human agent reads them and answers, and the answers reach the user in "
        "Direct (steps 8 to 12)."
    ),
    BASIC: (
        "We are requesting advanced access to the **instagram_basic** permission so that {app} "
        "shows the name of the Instagram user who sends the messages, read from the user's "
        "Instagram profile, instead of a number or a handle (step 9)."
    ),
}

ABOUT = {
    MANAGE_MESSAGES: (
        "In this use case we are requesting the **instagram_manage_messages** permission so "
        "that {app} can receive the messages sent from Instagram and answer them. The "
        "**instagram_basic** permission, requested in its own review, lets {app} show the name "
        "of the user who sent them."
    ),
    BASIC: (
        "In this use case we are requesting the **instagram_basic** permission so that {app} "
        "can show the name of the Instagram user who sent the messages. The "
        "**instagram_manage_messages** permission, requested in its own review, lets {app} "
        "receive and answer them."
    ),
}

UNSEND_POLICY = {
    "show": 'The agent sees "Message deleted" in place of the unsent message (step 13).',
    "ignore": "The app ignores the unsend: the conversation is left as it is.",
}


def _steps(f: Facts, with_unsend: bool) -> list[str]:
    app, page = f.app_name, f.instagram_page
    steps = [
        f"In a browser (Chrome, Firefox, Edge, ...), open the application's test page: {f.app_url}",
        "Fill in the access credentials:\n"
        f"- Login: **{f.agent_login}**\n- Password: **{f.agent_password}**",
        'Click the "**ENTER**" button. The application opens with the agent logged in.',
        'The browser asks for permission to show notifications. Select "**Allow**".',
        'In the menu at the top left of the page, open "**STATUS**" and select "**Return to '
        'operating**". The agent\'s status becomes "**Operating**": the agent can now receive '
        "new chats.",
        'With the status "Operating" (or "Ready"), open the company\'s Instagram page in '
        f'another browser window: {f.instagram_page_url} . A page titled "**{page}**" appears. '
        'Click the "**Enter**" button and log in to Instagram:\n'
        f"- User: **{f.instagram_user}**\n- Password: **{f.instagram_password}**",
        'Instagram may ask "**Save your login information?**". Select "**Not now**".',
        'On the company\'s page, click the "**Send Message**" button to open Direct, and send '
        "a text message.",
        f"Go back to {app}: the message appears as a new conversation, showing the Instagram "
        "user's name and the message sent via Direct. Answer it: the answer reaches the user "
        "in Direct on Instagram, and the conversation can go on.",
        f'When you are done, click the "**End**" button in {app} to end the conversation.',
        f"Still logged in on Instagram, publish a story that mentions **@{page}**.",
        f"Go back to {app}: the story mention appears as a new conversation, showing the "
        "story. Answer it: the conversation goes on like any chat.",
    ]
    if with_unsend:
        steps.append(
            "In the Instagram phone app, logged in as the test user, open Direct with the "
            f"company and send a new message: it appears in {app} as a new conversation. Then "
            'unsend it in the app (press and hold the message and select "Unsend"; an unsend '
            "on instagram.com reaches no app, as the integration guide observed). In "
            f'{app} the message is now shown as "**Message deleted**".'
        )
    return [f"Step {n}: {text}" for n, text in enumerate(steps, start=1)]


def _policies(app: str, unsend_policy: str) -> list[str]:
    return [
        "How the app handles Story Replies:",
        f"- {app} handles a story reply as a Direct message: it opens or continues a "
        "conversation that a human agent answers.",
        "How the app handles Story Mentions:",
        f"- {app} handles a story mention as a Direct message: it opens a new conversation "
        "that shows the story, and a human agent answers it (steps 11 and 12).",
        "How the app handles a message the user unsends:",
        f"- {UNSEND_POLICY[unsend_policy]}",
        "How the app escalates to a human agent:",
        f"- Every incoming message goes to a human agent: {app} receives it through the "
        "webhook, opens a conversation and assigns it to a logged-in agent whose status is "
        '"Operating" or "Ready"; the agent gets a browser notification, as the screencast shows.',
    ]


def render_markdown(
    permission: str, facts: Facts, *, with_unsend: bool = False, unsend_policy: str = "ignore"
) -> str:
    """The step-by-step for ``permission`` as Markdown (``with_unsend`` adds step 13)."""
    app, page = facts.app_name, facts.instagram_page
    blocks = [
        f"# {app}: App Review step-by-step for {permission}",
        f"{app} is a contact center application that manages a company's customer service. "
        "Customers talk to the company in chat conversations, and "
        f"{app} hands each incoming conversation to a human agent, who answers it.",
        f"Customers can start a chat with {app} from Direct, on the company's Instagram page "
        f"(@{page}). In the steps below, an Instagram user opens the company's page, sends a "
        "Direct message and mentions the company in a story; an agent receives both in "
        f"{app} and answers.",
        WHY[permission].format(app=app, page=page),
        "Before the steps:\n"
        f"- We created a test Instagram account (**{facts.instagram_user}**) and gave it a role "
        "on the app, so that you can replay the whole flow (step 6).\n"
        "- If you have questions about the steps, please watch the screencast: it shows every "
        "step, with the contact center on the left and Instagram on the right.\n"
        "- If a problem occurs, please send us a screenshot or a recording of it, so that we "
        "can understand the problem.",
        "## Step by step",
        *_steps(facts, with_unsend),
        "## ABOUT PERMISSIONS",
        ABOUT[permission].format(app=app),
    ]
    if permission == MANAGE_MESSAGES:
        blocks += ["## Policies", *_policies(app, unsend_policy)]
    return "\n\n".join(blocks) + "\n"


def to_text(markdown: str) -> str:
    """The same document as plain text (to paste into Meta's form)."""
    text = re.sub(r"^#+ (.*)$", lambda m: m.group(1) + ":", markdown, flags=re.M)
    text = text.replace("**", "")
    return re.sub(r"^(.*step-by-step for .*):$", r"\1", text, count=1, flags=re.M)
