"""The known reasons Meta's App Review rejects an Instagram messaging app (or it breaks in
production), numbered as the project's rejection-reasons list numbers them.

Each has a short title (what a verdict line says), one line on why Meta rejects it (what a
failed check's message adds), what the checks look for, and the deliberate breaks of the
reference service that prove those checks bite. This registry is the one list:
``docs/rejection-reasons.md`` is written from it (``python -m reports.rejections``).
Sources: Meta's App Review pages and the public issue trackers of contact centers that
integrate Instagram Direct (cited per reason).

A conformance scenario that mirrors reason ``n`` carries the Gherkin tag
``@rejection_risk_<n>``; pytest sees it as the marker ``rejection_risk_<n>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["MARKER_PREFIX", "REASONS", "Reason", "markdown", "marker_name", "reasons_in"]

MARKER_PREFIX = "rejection_risk_"


@dataclass(frozen=True)
class Reason:
    number: int
    title: str  # "story mention not rendered"
    why: str  # one line: why Meta rejects (or what breaks for real users)
    source: str  # where it was reported
    check: str = ""  # what the harness's checks look for
    # the reference service's deliberate breaks (``--break-reference``) whose mistake this is:
    # each makes exactly this reason's checks fail (tests/conformance/test_checks_bite.py)
    breaks: tuple[str, ...] = ()

    def label(self) -> str:
        return f"{self.title} (reason {self.number})"


REASONS: dict[int, Reason] = {
    r.number: r
    for r in (
        Reason(
            1,
            "story mention not rendered",
            (
                "reviewers publish a story mentioning the business and reject when no chat "
                "shows it live, without a reload"
            ),
            "chatwoot/chatwoot#6473, #8284",
            check="a story mention opens a conversation that shows the story live, no reload",
            breaks=("story_mention_dropped",),
        ),
        Reason(
            2,
            "media re-hosted instead of Meta's CDN URLs",
            (
                "the Platform Terms let an app show a user's media from Meta's CDN URL, not"
                " keep its own copy"
            ),
            "chatwoot/chatwoot#8434, #7816",
            check="attachments and stories rendered from the webhook's `url`, no copy kept",
            breaks=("media_rehosted",),
        ),
        Reason(
            3,
            "only part of the permission shown",
            (
                "the reviewer must see the whole loop (user writes, agent reads and "
                "answers, user sees the answer); receiving alone is rejected"
            ),
            "fbsamples/original-coast-clothing-ig#6; Meta's App Review page",
            check=(
                "the full loop: user writes, agent reads with name, agent replies, user sees reply"
            ),
        ),
        Reason(
            4,
            "unsend not reflected in the app",
            ("an unsent message left on screen as if it stood; a review was cancelled for it"),
            "chatwoot/chatwoot#7850, #9534",
            check=('an `is_deleted` event marks the message "Message deleted" live, original kept'),
            breaks=("unsend_ignored",),
        ),
        Reason(
            5,
            "development-mode testers' messages never arrive",
            (
                "in development mode only users with a role on the app reach it; a silent "
                "gap looks like a broken integration to the reviewer"
            ),
            "fbsamples/original-coast-clothing-ig#1; Proact0/Act1-Entertainment#77",
            check=(
                "only users with a role on the app reach it; the harness explains a silent failure"
            ),
        ),
        Reason(
            6,
            "contact names wrong or missing",
            (
                "instagram_basic is asked for to show who writes: the chat must show the "
                "profile name from the Graph API, not a handle or an id"
            ),
            "chatwoot/chatwoot#12789, #11297; nyaruka/courier#457",
            check=(
                "the name comes from `GET /{igsid}?fields=name,username` and is shown on the chat"
            ),
            breaks=("handle_as_name",),
        ),
        Reason(
            7,
            "HUMAN_AGENT on every message",
            (
                "the human_agent tag is only for a human's reply 24 h to 7 days after the "
                "user's last message; tagging everything misuses the permission"
            ),
            "chatwoot/chatwoot#15887, PR #15932",
            check="the tag only on human replies after 24 h and within 7 days",
            breaks=("human_agent_always",),
        ),
        Reason(
            8,
            "window refusals hidden from the agent",
            (
                "a send outside the messaging window fails (code 10, subcode 2534022); an "
                "agent not told believes the user was answered"
            ),
            "ComposioHQ/composio#3604",
            check="the console says why it cannot send; nothing is silently lost",
            breaks=("window_refusals_hidden",),
        ),
        Reason(
            9,
            "a story mention opens no conversation the agent can answer",
            (
                "the mention must open a chat a human answers in Direct, not a bot's "
                "greeting or nothing"
            ),
            "chatwoot/chatwoot#12635, #12581",
            check="a mention opens a conversation the agent can answer",
            breaks=("story_mention_dropped",),
        ),
        Reason(
            10,
            "webhook authenticity not checked",
            (
                "without X-Hub-Signature-256 checked with the app secret anyone can inject "
                "messages into the contact center"
            ),
            "chatwoot/chatwoot PR #14280 (advisory GHSA-7rw7-pc8v-mrr3)",
            check="forged or missing `X-Hub-Signature-256` rejected",
            breaks=("signature_check_off",),
        ),
        Reason(
            11,
            "echoes shown as incoming or duplicated",
            (
                "Meta echoes every message the business sends; shown as the user's, or "
                "twice, the conversation reads wrong"
            ),
            "chatwoot/chatwoot PR #12032; airyhq/airy#2477",
            check="`is_echo` stored once, as outgoing",
            breaks=("echo_as_incoming",),
        ),
        Reason(
            12,
            "the reviewer cannot reach or log in to the app",
            (
                "the reviewer needs the direct login URL, working credentials and English "
                "steps; anything else ends the review"
            ),
            "the integration guide; Meta's App Review page",
            check="the kit gives the direct URL, working credentials, English steps",
        ),
        Reason(
            13,
            "the screencast does not show the whole flow",
            ("reviewers often only watch the screencast; one per permission must show every step"),
            "Meta's App Review page; the integration guide",
            check="one screencast per permission covering every step",
        ),
    )
}

_MARKER = re.compile(rf"^{MARKER_PREFIX}(\d+)$")


def marker_name(number: int) -> str:
    return f"{MARKER_PREFIX}{number}"


def reasons_in(names: Iterable[str]) -> list[int]:
    """The reason numbers among marker or tag names (``rejection_risk_4`` -> 4), sorted."""
    found = {int(m.group(1)) for name in names if (m := _MARKER.match(str(name)))}
    return sorted(n for n in found if n in REASONS)


DOC_HEAD = """# Why Instagram messaging apps fail App Review (and what breaks in production)

Collected from public issue trackers of products that integrate Instagram Direct and from
Meta's own review pages. Each line is a named verdict of the harness: a conformance scenario
tagged `@rejection_risk_<n>` checks it, and where the reference service has a deliberate
break for it (`--break-reference=<name>`), that break makes exactly these checks fail.

Written from `reports/rejections.py` (`python -m reports.rejections > docs/rejection-reasons.md`);
edit the registry, not this page.

"""
TABLE_HEAD = (
    "| # | reason | why Meta rejects it | where it was reported | what a check looks for "
    "| proved by breaking |\n|---|---|---|---|---|---|\n"
)


def markdown() -> str:
    """``docs/rejection-reasons.md``, from the registry."""
    rows = [
        f"| {r.number} | {r.title} | {r.why} | {r.source} | {r.check} | "
        + (", ".join(f"`{b}`" for b in r.breaks) or "(none: no deliberate break)")
        + " |"
        for r in REASONS.values()
    ]
    return DOC_HEAD + TABLE_HEAD + "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
