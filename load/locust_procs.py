"""Locust itself, as processes: one (``workers=0``) or a master with workers on loopback.
Every process is bounded: the master stops at ``--run-time`` (the users also stop at their
action budget) and is killed if it outlives that by ``GRACE_S``; workers quit with it."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from fixtures.external import log_tail
from fixtures.servers import free_port

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
GRACE_S = 60.0
CLASSES = {"sim": "SimulatedInstagramUser", "direct": "DirectInstagramUser"}


@dataclass(frozen=True)
class LocustRun:
    mode: str
    users: int
    seconds: float
    workers: int


def _command(run: LocustRun, *role: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        CLASSES[run.mode],
        "--loglevel",
        "WARNING",
        *role,
    ]


def run_locust(run: LocustRun, target_file: Path, run_dir: Path) -> int:
    """Run Locust to the end; an error (not a failed request) stops with its log."""
    root = str(Path(__file__).resolve().parents[1])
    env = {
        **os.environ,
        "LOAD_TARGET": str(target_file),
        "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]),
    }
    headless = [
        "--headless",
        "-u",
        str(run.users),
        "-r",
        str(run.users),
        "-t",
        f"{run.seconds:g}s",
        "--stop-timeout",
        "5",
        "--only-summary",
        "--exit-code-on-error",
        "0",
    ]
    processes: list[tuple[subprocess.Popen[bytes], Path]] = []

    def spawn(name: str, command: list[str]) -> subprocess.Popen[bytes]:
        log = run_dir / f"locust-{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        processes.append((process, log))
        return process

    try:
        if run.workers <= 0:
            master = spawn("single", _command(run, *headless))
        else:
            port = free_port()
            master = spawn(
                "master",
                _command(
                    run,
                    *headless,
                    "--master",
                    "--master-bind-host",
                    "127.0.0.1",
                    "--master-bind-port",
                    str(port),
                    "--expect-workers",
                    str(run.workers),
                ),
            )
            for n in range(run.workers):
                spawn(
                    f"worker{n + 1}",
                    _command(
                        run, "--worker", "--master-host", "127.0.0.1", "--master-port", str(port)
                    ),
                )
        try:
            code = master.wait(run.seconds + GRACE_S)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(
                f"Locust did not stop within {run.seconds + GRACE_S:g} s; its log:\n"
                f"{log_tail(processes[0][1])}"
            ) from exc
        for process, _ in processes[1:]:
            process.wait(GRACE_S)
        if code != 0:  # failed requests alone exit 0 (--exit-code-on-error 0): counted by us
            raise RuntimeError(f"Locust exited with {code}; its log:\n{log_tail(processes[0][1])}")
        return code
    finally:
        for process, _ in processes:
            if process.poll() is None:
                process.kill()  # only ours, by handle
                process.wait()
