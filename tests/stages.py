"""``make test``'s stages, side by side: each lane runs its stages one after another, the lanes
run at once (no stage keeps two cores busy on its own: the browser and subprocess tests wait
more than they compute). Each stage's output goes to ``reports/stages/<stage>.log`` (and a
pytest stage's JUnit XML and rejection verdicts beside it) and is printed whole when the stage
ends; a table of every stage's outcome and time ends the run.

    python -m tests.stages [--only NAME ...] [--list] [-- extra pytest options]

Options after ``--`` (``make test PYTEST_ARGS="-p randomly"``) go to every pytest stage.
Every stage runs even after a red one, so one failure does not hide the others; the exit
code is 1 if any stage was red.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "reports" / "stages"
ALLURE_RESULTS = ROOT / "reports" / "allure-results"
PYTEST = [sys.executable, "-m", "pytest"]
EXAMPLE_DESK = "examples/express-desk/harness.toml"
REFERENCE = "examples/reference-service/harness.toml"
# against each external app: the App Review with both drivers and the conformance set with
# the API driver (an external app's console is driven in Chromium all the same)
EXTERNAL = ["features", "-m", "app_review or (conformance and not browser)", "--driver=api,browser"]


@dataclass(frozen=True)
class Stage:
    name: str
    what: str  # a line for the log
    command: list[str]
    pytest: bool = True  # takes the extra pytest options and writes Allure results

    def argv(self, extra: list[str]) -> list[str]:
        if not self.pytest:
            return self.command
        verdicts = f"--verdicts={LOGS / (self.name + '-verdicts.json')}"
        junit = f"--junitxml={LOGS / (self.name + '.xml')}"  # for CI systems that read JUnit
        return [*self.command, f"--alluredir={ALLURE_RESULTS}", verdicts, junit, *extra]


# each test by itself to the next free worker, the long ones first (fixtures/scheduling.py):
# a stage's workers end together instead of one finishing a minute-long test alone
DEALT = ["-n", "2", "--dist", "load", "--maxschedchunk", "1"]
LOAD_RUN = [sys.executable, "-m", "load", "--users", "4", "--workers", "2",
            "--max-actions", "30", "--seconds", "120"]  # fmt: skip  # 120 s: only a cap

# lanes run at once, a lane's stages one after another; the stages of a lane add up to
# about the same work as another lane's (the two cores stay busy to the end)
LANES: list[list[Stage]] = [
    [
        Stage(
            "long",
            "the tests marked long, most a whole harness run of their own: every rejection "
            "check bites, any order passes, the recorded rehearsal and its kit, a failed "
            "rehearsal, Express Desk with a behaviour off, load runs against lossy apps",
            [*PYTEST, *DEALT, "--driver=api,browser", "-m", "long and not conformance"],
        ),
    ],
    [
        Stage(
            "unit",
            "the harness's, the simulator's and the reference service's own tests but the "
            "long ones, and the App Review with both drivers on the embedded contact center",
            [*PYTEST, *DEALT, "--driver=api,browser", "-m", "not long and not conformance"],
        ),
        Stage(
            "load",
            "a bounded load run: a Locust master and two workers, nothing lost or doubled",
            LOAD_RUN,
            pytest=False,
        ),
    ],
    [
        Stage(
            "express-desk",
            "the App Review and the conformance set against examples/express-desk, an "
            "independent Node.js app",
            [*PYTEST, "-n", "2", *EXTERNAL, "--sut-config", EXAMPLE_DESK],
        ),
        Stage(
            "conformance",
            "the conformance set against the embedded contact center",
            [*PYTEST, "features", "-m", "conformance", "--driver=api"],
        ),
        Stage(
            "reference-service",
            "the App Review and the conformance set against the reference service, external",
            [*PYTEST, "-n", "2", *EXTERNAL, "--sut-config", REFERENCE],
        ),
    ],
]


@dataclass
class Outcome:
    stage: Stage
    code: int | None = None
    seconds: float = 0.0
    log: Path = field(default_factory=Path)


class Printer:
    """One stage's output at a time, whole, as each stage ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def say(self, text: str) -> None:
        with self._lock:
            print(text, flush=True)


def run_stage(stage: Stage, extra: list[str], printer: Printer, started: float) -> Outcome:
    log = LOGS / f"{stage.name}.log"
    printer.say(f"== {stage.name} started at {time.monotonic() - started:.0f} s: {stage.what}")
    begin = time.monotonic()
    with log.open("wb") as out:
        done = subprocess.run(
            stage.argv(extra), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=False
        )
    outcome = Outcome(stage, done.returncode, time.monotonic() - begin, log)
    verdict = "green" if done.returncode == 0 else f"RED (exit {done.returncode})"
    text = log.read_text(errors="replace").rstrip()
    printer.say(
        f"\n== {stage.name}: {verdict} in {outcome.seconds:.0f} s ({log.relative_to(ROOT)})\n"
        f"{text}\n== end of {stage.name}\n"
    )
    return outcome


def run_lanes(lanes: list[list[Stage]], extra: list[str]) -> list[Outcome]:
    LOGS.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(ALLURE_RESULTS, ignore_errors=True)  # one run's results, from every stage
    printer, started = Printer(), time.monotonic()
    outcomes: dict[str, Outcome] = {}

    def lane(stages: list[Stage]) -> None:
        for stage in stages:
            outcomes[stage.name] = run_stage(stage, extra, printer, started)

    threads = [threading.Thread(target=lane, args=(stages,)) for stages in lanes if stages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    order = [stage.name for stages in lanes for stage in stages]
    return [outcomes[name] for name in order if name in outcomes]


def summary(outcomes: list[Outcome], wall: float) -> str:
    width = max(len(o.stage.name) for o in outcomes)
    lines = [f"== make test: {len(outcomes)} stages side by side in {wall:.0f} s"]
    for o in outcomes:
        verdict = "green" if o.code == 0 else f"RED (exit {o.code}), see {o.log.relative_to(ROOT)}"
        lines.append(f"   {o.stage.name:<{width}}  {o.seconds:6.0f} s  {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.stages", description=__doc__)
    parser.add_argument("--only", action="append", help="run only this stage (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the stages and stop")
    parser.add_argument("extra", nargs="*", help="options for every pytest stage (after --)")
    args = parser.parse_args(argv)
    known = [stage.name for stages in LANES for stage in stages]
    if args.list:
        print("\n".join(f"{s.name}: {s.what}" for stages in LANES for s in stages))
        return 0
    unknown = sorted(set(args.only or []) - set(known))
    if unknown:
        parser.error(f"unknown stages {unknown}; known: {known}")
    lanes = [[s for s in stages if not args.only or s.name in args.only] for stages in LANES]
    extra = args.extra
    began = time.monotonic()
    outcomes = run_lanes(lanes, extra)
    print(summary(outcomes, time.monotonic() - began), flush=True)
    return 0 if all(o.code == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
