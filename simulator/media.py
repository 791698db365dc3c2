"""Media the simulated CDN serves: story frames, profile avatars and users' photos drawn with
Pillow, one-page PDF files, and the sample video and voice note of ``media_samples/``.

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
_SAMPLES = Path(__file__).parent / "media_samples"
POST_SIZE = (640, 640)
# kind -> (extension, content type) of what a user sends in Direct [IGEX attachment types]
MEDIA_TYPES: dict[str, tuple[str, str]] = {
    "image": ("jpg", "image/jpeg"),
    "video": ("mp4", "video/mp4"),
    "audio": ("m4a", "audio/mp4"),
    "file": ("pdf", "application/pdf"),
}


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


def photo_image(title: str, username: str) -> bytes:
    """A square photo: a gradient chosen by the title, the title across it, the sender below."""
    names = sorted(BACKGROUNDS)
    top, bottom = BACKGROUNDS[names[hashlib.sha256(title.encode()).digest()[0] % len(names)]]
    width, height = POST_SIZE  # a diagonal gradient: rotate a larger one, keep its middle
    big = Image.linear_gradient("L").resize((width * 2, height * 2)).rotate(45)
    mask = big.crop((width // 2, height // 2, width // 2 + width, height // 2 + height))
    image = Image.composite(
        Image.new("RGB", POST_SIZE, bottom), Image.new("RGB", POST_SIZE, top), mask
    )
    draw = ImageDraw.Draw(image)
    font = _font(34, bold=True)
    lines = _wrap(draw, title, font, POST_SIZE[0] - 2 * STORY_MARGIN)[:10] or [""]
    y = (POST_SIZE[1] - 46 * len(lines)) // 2
    for line in lines:
        x = (POST_SIZE[0] - draw.textlength(line, font=font)) / 2
        draw.text((x, y), line, font=font, fill="white", stroke_width=2, stroke_fill="black")
        y += 46
    draw.text((24, POST_SIZE[1] - 48), f"@{username}", font=_font(24, bold=True), fill="white")
    return _jpeg(image)


def _pdf_text(text: str) -> str:
    """A PDF literal string of ``text`` (Latin-1 only; other characters become ``?``)."""
    latin = text.encode("latin-1", "replace").decode("latin-1")
    return latin.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_document(title: str, username: str) -> bytes:
    """A one-page PDF naming the file and its sender, with a valid cross-reference table."""
    content = (
        f"BT /F1 20 Tf 72 720 Td ({_pdf_text(title)}) Tj ET\n"
        f"BT /F1 12 Tf 72 690 Td (sent by @{_pdf_text(username)}) Tj ET\n"
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def media_bytes(kind: str, title: str, username: str) -> bytes:
    """The bytes of a user's ``kind`` of media (see ``MEDIA_TYPES``)."""
    if kind == "image":
        return photo_image(title, username)
    if kind == "file":
        return pdf_document(title, username)
    sample = "video.mp4" if kind == "video" else "voice.m4a"
    return (_SAMPLES / sample).read_bytes()


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
