"""Golden webhook bodies: one JSON file per event shape Meta sends (docs/meta-platform.md 1.1),
with volatile values replaced by numbered placeholders (``<mid:1>``, ``<igsid:1>``, ...).

They are written by the simulator's own deliveries (``UPDATE_GOLDEN=1 pytest
tests/unit/simulator/test_event_shapes.py``), never by hand; the simulator's tests compare what
it sends with them and the harness's readers (``simulator.contract.webhooks``) are tested on
them, so both sides agree on one source.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

GOLDEN_DIR = Path(__file__).parent / "golden"

# keys whose values change from run to run, and the placeholder family they take
_VOLATILE_KEYS = {
    "mid": "mid",
    "url": "cdn_url",
    "photo_url": "cdn_url",
    "video_url": "cdn_url",
    "ig_post_media_id": "media_id",
    "reel_video_id": "media_id",
}
_TIMES = {"time": "<time>", "timestamp": "<timestamp>"}


def names() -> list[str]:
    """Every golden shape, by file name without ``.json``."""
    return sorted(p.stem for p in GOLDEN_DIR.glob("*.json"))


def load(name: str) -> dict[str, Any]:
    return json.loads((GOLDEN_DIR / f"{name}.json").read_text(encoding="utf-8"))


def write(name: str, body: dict[str, Any]) -> None:
    GOLDEN_DIR.mkdir(exist_ok=True)
    text = json.dumps(body, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    (GOLDEN_DIR / f"{name}.json").write_text(text, encoding="utf-8")


class _Placeholders:
    def __init__(self, known: dict[str, str]) -> None:
        self.known = dict(known)
        self.counts: dict[str, int] = {}

    def of(self, family: str, value: Any) -> str:
        key = str(value)
        if key not in self.known:
            self.counts[family] = self.counts.get(family, 0) + 1
            self.known[key] = f"<{family}:{self.counts[family]}>"
        return self.known[key]


def normalize(body: dict[str, Any], known: dict[str, str] | None = None) -> dict[str, Any]:
    """``body`` with its volatile values as placeholders, numbered in order of appearance.

    ``known`` maps fixed values to their placeholder (e.g. the business's IG_ID to
    ``<ig_id>``); other ids of ``sender``/``recipient`` become ``<igsid:n>``, times ``<time>``
    and ``<timestamp>``; values the dashboard "Test" sends as sample data stay as they are.
    """
    places = _Placeholders(known or {})

    def walk(value: Any, key: str | None, parent: str | None) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k, key) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, None, key) for v in value]
        if isinstance(value, bool) or value is None:
            return value
        if str(value) in places.known:
            return places.known[str(value)]
        if key in _TIMES and isinstance(value, int):
            return _TIMES[key]
        if key == "id" and parent in ("sender", "recipient"):
            return places.of("igsid", value)
        if key == "id" and parent in ("story", "mention"):
            return places.of("story_id", value)
        if key in _VOLATILE_KEYS and not _is_sample(value):
            return places.of(_VOLATILE_KEYS[key], value)
        return value

    return walk(body, None, None)


def _is_sample(value: Any) -> bool:
    """The dashboard "Test" button's fixed sample values (``random_mid``)."""
    return isinstance(value, str) and value.startswith("random_")
