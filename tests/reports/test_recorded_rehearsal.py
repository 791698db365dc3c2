"""A rehearsal recorded as `make rehearse` records it (its printed progress, steps.json, traces,
the storyboard), and the captions' reviewer steps for the real features."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reports import review_kit, screencast
from reports.motion import changed_frames, share_changed
from reports.screencast import FPS
from reports.step_text import number_steps

ROOT = Path(__file__).resolve().parents[2]
FEATURES = sorted((ROOT / "features" / "app_review").glob("*.feature"))


def _scenario_steps(feature: Path) -> dict[str, list[str]]:
    """Each scenario's step texts (background excluded), read from the .feature file."""
    scenarios: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in feature.read_text().splitlines():
        if m := re.match(r"\s*Scenario: (.+)", line):
            current = scenarios.setdefault(m.group(1), [])
        elif (m := re.match(r"\s*(?:Given|When|Then|And|But) (.+)", line)) and current is not None:
            current.append(m.group(1))
    return scenarios


@pytest.mark.parametrize("feature", FEATURES, ids=[f.stem for f in FEATURES])
def test_the_12_step_scenarios_caption_steps_1_to_12_in_order(feature: Path) -> None:
    """And step 13 after them, where the scenario goes on to it (in the same windows)."""
    scenarios = {n: s for n, s in _scenario_steps(feature).items() if "12 steps" in n}
    assert scenarios
    for name, steps in scenarios.items():
        numbers = number_steps(steps)
        assert numbers == sorted(numbers, key=lambda n: n or 0), name
        last = 13 if "step 13" in name else 12
        assert set(numbers) == set(range(1, last + 1)), name


@pytest.mark.browser
@pytest.mark.long
def test_a_recorded_rehearsal_prints_each_step_and_leaves_step_times_traces_and_a_storyboard(
    tmp_path: Path,
) -> None:
    """One run as ``make rehearse`` makes it (video, a person's pace, ``--progress``), traced
    too: what it prints, ``steps.json``, each window's Playwright trace, and the kit's
    storyboard built from it (a browser run is the costliest thing a test does: once)."""
    traces = tmp_path / "test-results"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "features", "-m", "app_review and instagram_basic",
         "--driver=browser", "--video=on", f"--videos-dir={tmp_path}", "--progress",
         "--tracing=on", f"--output={traces}", f"--alluredir={tmp_path / 'allure-results'}",
         "-p", "no:cacheprovider", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    progress_lines_name_each_step(run.stdout)
    (recorded,) = tmp_path.glob("*/steps.json")
    assert {p.name for p in recorded.parent.iterdir()} == {
        "steps.json", "contact-center.webm", "Instagram.webm"
    }  # fmt: skip
    data = json.loads(recorded.read_text())
    assert data["permissions"] == ["instagram_basic"]
    assert data["feature"] == "App Review of instagram_basic"
    facts = data["facts"]
    assert facts["contact_center_url"].startswith("http://127.0.0.1:")
    assert facts["instagram_page_url"].endswith("/instagram/company_page/")
    assert facts["agent_login"] and facts["agent_password"]
    assert facts["test_user_username"] and facts["test_user_password"]
    assert data["videos"]["Instagram"]["offset"] >= data["videos"]["contact-center"]["offset"]

    steps = data["steps"]
    first = "the reviewer opens the contact center's URL in a browser"
    assert [s["text"] for s in steps][2] == first
    assert all(s["status"] == "passed" and 0 <= s["start"] <= s["end"] for s in steps)
    assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(steps))
    assert steps[-1]["end"] > 1.0  # the flow takes time on video

    a_trace_of_each_window(traces, tmp_path / "allure-results")
    storyboard_of_a_real_recording(tmp_path)


def progress_lines_name_each_step(printed: str) -> None:
    """``--progress`` (what ``make rehearse`` prints as it runs): a line per reviewer step."""
    lines = re.findall(r"^  step (\d+)/(\d+) (ok|FAILED) \((\d+\.\d) s\)  (\S.*)$", printed, re.M)
    assert lines, printed[-3000:]
    numbers = [int(n) for n, *_ in lines]
    total = int(lines[0][1])
    assert numbers == list(range(1, total + 1)) and all(o == "ok" for _, _, o, *_ in lines)
    assert "The reviewer follows the 12 steps for instagram_basic" in printed


def a_trace_of_each_window(output: Path, alluredir: Path) -> None:
    """``--tracing=on``: a Playwright trace per window, attached to the Allure result too."""
    traces = sorted(output.glob("*/trace-*.zip"))
    assert [t.name for t in traces] == ["trace-Instagram.zip", "trace-contact-center.zip"]
    for trace in traces:
        with zipfile.ZipFile(trace) as archive:
            assert any(n.endswith(".trace") for n in archive.namelist())
    (result,) = [json.loads(p.read_text()) for p in alluredir.glob("*-result.json")]
    names = {a["name"] for a in _attachments(result)}
    assert "Playwright trace - contact-center (playwright show-trace)" in names


def _attachments(node: dict) -> list[dict]:
    found = list(node.get("attachments", []))
    for step in node.get("steps", []):
        found.extend(_attachments(step))
    return found


MAX_SECONDS = 120  # a reviewer watches at most 2 minutes per permission
# Motion is measured where the recorded actions happen (their frames, not the holds or the
# waits, which a slower machine lengthens): the share of those frames that change ...
ACTION_FLOOR = 0.1  # ... in every step the reviewer acts in (pointer moves, typing, clicks)
OVERALL_FLOOR = 0.25  # ... over all of them (about 0.5 when recorded here)
PERSON_S = 0.5  # a person's pointer travel and typing: each action lasts this long at least
FRAME = 1 / FPS


def storyboard_of_a_real_recording(videos: Path) -> None:
    """The kit's screencast of the run just recorded: under 2 minutes, each caption on screen
    while its action happens, and every reviewer step shows motion, not a still frame."""
    kit = videos.parent / "kit"
    assert review_kit.main([f"--videos={videos}", f"--out={kit}"]) == 0
    folder = kit / "instagram_basic"
    board = json.loads((folder / review_kit.STORYBOARD_FILE).read_text())
    assert screencast.video_seconds(folder / "screencast.mp4") <= MAX_SECONDS
    cues = board["cues"]
    assert [c["step"] for c in cues] == sorted(c["step"] for c in cues)
    assert {c["step"] for c in cues} == set(range(1, 13))
    for cue in cues:  # the caption is up while the action it names is recorded, not after
        assert cue["start"] <= cue["action_start"] + FRAME, cue
        assert cue["action_start"] < cue["end"], cue
    changes = changed_frames(folder / "screencast.mp4")
    windows = [
        changes[round(c["action_start"] * FPS) : max(round(c["action_end"] * FPS),
                                                     round(c["action_start"] * FPS) + 1)]
        for c in cues
    ]  # fmt: skip
    moving = sum(map(sum, windows)) / sum(map(len, windows))
    assert moving >= OVERALL_FLOOR, f"only {moving:.0%} of the recorded actions' frames move"
    for step in range(1, 13):
        mine = [c for c in cues if c["step"] == step]
        share = share_changed(changes, mine[0]["start"], mine[-1]["end"])
        assert share > 0, f"step {step} is a still picture"  # step 1: the page appears
    kind = ""
    for cue in cues:  # a When (and its Ands) is something the reviewer does: it moves
        word = cue["detail"].split(" ", 1)[0]
        kind = kind if word in ("And", "But") else word
        if kind == "When" and "opens the contact center's URL" not in cue["detail"]:
            lasted = cue["action_end"] - cue["action_start"]
            assert lasted >= PERSON_S, f"{cue['detail']!r} took {lasted:.2f} s: not a person's"
            share = share_changed(changes, cue["action_start"], cue["action_end"])
            assert share >= ACTION_FLOOR, f"{cue['detail']!r} barely moves ({share:.0%})"
