"""The shot list: what each reviewer step of the real screencast must show, and for how long.

The kit's screencast is a storyboard rehearsed against the simulator; the team records the real
one on real Instagram. The shot list takes each reviewer step from the storyboard (its captions
and how long they were on screen) and says what the real recording must show in which window.
"""

from __future__ import annotations

from collections import defaultdict

from reports.screencast import Cue
from reports.step_text import TITLES

__all__ = ["MUST_SHOW", "render_shot_list"]

CONSOLE, INSTAGRAM = "contact center", "Instagram"
# step -> (window, what the real recording must show)
MUST_SHOW: dict[int, tuple[str, str]] = {
    1: (CONSOLE, "the browser at the direct URL of the agent login page (no portal in between)"),
    2: (CONSOLE, "the login and the password typed into the form (the password masked)"),
    3: (CONSOLE, "ENTER clicked; the console opens with the agent's name shown"),
    4: (CONSOLE, "the browser's notification prompt and Allow clicked"),
    5: (CONSOLE, 'the STATUS menu open, "Return to operating" chosen, the status "Operating"'),
    6: (INSTAGRAM, "a second window: the business's Instagram page, the test user logging in"),
    7: (INSTAGRAM, '"Save your login information?" answered "Not now"'),
    8: (INSTAGRAM, "Send Message clicked, the text typed and sent in Direct"),
    9: (CONSOLE, "the new conversation arriving live with the user's name and the text, the "
                 "notification, the agent's answer typed and sent, the answer seen in Direct"),
    10: (CONSOLE, "End clicked; the conversation shown as ended"),
    11: (INSTAGRAM, "a story created, the business mentioned (@), shared"),
    12: (CONSOLE, "the mention arriving as a new conversation with the story image, the agent's "
                  "answer, the answer seen in Direct"),
    13: (INSTAGRAM, "on the Instagram phone app: the message sent, long-pressed, Unsend; then "
                    '"Message deleted" in its place in the contact center'),
}  # fmt: skip


def render_shot_list(permission: str, app_name: str, cues: list[Cue]) -> str:
    """Markdown: one shot per reviewer step, in order, with the storyboard's seconds."""
    seconds: dict[int, float] = defaultdict(float)
    lines_of: dict[int, list[str]] = defaultdict(list)
    for cue in cues:
        if cue.step is None:
            continue
        seconds[cue.step] += cue.end - cue.start
        lines_of[cue.step].append(cue.detail)
    total = sum(seconds.values())
    out = [
        f"# Shot list: {app_name}, App Review of {permission}",
        "",
        "`screencast.mp4` beside this file is a storyboard: the flow rehearsed against Meta's "
        "simulator, not real Instagram. Record the screencast you submit on real Instagram, "
        "with the public URL and the credentials of `step-by-step.md`, shot by shot as below: "
        "both windows visible, at a pace a reviewer can follow, each result held on screen at "
        "least as long as the storyboard holds it.",
        "",
        f"Storyboard length: {total:.0f} s of steps (keep the real one under 2 minutes per "
        "permission; longer is allowed, but reviewers often only watch).",
        "",
    ]
    for step in sorted(seconds):
        window, show = MUST_SHOW.get(step, (CONSOLE, TITLES.get(step, "")))
        out += [
            f"## Step {step}: {TITLES.get(step, '')}",
            f"- Window: {window}",
            f"- Must show: {show}",
            f"- Storyboard: {seconds[step]:.1f} s",
            "- Rehearsed as: " + "; ".join(lines_of[step]),
            "",
        ]
    return "\n".join(out)
