"""When each Gherkin step of a recorded scenario ran, relative to the start of its videos.

The plugin's pytest-bdd hooks call :meth:`Timeline.begin` and :meth:`Timeline.finish` around
each step; the browser fixture notes when each window's recording started and, once the
videos are saved, writes ``steps.json`` next to them. ``reports.review_kit`` reads it back.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

STEPS_FILE = "steps.json"
PERMISSIONS = ("instagram_manage_messages", "instagram_basic")
TIMELINE_KEY = pytest.StashKey["Timeline"]()


@dataclass
class StepTime:
    keyword: str
    text: str
    start: float  # time.monotonic()
    end: float | None = None
    status: str = "running"


@dataclass
class Timeline:
    """One scenario's steps on the monotonic clock, and the facts a reviewer is given."""

    feature: str = ""
    scenario: str = ""
    tags: list[str] = field(default_factory=list)
    steps: list[StepTime] = field(default_factory=list)
    video_starts: dict[str, float] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)
    tester: dict[str, Any] = field(default_factory=dict)  # the plugin notes it from a step

    def begin(self, feature: Any, scenario: Any, keyword: str, text: str) -> None:
        """A step starts (``feature``/``scenario`` are pytest-bdd's parsed objects)."""
        self.feature, self.scenario = feature.name, scenario.name
        self.tags = sorted(set(feature.tags) | set(scenario.tags))
        self.expected_steps = len(getattr(scenario, "steps", ()) or ())
        self.steps.append(StepTime(keyword, text, time.monotonic()))

    def finish(self, status: str) -> None:
        if self.steps and self.steps[-1].end is None:
            self.steps[-1].end = time.monotonic()
            self.steps[-1].status = status

    def video_started(self, window: str) -> None:
        """Call when ``window``'s video starts (its page has painted its first frame)."""
        self.video_starts[window] = time.monotonic()

    def note_facts(self, stack: Any, app_title: str = "") -> None:
        """What the reviewer is given, from the ``stack`` fixture and the test user."""
        business = stack.business
        self.facts = {
            "contact_center_url": stack.app_url,
            "contact_center_title": app_title,
            "product_name": stack.sut.name,
            "system_under_test": stack.sut.kind,
            "agent_login": stack.agent.login,
            "agent_password": stack.agent.password,
            "agent_name": stack.agent.name,
            "instagram_page_url": f"{stack.simulator_url}/instagram/{business['username']}/",
            "instagram_username": business["username"],
            "instagram_name": business.get("name", ""),
            "test_user_username": self.tester.get("username", ""),
            "test_user_password": self.tester.get("password", ""),
            "test_user_name": self.tester.get("name", ""),
        }

    def to_json(self) -> dict[str, Any]:
        """Seconds from the first video's start (steps before it are clamped to 0)."""
        origin = min(self.video_starts.values(), default=0.0)

        def rel(t: float | None) -> float | None:
            return None if t is None else round(max(0.0, t - origin), 3)

        return {
            "feature": self.feature,
            "scenario": self.scenario,
            "tags": self.tags,
            "permissions": [p for p in PERMISSIONS if p in self.tags],
            "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "facts": self.facts,
            "videos": {
                name: {"file": f"{name}.webm", "offset": rel(t)}
                for name, t in self.video_starts.items()
            },
            "expected_steps": getattr(self, "expected_steps", len(self.steps)),
            "steps": [
                {
                    "keyword": s.keyword,
                    "text": s.text,
                    "start": rel(s.start),
                    "end": rel(s.end),
                    "status": s.status,
                }
                for s in self.steps
            ],
        }

    def write(self, directory: Path) -> Path:
        path = directory / STEPS_FILE
        path.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n")
        return path


def timeline_of(node: pytest.Item) -> Timeline:
    """The scenario's timeline, created on first use."""
    return node.stash.setdefault(TIMELINE_KEY, Timeline())
