"""``python -m benchmarks``: every benchmark of the project, one line each (``make
benchmarks``). By default each runs in a short mode (fewer messages, seconds and rounds:
about three minutes in all on 2 cores); ``--full`` runs each as its own defaults say, plus
the 100k-message soak. ``--only NAME`` picks some. Figures are printed, never asserted;
benchmarks/README.md keeps the latest of each, with the machine and date."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 1800


@dataclass(frozen=True)
class Bench:
    name: str
    command: list[str]  # after the interpreter
    short: list[str]
    full: list[str]
    line: Callable[[str], str]  # the one line, from the script's output


def _grab(pattern: str, text: str) -> list[re.Match[str]]:
    return list(re.finditer(pattern, text, re.M))


def _rows(pattern: str, template: str) -> Callable[[str], str]:
    """A line of one ``template`` per match of ``pattern`` (its groups as ``{0}``...)."""
    return lambda out: "; ".join(template.format(*m.groups()) for m in _grab(pattern, out))


_graph = _rows(
    r"^(fresh|after \d+ msgs)\s+(profile read|Send API)\s+(\d+) req/s\s+ratio to "
    r"bare Starlette\s+([\d.]+)",
    "{1} ({0}) {2} req/s, x{3} of bare Starlette",
)
_dispatcher = _rows(
    r"in flight\s+(\d+): dispatcher\s+(\d+) msgs/s\s+raw aiohttp\s+(\d+) "
    r"bodies/s\s+ratio\s+([\d.]+)",
    "{0} in flight: {1} msgs/s, x{3} of raw aiohttp",
)


def _ingest(out: str) -> str:
    rows = _grab(
        r"graph\s+(\d+) ms: service\s+(\d+) bodies/s \(ratio ([\d.]+).*?p99 "
        r"([\d.]+) ms \(bare [\d.]+ ms, ratio ([\d.]+)\)",
        out,
    )
    parts = [
        f"Graph {m[1]} ms: {m[2]} bodies/s (x{m[3]} of bare), p99 {m[4]} ms (x{m[5]})" for m in rows
    ]
    soak = _grab(r"RSS grew ([+-][\d.]+) MB over the soak", out)
    first = _grab(r"^\s+(\d+) messages: RSS\s+([\d.]+) MB", out)
    if soak and first:
        parts.append(f"soak {first[-1][1]} msgs: RSS {first[-1][2]} MB ({soak[-1][1]} MB)")
    return "; ".join(parts)


def _conformance(out: str) -> str:
    head = _grab(r"(\d+) scenarios, (\d+) failed", out)
    best = _grab(r"best of \d+: ([\d.]+) s \((\d+) ms a scenario\)", out)
    ratio = _grab(r"ratio ([\d.]+)$", out)
    if not (head and best and ratio):
        return ""
    return (
        f"{head[0][1]} scenarios ({head[0][2]} failed) in {best[0][1]} s, "
        f"{best[0][2]} ms a scenario, x{ratio[-1][1]} of bare pytest"
    )


def _review(out: str) -> str:
    wall = _grab(r"^whole pytest run \(wall\)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", out)
    if not wall:
        return ""
    return f"api {wall[0][1]} s, browser {wall[0][2]} s: browser x{wall[0][3]} of api"


def _load(out: str) -> str:
    acts = _grab(r"^\s+actions\s+(\d+)", out)
    hooks = _grab(r"deliveries\s+(\d+), failures (\d+), retries (\d+)", out)
    ack = _grab(r"ack latency\s+p50 ([\d.]+) ms, p95 [\d.]+ ms, p99 ([\d.]+) ms", out)
    books = _grab(r"sent (\d+) = kept (\d+) \+ lost (\d+); duplicated (\d+)", out)
    if not (acts and hooks and books):
        return ""
    h, b = hooks[0], books[0]
    line = f"{acts[0][1]} actions, {h[1]} deliveries, {h[2]} failures, {h[3]} retries"
    if ack:
        line += f", ack p50 {ack[0][1]} ms p99 {ack[0][2]} ms"
    return line + f"; sent {b[1]} = kept {b[2]} + lost {b[3]}, {b[4]} duplicated"


BENCHES = [
    Bench(
        "graph_throughput",
        ["benchmarks/graph_throughput.py"],
        ["--seconds", "1", "--history", "20000"],
        [],
        _graph,
    ),
    Bench(
        "dispatcher_throughput",
        ["benchmarks/dispatcher_throughput.py"],
        ["--messages", "3000", "--rounds", "1"],
        [],
        _dispatcher,
    ),
    Bench(
        "webhook_ingest",
        ["benchmarks/webhook_ingest.py"],
        ["--bodies", "2000", "--rounds", "1", "--soak", "10000"],
        ["--soak", "100000"],
        _ingest,
    ),
    Bench(
        "conformance_suite",
        ["benchmarks/conformance_suite.py"],
        ["--rounds", "1"],
        [],
        _conformance,
    ),
    Bench("review_flow", ["benchmarks/review_flow.py"], ["--rounds", "1"], [], _review),
    Bench("load (make load)", ["-m", "load"], ["--seconds", "5"], ["--seconds", "30"], _load),
]


def run(bench: Bench, full: bool) -> str:
    command = [sys.executable, *bench.command, *(bench.full if full else bench.short)]
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return f"did not finish within {TIMEOUT_S} s"
    took = time.monotonic() - started
    line = bench.line(done.stdout) if done.returncode == 0 else ""
    if not line:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return f"FAILED (exit {done.returncode}, {took:.0f} s): {tail[0]}"
    return f"{line}  [{took:.0f} s]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--full", action="store_true", help="each benchmark's own defaults")
    parser.add_argument("--only", action="append", choices=[b.name for b in BENCHES])
    args = parser.parse_args(argv)
    failed = False
    for bench in BENCHES:
        if args.only and bench.name not in args.only:
            continue
        line = run(bench, args.full)
        failed |= line.startswith(("FAILED", "did not"))
        print(f"{bench.name}: {line}", flush=True)
    if not args.only:
        print("make test (cold, fresh clone): not run here (minutes); see benchmarks/README.md")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
