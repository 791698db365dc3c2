"""Images the simulated CDN serves, drawn with Pillow: story frames and profile avatars.

Deterministic: the same inputs give the same bytes; `MediaCache` keeps what was drawn.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

STORY_SIZE = (540, 960)  # 9:16 like Instagram's 1080x1920, at half size
AVATAR_SIZE = 150
BACKGROUNDS: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "sunset": ((253, 29, 29), (252, 176, 69)),
    "ocean": ((0, 82, 212), (101, 199, 247)),
    "forest": ((19, 78, 94), (113, 178, 128)),
    "night": ((15, 12, 41), (48, 43, 99)),
    "candy": ((131, 58, 180), (253, 29, 29)),
}
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)  # no DejaVu: Pillow's bundled font


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


STORY_MARGIN = 36


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Any, max_width: float) -> list[str]:
    """Greedy word wrap measured in pixels, so no line runs off the story's edges."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [text]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and draw.textlength(candidate, font=font) > max_width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return [line for line in lines if line]


def story_image(text: str, username: str, background: str) -> bytes:
    """A story frame: vertical gradient, the author's `@username` on top, the text centred."""
    top, bottom = BACKGROUNDS[background]
    mask = Image.linear_gradient("L").resize(STORY_SIZE)
    image = Image.composite(
        Image.new("RGB", STORY_SIZE, bottom), Image.new("RGB", STORY_SIZE, top), mask
    )
    draw = ImageDraw.Draw(image)
    draw.text((28, 36), f"@{username}", font=_font(28, bold=True), fill="white")
    font = _font(40, bold=True)
    lines = _wrap(draw, text, font, STORY_SIZE[0] - 2 * STORY_MARGIN) or [""]
    line_h = 52
    y = (STORY_SIZE[1] - line_h * len(lines)) // 2
    for line in lines[:14]:
        width = draw.textlength(line, font=font)
        x = (STORY_SIZE[0] - width) / 2
        draw.text((x, y), line, font=font, fill="white", stroke_width=2, stroke_fill="black")
        y += line_h
    return _jpeg(image)


def avatar_image(name: str, key: str) -> bytes:
    """A profile picture: a coloured disc with the initials; the colour derives from `key`."""
    digest = hashlib.sha256(key.encode()).digest()
    colour = (64 + digest[0] % 160, 64 + digest[1] % 160, 64 + digest[2] % 160)
    image = Image.new("RGB", (AVATAR_SIZE, AVATAR_SIZE), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, AVATAR_SIZE - 4, AVATAR_SIZE - 4), fill=colour)
    initials = "".join(part[0] for part in name.split()[:2]).upper() or "?"
    font = _font(56, bold=True)
    draw.text((AVATAR_SIZE / 2, AVATAR_SIZE / 2), initials, font=font, fill="white", anchor="mm")
    return _jpeg(image)


class MediaCache:
    """Drawn images by key; drawing happens once per key."""

    def __init__(self) -> None:
        self._images: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, key: str, draw: Callable[[], bytes]) -> bytes:
        with self._lock:
            cached = self._images.get(key)
        if cached is None:
            cached = draw()
            with self._lock:
                self._images[key] = cached
        return cached

    def clear(self) -> None:
        with self._lock:
            self._images.clear()
