"""Every action the users took, one JSON line each, one file per Locust process (so
workers never share a file); the runner reads them all back once the run is over."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


class Journal:
    def __init__(self, run_dir: str | Path) -> None:
        self._path = Path(run_dir) / f"journal-{os.getpid()}.jsonl"
        self._file: IO[str] | None = None

    def write(self, **record: Any) -> None:
        if self._file is None:
            self._file = self._path.open("a", encoding="utf-8")
        self._file.write(json.dumps(record) + "\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def read_all(run_dir: str | Path) -> Iterator[dict[str, Any]]:
    for path in sorted(Path(run_dir).glob("journal-*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield json.loads(line)
