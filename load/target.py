"""What a Locust process needs to know about the run, written by the runner as JSON and read
by every Locust process (``LOAD_TARGET`` names the file): no argument parsing in workers."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

ENV = "LOAD_TARGET"


@dataclass(frozen=True)
class Target:
    mode: str  # "sim": through the simulator's control API; "direct": signed POSTs to the SUT
    simulator_url: str
    callback_url: str
    app_secret: str
    ig_id: str
    business_username: str
    run_dir: str  # each Locust process appends its journal here
    rate_per_user: float  # actions per second per user
    max_actions_per_user: int
    users: int  # the run ends once this many users have spent their budgets

    def save(self, path: Path) -> Path:
        path.write_text(json.dumps(asdict(self), indent=1))
        return path

    @classmethod
    def from_env(cls) -> Target:
        where = os.environ.get(ENV)
        if not where:
            raise RuntimeError(f"{ENV} is not set: start Locust through `python -m load`")
        return cls(**json.loads(Path(where).read_text()))
