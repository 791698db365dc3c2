"""One screencast per permission: both windows side by side, every step captioned.

Each recorded scenario becomes a segment: the contact center (left) and Instagram (right)
at their recorded 960x940, a label bar above, a caption bar below (1920x1080 in all;
"Step 8 · Send a Direct message" and the Gherkin line). A fast run finishes a step in
milliseconds, so the segment holds the last frame of a short step until its caption has
been on screen ``min_step`` seconds: nothing is staged, the picture pauses. Segments follow
a title card (concat); the result is H.264, yuv420p, 25 fps.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from reports.step_text import caption, number_steps, shown_in_screencast

FPS = 25
PANE_W, PANE_H = 960, 940  # the recorded windows' size (fixtures/browser.py VIEWPORT)
TOP, BOTTOM = 40, 100  # label bar, caption bar: 1920x1080 in all (16:9)
WIDTH, HEIGHT = 2 * PANE_W, TOP + PANE_H + BOTTOM
TITLE_SECONDS = 3.0
TAIL_SECONDS = 1.0  # kept after the last step
BAR_COLOR = "0x15181d"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD = FONT.with_name("DejaVuSans-Bold.ttf")
MAX_CHARS = 120
LAG_FRAMES = 2
SPARE_FRAMES = 2 * FPS  # past the segment's end, so a hold on its last frame has a next one


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def video_seconds(path: Path) -> float | None:
    """A video's duration from ffmpeg's header line, if it states one."""
    probe = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True
    )
    found = re.search(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", probe.stderr)
    if not found:
        return None
    hours, minutes, seconds = found.groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


@dataclass
class Segment:
    """One recorded scenario: its two videos and its steps.json content."""

    left: Path  # the contact center
    right: Path  # Instagram
    right_offset: float  # seconds the right video started after the left one
    steps: list[dict]
    left_label: str = "Contact center (agent)"
    right_label: str = "Instagram (test user)"


@dataclass
class Cue:
    start: float  # seconds in the segment's output (in the whole screencast once composed)
    end: float
    title: str
    detail: str
    step: int | None = None  # the reviewer's step
    action_start: float = 0.0  # when the recorded action began and ended, in output seconds
    action_end: float = 0.0

    def shifted(self, by: float) -> Cue:
        return replace(
            self,
            start=self.start + by,
            end=self.end + by,
            action_start=self.action_start + by,
            action_end=self.action_end + by,
        )


@dataclass
class Composed:
    """A written screencast: its length and every caption, in the screencast's seconds."""

    seconds: float
    cues: list[Cue]


class Captions:
    """Caption text files for drawtext (``textfile`` avoids escaping the text)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.count = 0

    def drawtext(self, text: str, *, x: str, y: str, size: int, bold: bool = False) -> str:
        self.count += 1
        path = self.directory / f"caption{self.count}.txt"
        path.write_text(text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…")
        font = BOLD if bold and BOLD.exists() else FONT
        options = [f"textfile={path}", "expansion=none", f"fontsize={size}", "fontcolor=white"]
        if font.exists():
            options.append(f"fontfile={font}")
        return "drawtext=" + ":".join([*options, f"x={x}", f"y={y}"])


def plan(segment: Segment, length: float, min_step: float) -> tuple[list[str], list[Cue], int]:
    """The frame holds (``loop`` filters), the captions and the segment's output frames.

    A step's picture is held on the frame ``LAG_FRAMES`` after its end (a screencast frame
    reaches the video a little after the page changed), never before the previous hold.
    """
    frames = max(1, round(length * FPS))
    numbers = number_steps([s["text"] for s in segment.steps])
    shown = [
        (number, step)
        for number, step in zip(numbers, segment.steps, strict=True)
        if (step.get("end") or 0) > 0 and shown_in_screencast(step["text"])
    ]
    loops: list[str] = []
    starts: list[int] = []
    actions: list[tuple[int, int]] = []  # each step's recorded frames, in output frames
    held, previous = 0, -1  # frames added so far; the source frame of the last hold
    for _, step in shown:
        first = max(min(round(step["start"] * FPS), frames - 1), previous + 1)
        end = round(step["end"] * FPS) + LAG_FRAMES
        frozen = max(min(end, frames - 1), first, previous)
        starts.append(min(first, frames - 1) + held)
        actions.append((min(first, frames - 1) + held, frozen + held))
        hold = max(0, round(min_step * FPS) - (frozen - first + 1))
        if hold:  # the loop filter's start counts from 1: it repeats source frame start - 1
            loops.append(f"loop=loop={hold}:size=1:start={frozen + held + 1}")
            held += hold
        previous = frozen
    total = frames + held
    starts = [0, *starts[1:]] if starts else []
    ends = [*starts[1:], total]
    cues = [
        Cue(a / FPS, b / FPS, *caption(number, step["keyword"], step["text"]), step=number,
            action_start=act[0] / FPS, action_end=(act[1] + 1) / FPS)
        for a, b, act, (number, step) in zip(starts, ends, actions, shown, strict=True)
        if b > a
    ]  # fmt: skip
    return loops, cues, total


LEAD_SECONDS = 0.3  # kept before the first captioned step


def lead_of(segment: Segment) -> float:
    """Seconds of set-up recorded before the first captioned step (blank windows while the
    scenario's background ran): cut from the screencast, but for ``LEAD_SECONDS``."""
    numbers = number_steps([s["text"] for s in segment.steps])
    starts = [
        float(step.get("start") or 0)
        for number, step in zip(numbers, segment.steps, strict=True)
        if number is not None and shown_in_screencast(step["text"])
    ]
    return max(0.0, min(starts, default=0.0) - LEAD_SECONDS)


def _shifted(segment: Segment, lead: float) -> Segment:
    """The segment from ``lead`` on: its set-up steps (cut with their frames) dropped."""
    if not lead:
        return segment

    def back(value: float | None) -> float | None:
        return None if value is None else max(0.0, value - lead)

    numbers = number_steps([s["text"] for s in segment.steps])
    first = next(i for i, n in enumerate(numbers) if n is not None)
    steps = [
        {**s, "start": back(s.get("start")), "end": back(s.get("end"))}
        for s in segment.steps[first:]
    ]
    return replace(segment, steps=steps)


def _segment_graph(
    index: int, inputs: tuple[int, int], segment: Segment, min_step: float, texts: Captions
) -> tuple[str, float, list[Cue]]:
    lead = lead_of(segment)
    segment = _shifted(segment, lead)
    last_end = max((s.get("end") or 0 for s in segment.steps), default=0.0)
    durations = [d - lead for d in (video_seconds(segment.left), video_seconds(segment.right)) if d]
    length = min(max(durations, default=last_end), last_end + TAIL_SECONDS) or TAIL_SECONDS
    loops, cues, total = plan(segment, length, min_step)
    scale = (  # a window of another size is fitted, never stretched
        f"fps={FPS},scale={PANE_W}:{PANE_H}:force_original_aspect_ratio=decrease,"
        f"pad={PANE_W}:{PANE_H}:(ow-iw)/2:(oh-ih)/2:color={BAR_COLOR},setsar=1"
    )
    frames = round(length * FPS) + SPARE_FRAMES
    pad = f"tpad=stop_mode=clone:stop_duration={length + 3:.3f},trim=end_frame={frames}"
    offset = f"tpad=start_mode=clone:start_duration={max(segment.right_offset, 0):.3f},"
    label_y = f"({TOP}-th)/2"
    cut = f"trim=start={lead:.3f},setpts=PTS-STARTPTS,"
    left = f"[{inputs[0]}:v]setpts=PTS-STARTPTS,{scale},{cut}{pad}[l{index}]"
    right = f"[{inputs[1]}:v]setpts=PTS-STARTPTS,{scale},{offset}{cut}{pad}[r{index}]"
    chain = [
        f"hstack=inputs=2,pad={WIDTH}:{HEIGHT}:0:{TOP}:color={BAR_COLOR}",
        *loops,
        f"trim=end_frame={total},setpts=N/({FPS}*TB)",
        texts.drawtext(segment.left_label, x="20", y=label_y, size=22),
        texts.drawtext(segment.right_label, x=f"{PANE_W}+20", y=label_y, size=22),
    ]
    y_title, y_detail = TOP + PANE_H + 14, TOP + PANE_H + 56
    for cue in cues:
        when = f":enable='between(t,{cue.start:.3f},{cue.end - 0.001:.3f})'"
        chain.append(texts.drawtext(cue.title, x="24", y=str(y_title), size=28, bold=True) + when)
        chain.append(texts.drawtext(cue.detail, x="24", y=str(y_detail), size=23) + when)
    graph = f"{left};{right};[l{index}][r{index}]{','.join(chain)}[s{index}]"
    return graph, total / FPS, cues


def _title_graph(lines: list[str], texts: Captions) -> str:
    draws = [
        texts.drawtext(line, x="(w-tw)/2", y=f"h/2-80+{i * 56}", size=40 if i == 0 else 30,
                       bold=i == 0)
        for i, line in enumerate(lines)
    ]  # fmt: skip
    return f"[0:v]{','.join([*draws, 'setsar=1'])}[title]"


def compose(
    segments: list[Segment], out: Path, *, title: list[str], min_step: float = 2.5
) -> Composed:
    """Write ``out`` (H.264 mp4) from a title card and the segments; return its length and
    its captions."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screencast-") as tmp:
        texts = Captions(Path(tmp))
        args = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                f"color=c={BAR_COLOR}:s={WIDTH}x{HEIGHT}:r={FPS}:d={TITLE_SECONDS}"]  # fmt: skip
        graph = [_title_graph(title, texts)]
        seconds = TITLE_SECONDS
        cues: list[Cue] = []
        for index, segment in enumerate(segments):
            args += ["-i", str(segment.left), "-i", str(segment.right)]
            part, length, segment_cues = _segment_graph(
                index, (2 * index + 1, 2 * index + 2), segment, min_step, texts
            )
            graph.append(part)
            cues += [cue.shifted(seconds) for cue in segment_cues]
            seconds += length
        chain = "".join(["[title]", *(f"[s{i}]" for i in range(len(segments)))])
        graph.append(f"{chain}concat=n={len(segments) + 1}:v=1:a=0,format=yuv420p[out]")
        args += ["-filter_complex", ";".join(graph), "-map", "[out]", "-c:v", "libx264",
                 "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p", "-r", str(FPS),
                 "-movflags", "+faststart", str(out)]  # fmt: skip
        run = subprocess.run(args, capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"ffmpeg failed composing {out}: {run.stderr.strip()[-2000:]}")
    return Composed(seconds, cues)
