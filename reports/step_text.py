"""The reviewer's numbered steps: short English titles, and which Gherkin step shows which.

A recorded scenario lists Gherkin steps; the screencast captions each with the reviewer's step
it belongs to ("Step 8 · Send a Direct message") and the Gherkin line itself. A Gherkin step
that starts no new reviewer step (a ``Then``/``And`` check) belongs to the one before it.
"""

from __future__ import annotations

import re

TITLES: dict[int, str] = {
    1: "Open the contact center's URL",
    2: "Fill in the agent's login and password",
    3: 'Click "ENTER": the agent is logged in',
    4: "Allow notifications",
    5: 'STATUS menu: "Return to operating"',
    6: "In another window, open the Instagram page and log in as the test user",
    7: '"Save your login information?": "Not now"',
    8: "Send a Direct message",
    9: "The message arrives as a new conversation, with the user's name",
    10: 'Click "End" to end the conversation',
    11: "Publish a story that mentions the business",
    12: "The story mention arrives as a new conversation",
    13: 'The user unsends a message: the contact center shows "Message deleted"',
}

# First match wins: the story mention (12) before the plain new conversation (9).
STARTS: tuple[tuple[str, int], ...] = (
    (r"opens the contact center's URL", 1),
    (r"fills in the agent's login", 2),
    (r'clicks "ENTER"', 3),
    (r"notifications", 4),
    (r"STATUS menu", 5),
    (r"Instagram page and logs in", 6),
    (r"Save your login information", 7),
    (r'clicks "Send Message"', 8),
    (r"story mention appears", 12),
    (r"appears in the contact center as a new conversation", 9),
    (r'clicks "End"', 10),
    (r"publishes a story", 11),
    (r"the test user sends the Direct message", 13),  # after step 12, in the same windows
    (r"unsends the message", 13),
)

# The harness's own checks: true, but nothing a reviewer sees or needs to be told.
HIDDEN = (r"still keeps the original text",)

SEPARATOR = " · "


def reviewer_step(text: str) -> int | None:
    """The reviewer's step a Gherkin step starts, if it starts one."""
    for pattern, number in STARTS:
        if re.search(pattern, text):
            return number
    return None


def shown_in_screencast(text: str) -> bool:
    """Whether the screencast captions this step (a hidden one extends the caption before)."""
    return not any(re.search(pattern, text) for pattern in HIDDEN)


def number_steps(texts: list[str]) -> list[int | None]:
    """The reviewer's step of each Gherkin step (None: before step 1, i.e. set-up)."""
    numbers: list[int | None] = []
    current: int | None = None
    for text in texts:
        current = reviewer_step(text) or current
        numbers.append(current)
    return numbers


def caption(number: int | None, keyword: str, text: str) -> tuple[str, str]:
    """Two caption lines: "Step 8 · Send a Direct message", then the Gherkin step."""
    title = f"Step {number}{SEPARATOR}{TITLES[number]}" if number in TITLES else "Set-up"
    return title, f"{keyword.strip()} {text}".strip()


_NUMBERED = re.compile(r"^Step (\d+)" + re.escape(SEPARATOR))


def reviewer_step_of(name: str) -> int | None:
    """The kit's step number a report's step name carries (``Step 8 · When ...``), if any."""
    found = _NUMBERED.match(name)
    return int(found.group(1)) if found else None
