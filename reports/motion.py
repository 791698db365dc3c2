"""How much of a video moves: per frame, whether the picture changed since the frame before.

A screencast that holds still frames teaches a reviewer nothing; tests read a composed
screencast with this to check that every reviewer step shows its action. Frames are compared
small and grey (``SIZE``), so a moving pointer or typed characters count and codec noise does
not.
"""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

from PIL import Image, ImageChops

from reports.screencast import FPS, ffmpeg_exe

__all__ = ["changed_frames", "share_changed"]

SIZE = (192, 108)
THRESHOLD = 12  # a grey level this far from the frame before, in some pixel, is a change
MIN_PIXELS = 2  # and in at least this many pixels


def changed_frames(video: Path) -> list[bool]:
    """For each frame at the screencast's rate: did it change since the previous one?"""
    width, height = SIZE
    raw = subprocess.run(
        [ffmpeg_exe(), "-loglevel", "error", "-i", str(video), "-vf",
         f"fps={FPS},scale={width}:{height}:flags=area,format=gray", "-f", "rawvideo", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    size = width * height
    frames = [
        Image.frombytes("L", SIZE, raw[i : i + size]) for i in range(0, len(raw) - size + 1, size)
    ]
    changes = [False]
    for before, now in itertools.pairwise(frames):
        moved = ImageChops.difference(before, now).point(_over_threshold).histogram()[255]
        changes.append(moved >= MIN_PIXELS)
    return changes


def _over_threshold(level: int) -> int:
    return 255 if level > THRESHOLD else 0


def share_changed(changes: list[bool], start: float, end: float) -> float:
    """The share of frames in [start, end) seconds that changed."""
    window = changes[round(start * FPS) : max(round(end * FPS), round(start * FPS) + 1)]
    return sum(window) / len(window) if window else 0.0
