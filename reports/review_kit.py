"""The App Review kit: per permission, the step-by-step to submit and the screencast.

    python -m reports.review_kit [--videos reports/videos] [--out reports/review-kit]
        [--app-url URL --agent-login L --agent-password P --instagram-page URL
         --instagram-user U --instagram-password P --app-name NAME]

Reads what ``make rehearse`` recorded (``<videos>/<scenario>/steps.json`` next to
``contact-center.webm`` and ``Instagram.webm``) and writes ``<out>/<permission>/``
``step-by-step.md`` and ``.txt`` (the text for Meta's form), ``screencast.mp4`` (a storyboard:
the flow rehearsed against the simulator), ``shot-list.md`` (what each step of the real
screencast, recorded on real Instagram, must show and for how long) and ``storyboard.json``
(the storyboard's captions with their seconds). URL and credentials come from the run
(loopback) unless given: a real submission gives the public ones.
Exit code 2, with a message, when there is nothing recorded to build from, or when the
rehearsal failed or stopped early (it names the step; ``--force`` builds anyway).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reports.guide import BASIC, MANAGE_MESSAGES, Facts, render_markdown, to_text
from reports.screencast import Composed, Segment, compose
from reports.shot_list import render_shot_list
from reports.step_text import number_steps
from reports.timeline import STEPS_FILE

PERMISSIONS = (MANAGE_MESSAGES, BASIC)
WINDOWS = ("contact-center", "Instagram")
STEP_13 = 13
STORYBOARD_FILE = "storyboard.json"  # the screencast's captions and their seconds
HOW_TO_RECORD = "run `make rehearse` first (it records the App Review scenarios on video)"


class KitError(Exception):
    """Nothing (or not enough) to build the kit from; the message says what to run."""


@dataclass
class Recording:
    directory: Path
    data: dict[str, Any]

    @property
    def unsend(self) -> bool:
        return "unsend" in self.data.get("tags", [])

    def segment(self, *, with_step13: bool = True) -> Segment:
        """Both windows and the steps; without step 13, the recording ends after step 12."""
        videos = self.data.get("videos", {})
        steps = self.data.get("steps", [])
        if not with_step13:
            numbers = number_steps([s["text"] for s in steps])
            steps = [s for s, n in zip(steps, numbers, strict=True) if n != STEP_13]
        return Segment(
            left=self.directory / "contact-center.webm",
            right=self.directory / "Instagram.webm",
            right_offset=float(videos.get("Instagram", {}).get("offset") or 0.0)
            - float(videos.get("contact-center", {}).get("offset") or 0.0),
            steps=steps,
        )


def load_recordings(videos: Path) -> list[Recording]:
    """Every App Review scenario recorded under ``videos`` with both windows."""
    if not videos.is_dir():
        raise KitError(f"no recordings: {videos}/ does not exist; {HOW_TO_RECORD}")
    found = []
    for path in sorted(videos.glob(f"*/{STEPS_FILE}")):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as error:
            raise KitError(f"{path} cannot be read ({error}); {HOW_TO_RECORD}") from None
        if "app_review" not in data.get("tags", []):
            continue
        missing = [w for w in WINDOWS if not (path.parent / f"{w}.webm").is_file()]
        if missing:
            raise KitError(
                f"{path.parent}/ has steps.json but no {', '.join(m + '.webm' for m in missing)}; "
                + HOW_TO_RECORD
            )
        found.append(Recording(path.parent, data))
    if not found:
        raise KitError(f"no App Review videos with {STEPS_FILE} in {videos}/; {HOW_TO_RECORD}")
    return found


def problem_of(recording: Recording) -> str | None:
    """Why a recording cannot show the reviewer the whole flow (None: every step passed)."""
    steps = recording.data.get("steps", [])
    for number, step in enumerate(steps, start=1):
        status = step.get("status")
        if status != "passed":
            how = "failed at" if status == "failed" else "stopped during"
            return f"{how} step {number} ({step.get('keyword', '')} {step.get('text', '')})"
    expected = int(recording.data.get("expected_steps") or len(steps))
    if len(steps) < expected:
        return f"stopped after step {len(steps)} of {expected}"
    return None


def pick(
    recordings: list[Recording], permission: str, *, unsend: bool | None = None
) -> Recording | None:
    """The newest recording of the permission: with step 13 (``unsend``), without it, or
    either (None)."""
    matching = [
        r
        for r in recordings
        if permission in r.data.get("permissions", []) and unsend in (None, r.unsend)
    ]
    return max(matching, key=lambda r: r.data.get("recorded_at", ""), default=None)


def facts_from(run: dict[str, str], args: argparse.Namespace) -> Facts:
    """The run's facts, each overridden by its command-line option when given."""
    title = run.get("contact_center_title", "")
    page_url = args.instagram_page or run.get("instagram_page_url", "")
    page = (
        page_url.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
        if args.instagram_page
        else run.get("instagram_username", "")
    )
    return Facts(
        app_name=args.app_name
        or run.get("product_name")  # the system under test's [app] name
        or title.rsplit(" · ", 1)[-1]
        or "our contact center",
        app_url=args.app_url or run.get("contact_center_url", ""),
        agent_login=args.agent_login or run.get("agent_login", ""),
        agent_password=args.agent_password or run.get("agent_password", ""),
        instagram_page_url=page_url,
        instagram_page=page,
        instagram_user=args.instagram_user or run.get("test_user_username", ""),
        instagram_password=args.instagram_password or run.get("test_user_password", ""),
    )


# What the reviewer is given, by its option (the kit text names each of them).
REVIEWER_FACING = {
    "app_url": "--app-url", "agent_login": "--agent-login", "agent_password": "--agent-password",
    "instagram_page": "--instagram-page", "instagram_user": "--instagram-user",
    "instagram_password": "--instagram-password", "app_name": "--app-name",
}  # fmt: skip


def storyboard_json(composed: Composed) -> str:
    """The screencast's captions with their seconds (``storyboard.json``), for tools and tests."""
    cues = [
        {"step": c.step, "title": c.title, "detail": c.detail, "start": round(c.start, 3),
         "end": round(c.end, 3), "action_start": round(c.action_start, 3),
         "action_end": round(c.action_end, 3)}
        for c in composed.cues
    ]  # fmt: skip
    return json.dumps({"seconds": round(composed.seconds, 3), "cues": cues}, indent=2) + "\n"


def kept_from_rehearsal(args: argparse.Namespace) -> list[str]:
    """On a regeneration (some reviewer-facing value given), the ones still the rehearsal's."""
    given = [key for key in REVIEWER_FACING if getattr(args, key, None)]
    if not given:
        return []
    return [option for key, option in REVIEWER_FACING.items() if key not in given]


def _loopback(url: str) -> bool:
    return urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1")


def build(args: argparse.Namespace) -> list[Path]:
    """Write the kit; return the files written."""
    recordings = load_recordings(args.videos)
    written: list[Path] = []
    loopback = False
    for permission in PERMISSIONS:
        with_unsend = permission == MANAGE_MESSAGES and (
            args.unsend_policy == "show"
            or (args.unsend_policy is None and pick(recordings, permission, unsend=True))
        )
        recording = pick(recordings, permission, unsend=True if with_unsend else None)
        if recording is None and args.unsend_policy == "show" and pick(recordings, permission):
            raise KitError(
                f"--unsend-policy show needs a recording of step 13 for {permission}: run "
                "`make rehearse` (it records the 12 steps and step 13), or give "
                "--unsend-policy ignore"
            )
        if recording is None:
            print(f"warning: no recording of the {permission} scenario", file=sys.stderr)
            continue
        problem = problem_of(recording)
        if problem and not args.force:
            raise KitError(
                f"the {permission} rehearsal ({recording.directory.name}) {problem}: a kit "
                "from it would show the reviewer a broken flow; fix it and run `make "
                "rehearse` again (or pass --force to build from it anyway)"
            )
        if problem:
            print(f"warning: building from a run that {problem} (--force)", file=sys.stderr)
        policy = "show" if with_unsend else (args.unsend_policy or "ignore")
        facts = facts_from(recording.data.get("facts", {}), args)
        loopback = loopback or _loopback(facts.app_url) or _loopback(facts.instagram_page_url)
        folder = args.out / permission
        folder.mkdir(parents=True, exist_ok=True)
        markdown = render_markdown(
            permission, facts, with_unsend=bool(with_unsend), unsend_policy=policy
        )
        (folder / "step-by-step.md").write_text(markdown)
        (folder / "step-by-step.txt").write_text(to_text(markdown))
        segments = [recording.segment(with_step13=bool(with_unsend))]
        title = [
            f"{facts.app_name}: App Review of {permission}",
            "Left: the contact center (agent)  ·  Right: Instagram (test user)",
            f"Test user: {facts.instagram_user}  ·  Instagram page: @{facts.instagram_page}",
        ]
        if args.screencast:
            composed = compose(
                segments, folder / "screencast.mp4", title=title, min_step=args.min_step
            )
            (folder / "shot-list.md").write_text(
                render_shot_list(permission, facts.app_name, composed.cues)
            )
            (folder / STORYBOARD_FILE).write_text(storyboard_json(composed))
            written += [folder / "screencast.mp4", folder / "shot-list.md"]
        written += [folder / "step-by-step.md", folder / "step-by-step.txt"]
    kept = kept_from_rehearsal(args)
    if kept:
        print(
            "note: these reviewer-facing values are still the rehearsal's (give them for the "
            f"real submission): {', '.join(kept)}",
            file=sys.stderr,
        )
    if loopback:
        print(
            "note: the step-by-step gives the rehearsal's loopback URLs; for the real submission "
            "pass --app-url and --instagram-page (and the credentials): see README.md",
            file=sys.stderr,
        )
    if not written:
        raise KitError(f"no App Review scenario for {', '.join(PERMISSIONS)}; {HOW_TO_RECORD}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "README.md").write_text(
        KIT_README.format(loopback=LOOPBACK_NOTE if loopback else "")
    )
    return [args.out / "README.md", *written]


LOOPBACK_NOTE = """
These files name the rehearsal's loopback URLs and accounts: regenerate them with your public
URL and credentials before you submit (`make review-kit ARGS="--app-url ... --agent-login ..."`).
"""
KIT_README = """# App Review kit

One folder per permission: Meta reviews each separately.

- `step-by-step.md` / `step-by-step.txt`: the text for Meta's App Review form (the reviewer's
  steps with your app's URL and credentials, "ABOUT PERMISSIONS", the policy answers). Paste
  the `.txt` into the form.
- `screencast.mp4`: a storyboard: the whole flow rehearsed against Meta's simulator, captioned
  step by step. It shows the simulated Instagram, so it is not what you submit.
- `shot-list.md`: what each step of the screencast you submit must show, in which window and
  for how long: record it on real Instagram, following the storyboard.
- `storyboard.json`: the storyboard's captions with their seconds (for tools).
{loopback}"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m reports.review_kit",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--videos", type=Path, default=Path("reports/videos"))
    parser.add_argument("--out", type=Path, default=Path("reports/review-kit"))
    given = parser.add_argument_group("what the reviewer is given (default: the run's)")
    given.add_argument("--app-url", help="the contact center's login page")
    given.add_argument("--agent-login")
    given.add_argument("--agent-password")
    given.add_argument("--instagram-page", help="https://www.instagram.com/<your_page>/")
    given.add_argument("--instagram-user", help="the test user's username")
    given.add_argument("--instagram-password")
    given.add_argument("--app-name", help="default: from the contact center's page title")
    parser.add_argument(
        "--unsend-policy",
        choices=("show", "ignore"),
        help="declared policy (default: show when step 13 was recorded)",
    )
    parser.add_argument(
        "--min-step",
        type=float,
        default=2.5,
        help="seconds each step caption stays on screen (default 2.5)",
    )
    parser.add_argument("--no-screencast", dest="screencast", action="store_false")
    parser.add_argument(
        "--force", action="store_true", help="build even from a failed or incomplete rehearsal"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    try:
        written = build(args)
    except KitError as error:
        print(f"review kit: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:  # ffmpeg refused
        print(f"review kit: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)

    print(f"review kit: {len(written)} files in {args.out}/ ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
