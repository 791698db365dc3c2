"""The App Review kit built from a small synthetic run: two test videos and a steps.json each."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import imageio_ffmpeg
import pytest

from reports import review_kit, screencast

ROOT = Path(__file__).resolve().parents[2]
FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
OVERRIDES = {
    "--app-url": "https://contact.example.com/agent",
    "--agent-login": "reviewer.agent",
    "--agent-password": "Rev1ew*",
    "--instagram-page": "https://www.instagram.com/acme_store/",
    "--instagram-user": "acme.tester",
    "--instagram-password": "Test123*",
    "--app-name": "Acme Desk",
}
MIN_STEP = 1.0  # seconds a caption stays on screen: short steps hold their last frame
MAIN_STEPS = [  # (keyword, text, start, end): the second step is longer than MIN_STEP
    ("Given", "the contact center is set up as the integration guide recommends", 0.0, 0.0),
    ("When", "the reviewer opens the contact center's URL in a browser", 0.0, 0.5),
    ("When", 'the reviewer clicks "Send Message" and sends the Direct message "Hi"', 0.5, 1.6),
]
# Step 13 follows the 12 steps in the same recording (same windows, same user).
WITH_STEP_13 = [
    *MAIN_STEPS,
    ("When", 'the test user unsends the message "Please cancel my order"', 1.6, 1.9),
]
VIDEO_SECONDS = 2.0
# A step shows up to the frame LAG_FRAMES after its end, then holds it until MIN_STEP is up.
SHOWN = (screencast.LAG_FRAMES + 1) / screencast.FPS
MAIN = VIDEO_SECONDS + MIN_STEP - (0.5 + SHOWN)  # the 0.5 s step is held
# step 13 runs to the video's end; its first frame follows the frame held for the step before
UNSEND = MIN_STEP - (VIDEO_SECONDS - (1.6 + SHOWN))
TITLE = screencast.TITLE_SECONDS
EXPECTED_SECONDS = {
    "instagram_manage_messages": TITLE + MAIN + UNSEND,
    "instagram_basic": TITLE + MAIN,
}


def _video(path: Path, source: str) -> None:
    subprocess.run(
        [FFMPEG, "-loglevel", "error", "-f", "lavfi", "-i",
         f"{source}:size=320x180:duration={VIDEO_SECONDS}",
         "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", str(path)],
        check=True,
    )  # fmt: skip


def _scenario(videos: Path, name: str, tags: list[str], steps: list[tuple]) -> None:
    folder = videos / name
    folder.mkdir(parents=True)
    _video(folder / "contact-center.webm", "testsrc=rate=25")
    _video(folder / "Instagram.webm", "color=c=navy:rate=25")
    facts = {"contact_center_url": "http://127.0.0.1:8000", "agent_login": "agent",
             "agent_password": "Aa123*", "instagram_username": "company_page",
             "instagram_page_url": "http://127.0.0.1:8800/instagram/company_page/",
             "test_user_username": "jo.tester", "test_user_password": "pw",
             "contact_center_title": "Console · Relay Contact Center"}  # fmt: skip
    data = {
        "feature": "App Review",
        "scenario": name,
        "tags": ["app_review", *tags],
        "permissions": [t for t in tags if t.startswith("instagram_")],
        "recorded_at": "2026-01-01T00:00:00+00:00",
        "facts": facts,
        "videos": {"contact-center": {"offset": 0.0}, "Instagram": {"offset": 0.1}},
        "expected_steps": len(steps),
        "steps": [
            {**dict(zip(("keyword", "text", "start", "end"), s[:4], strict=True)),
             "status": s[4] if len(s) > 4 else "passed"}
            for s in steps
        ],
    }  # fmt: skip
    (folder / "steps.json").write_text(json.dumps(data))


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic run of both permissions (and step 13), then the kit with real-world facts."""
    root = tmp_path_factory.mktemp("run")
    videos = root / "videos"
    _scenario(videos, "manage", ["instagram_manage_messages", "unsend"], WITH_STEP_13)
    _scenario(videos, "basic", ["instagram_basic"], MAIN_STEPS)
    args = [f"--videos={videos}", f"--out={root / 'kit'}", f"--min-step={MIN_STEP}"]
    assert review_kit.main(args + [f"{k}={v}" for k, v in OVERRIDES.items()]) == 0
    return root / "kit"


@pytest.mark.parametrize("permission", ["instagram_manage_messages", "instagram_basic"])
def test_the_step_by_step_numbers_the_reviewers_steps_with_the_given_facts(
    kit: Path, permission: str
) -> None:
    text = (kit / permission / "step-by-step.txt").read_text()
    numbers = [int(n) for n in re.findall(r"^Step (\d+): ", text, flags=re.M)]
    with_unsend = permission == "instagram_manage_messages"
    assert numbers == list(range(1, 14 if with_unsend else 13))
    for value in OVERRIDES.values():
        assert value in text
    assert "@acme_store" in text and "127.0.0.1" not in text
    assert f"requesting advanced access to the {permission} permission" in text
    assert "ABOUT PERMISSIONS:" in text
    assert ("Message deleted" in text) is with_unsend
    assert "**" not in text and "**ENTER**" in (kit / permission / "step-by-step.md").read_text()


def test_only_the_manage_messages_kit_answers_the_policy_questions(kit: Path) -> None:
    manage = (kit / "instagram_manage_messages" / "step-by-step.txt").read_text()
    basic = (kit / "instagram_basic" / "step-by-step.txt").read_text()
    for question in ("Story Replies", "Story Mentions", "unsends", "escalates to a human"):
        assert question in manage and question not in basic


def _probe(path: Path) -> str:
    return subprocess.run([FFMPEG, "-hide_banner", "-i", str(path)], capture_output=True,
                          text=True).stderr  # fmt: skip


@pytest.mark.parametrize("permission", ["instagram_manage_messages", "instagram_basic"])
def test_the_screencast_is_h264_side_by_side_with_every_scenario(
    kit: Path, permission: str
) -> None:
    info = _probe(kit / permission / "screencast.mp4")
    video = re.search(r"Video: (\w+).*?, (yuv\w+).*?, (\d+)x(\d+)", info)
    assert video, info
    codec, pixels, width, height = video.groups()
    assert (codec, pixels) == ("h264", "yuv420p")
    assert (int(width), int(height)) == (1920, 1080)  # 16:9: two 960x940 windows and two bars
    hours, minutes, seconds = re.search(r"Duration: (\d+):(\d+):([\d.]+)", info).groups()
    duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    assert duration == pytest.approx(EXPECTED_SECONDS[permission], abs=0.1)


def _pixel(video: Path, seconds: float, x: int, y: int) -> tuple[int, ...]:
    return tuple(
        subprocess.run(
            [FFMPEG, "-loglevel", "error", "-ss", str(seconds), "-i", str(video), "-frames:v", "1",
             "-vf", f"format=rgb24,crop=1:1:{x}:{y}", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
            capture_output=True, check=True,
        ).stdout
    )  # fmt: skip


def _red_then_blue(video: Path) -> None:
    """A 2 s test video: 1 s of red, then 1 s of blue."""
    subprocess.run(
        [FFMPEG, "-loglevel", "error", "-f", "lavfi", "-i", "color=c=red:size=320x180:rate=25:d=1",
         "-f", "lavfi", "-i", "color=c=blue:size=320x180:rate=25:d=1", "-filter_complex",
         "[0][1]concat=n=2:v=1", "-c:v", "libvpx-vp9", "-deadline", "realtime", str(video)],
        check=True,
    )  # fmt: skip


def test_a_short_step_holds_the_frame_at_its_end_not_the_next_one(tmp_path: Path) -> None:
    video = tmp_path / "red-then-blue.webm"
    _red_then_blue(video)
    last_red = (24 - screencast.LAG_FRAMES) / screencast.FPS  # the held frame is the last red one
    steps = [{"keyword": "When", "text": 'the agent clicks "End"', "start": 0.0, "end": last_red}]
    out = tmp_path / "held.mp4"
    seconds = screencast.compose(
        [screencast.Segment(video, video, 0.0, steps)], out, title=["t"], min_step=2.0
    ).seconds
    # the video up to 1 s after the step, and 1 s of red (the frame shown) held for 1 s more
    assert seconds == pytest.approx(TITLE + (last_red + 1.0) + 1.0, abs=0.05)
    red, green, blue = _pixel(out, TITLE + 1.6, 480, 300)  # source time 1.6 s is blue
    assert red > 180 and blue < 80, (red, green, blue)
    red, green, blue = _pixel(out, TITLE + 2.5, 480, 300)  # after the hold, the video goes on
    assert blue > 180 and red < 80, (red, green, blue)


def _run_kit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reports.review_kit", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def test_without_recordings_the_kit_says_to_run_make_rehearse(tmp_path: Path) -> None:
    run = _run_kit(f"--videos={tmp_path / 'nowhere'}", f"--out={tmp_path / 'kit'}")
    assert run.returncode == 2
    assert "make rehearse" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "kit").exists()


def test_a_recording_without_its_videos_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "videos" / "basic"
    folder.mkdir(parents=True)
    (folder / "steps.json").write_text(json.dumps({"tags": ["app_review", "instagram_basic"]}))
    run = _run_kit(f"--videos={tmp_path / 'videos'}", f"--out={tmp_path / 'kit'}")
    assert run.returncode == 2
    assert "contact-center.webm" in run.stderr and "make rehearse" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_run_against_a_teams_app_names_that_app_and_its_agent_login() -> None:
    """An external run's steps.json carries the SUT's [app] name and agent: the kit uses them."""
    run = {
        "product_name": "Express Desk",
        "contact_center_title": "Console · something else",
        "contact_center_url": "http://127.0.0.1:41234/",
        "agent_login": "agent",
        "agent_password": "Desk123*",
    }
    facts = review_kit.facts_from(run, review_kit.parse_args([]))
    assert facts.app_name == "Express Desk"
    assert (facts.agent_login, facts.agent_password) == ("agent", "Desk123*")
    assert review_kit.facts_from(run, review_kit.parse_args(["--app-name", "X"])).app_name == "X"


@pytest.mark.parametrize(
    ("steps", "expected", "said"),
    [
        ([*MAIN_STEPS[:2], (*MAIN_STEPS[2], "failed")], None, "failed at step 3 (When the"),
        (MAIN_STEPS[:2], 3, "stopped after step 2 of 3"),
        ([*MAIN_STEPS[:1], (*MAIN_STEPS[1], "running")], None, "stopped during step 2"),
    ],
)  # fmt: skip
def test_a_failed_or_incomplete_rehearsal_builds_no_kit_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], steps: list, expected: int | None,
    said: str,
) -> None:  # fmt: skip
    videos = tmp_path / "videos"
    _scenario(videos, "manage", ["instagram_manage_messages"], steps)
    if expected is not None:
        path = videos / "manage" / "steps.json"
        path.write_text(json.dumps({**json.loads(path.read_text()), "expected_steps": expected}))
    args = [f"--videos={videos}", f"--out={tmp_path / 'kit'}", "--no-screencast"]
    assert review_kit.main(args) == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "kit").exists()
    assert review_kit.main([*args, "--force"]) == 0
    assert "warning: building from a run that" in capsys.readouterr().err


def test_an_ignore_policy_kit_ends_the_recording_before_step_13(kit: Path, tmp_path: Path) -> None:
    """One recording holds the 12 steps and step 13; a team declaring "ignore" gets no 13."""
    out = tmp_path / "kit"
    args = [f"--videos={kit.parent / 'videos'}", f"--out={out}", f"--min-step={MIN_STEP}"]
    assert review_kit.main([*args, "--unsend-policy=ignore"]) == 0
    manage = out / "instagram_manage_messages"
    assert "Message deleted" not in (manage / "step-by-step.txt").read_text()
    assert screencast.video_seconds(manage / "screencast.mp4") == pytest.approx(
        TITLE + MAIN, abs=0.1
    )


def test_step_13_says_to_unsend_from_the_phone_app(kit: Path) -> None:
    """The integration guide saw no unsend webhook from instagram.com, only from the app."""
    text = (kit / "instagram_manage_messages" / "step-by-step.md").read_text()
    step13 = next(line for line in text.splitlines() if "unsend" in line.lower())
    assert "Instagram phone app" in step13 and "hover" not in step13


def test_a_partial_regeneration_says_which_values_are_still_the_rehearsals(
    kit: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    videos = kit.parent / "videos"
    args = [f"--videos={videos}", f"--out={tmp_path / 'kit'}", "--no-screencast",
            "--app-url=https://desk.example.com/login", "--app-name=Acme Desk"]  # fmt: skip
    assert review_kit.main(args) == 0
    said = capsys.readouterr().err
    assert "still the rehearsal's" in said
    for option in ("--agent-login", "--agent-password", "--instagram-page", "--instagram-user"):
        assert option in said
    assert "--app-url" not in said.split("still the rehearsal's")[1].split("\n")[0]


def test_the_set_up_before_the_first_captioned_step_is_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The windows are blank while the scenario's background runs: no "Step 1" over them."""
    video = tmp_path / "blank-then-page.webm"
    _red_then_blue(video)
    steps = [
        {"keyword": "Given", "text": "the contact center is set up as the integration guide "
         "recommends", "start": 0.0, "end": 0.9},
        {"keyword": "When", "text": "the reviewer opens the contact center's URL in a browser",
         "start": 1.0, "end": 1.8},
    ]  # fmt: skip
    segment = screencast.Segment(video, video, 0.0, steps)
    assert screencast.lead_of(segment) == pytest.approx(1.0 - screencast.LEAD_SECONDS)
    cut = screencast.compose([segment], tmp_path / "cut.mp4", title=["t"], min_step=0.5).seconds
    red, _, blue = _pixel(tmp_path / "cut.mp4", TITLE + 0.5, 480, 300)
    assert blue > 180 and red < 80, "the screencast starts just before the captioned step"
    monkeypatch.setattr(screencast, "LEAD_SECONDS", 10.0)  # as before: nothing cut
    whole = screencast.compose([segment], tmp_path / "whole.mp4", title=["t"], min_step=0.5).seconds
    assert whole - cut == pytest.approx(1.0 - 0.3, abs=0.08)


@pytest.mark.parametrize("permission", ["instagram_manage_messages", "instagram_basic"])
def test_the_shot_list_says_what_each_step_of_the_real_recording_shows_and_how_long(
    kit: Path, permission: str
) -> None:
    shots = (kit / permission / "shot-list.md").read_text()
    board = json.loads((kit / permission / review_kit.STORYBOARD_FILE).read_text())
    steps = sorted({c["step"] for c in board["cues"] if c["step"]})
    assert re.findall(r"^## Step (\d+): ", shots, flags=re.M) == [str(n) for n in steps]
    assert "storyboard" in shots and "on real Instagram" in shots
    for step in steps:
        seconds = sum(c["end"] - c["start"] for c in board["cues"] if c["step"] == step)
        block = shots.split(f"## Step {step}: ")[1].split("## ")[0]
        assert f"- Storyboard: {seconds:.1f} s" in block and "- Must show: " in block
    assert board["seconds"] == pytest.approx(EXPECTED_SECONDS[permission], abs=0.1)


def test_the_kit_says_what_each_file_is_for(kit: Path) -> None:
    said = (kit / "README.md").read_text()
    for name in ("step-by-step.txt", "screencast.mp4", "shot-list.md", "storyboard.json"):
        assert f"`{name}`" in said
        assert (kit / "instagram_basic" / name).exists()
    assert "not what you submit" in said and "real Instagram" in said
    assert "loopback" not in said  # the kit was built with the real-world facts
