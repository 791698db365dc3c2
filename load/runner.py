"""One load run end to end: start the stack, run Locust, let Meta and the app finish, read
the app back, and work out the summary (``load.results``)."""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx

from load import results
from load.console import AcknowledgedByApp, KeptAtUrl, ReferenceConsole
from load.journal import read_all
from load.locust_procs import LocustRun, run_locust
from load.meta_log import deliveries, message_timestamps, wait_delivered
from load.stack import LoadStack, load_sut, started
from load.target import Target

DRAIN_S = 30.0  # Meta's queue and the app's worker get this long after the last action


@dataclass(frozen=True)
class Options:
    mode: str = "sim"
    users: int = 8
    seconds: float = 30.0
    workers: int = 2
    rate_per_user: float = 4.0
    max_actions_per_user: int = 200
    sut_config: Path | None = None
    sut_url: str | None = None
    callback_url: str | None = None
    kept_url: str | None = None
    seed: int = 0
    out: Path | None = None


def run(options: Options) -> results.Summary:
    run_dir = options.out or Path(tempfile.mkdtemp(prefix="load-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    for old in run_dir.glob("journal-*.jsonl"):
        old.unlink()
    sut = load_sut(options.sut_config)
    with started(run_dir, sut, options.seed, options.sut_url, options.callback_url) as stack:
        console = _console(stack, options)
        try:
            started_at = time.monotonic()
            target = _target(stack, options, run_dir)
            locust = LocustRun(options.mode, options.users, options.seconds, options.workers)
            run_locust(locust, target.save(run_dir / "target.json"), run_dir)
            elapsed = time.monotonic() - started_at
            journal = list(read_all(run_dir))
            summary = _summarise(stack, options, console, journal, elapsed)
        finally:
            if console is not None:
                console.close()
    (run_dir / "summary.json").write_text(json.dumps(summary.as_dict(), indent=1))
    return summary


def _console(stack: LoadStack, options: Options) -> ReferenceConsole | None:
    if options.kept_url or stack.sut.console.driver != "reference":
        return None
    agent = stack.sut.agent
    console = ReferenceConsole(stack.app_url, agent.login, agent.password)
    if options.users > console.positions:  # the rest would wait in the queue, unseen
        console.close()
        raise ValueError(
            f"{options.users} users need {options.users} conversations, but the agent "
            f"{agent.login!r} holds {console.positions} at once: use --users "
            f"{console.positions} or fewer"
        )
    return console.start()


def _target(stack: LoadStack, options: Options, run_dir: Path) -> Target:
    business = stack.state["business"]
    return Target(
        mode=options.mode,
        simulator_url=stack.simulator_url,
        callback_url=stack.callback_url,
        app_secret=stack.state["app"]["secret"],
        ig_id=business["ig_id"],
        business_username=business["username"],
        run_dir=str(run_dir),
        rate_per_user=options.rate_per_user,
        max_actions_per_user=options.max_actions_per_user,
        users=options.users,
    )


def _summarise(
    stack: LoadStack,
    options: Options,
    console: ReferenceConsole | None,
    journal: list[dict],
    elapsed: float,
) -> results.Summary:
    notes: list[str] = []
    sent = results.message_mids(journal)
    with httpx.Client(base_url=stack.simulator_url, timeout=30.0, trust_env=False) as sim:
        if options.mode == "sim":
            open_mids = wait_delivered(sim, sent, DRAIN_S)
            if open_mids:
                notes.append(
                    f"{len(open_mids)} messages had no verdict from Meta after "
                    f"{DRAIN_S:g} s (still being retried)"
                )
            log = deliveries(sim)
            stamps = message_timestamps(sim)
            for record in journal:
                if record.get("meta_ms") is None and record.get("mid") in stamps:
                    record["meta_ms"] = stamps[record["mid"]]
            counts = results.DeliveryCounts.of(log)
            ack = results.Latency.of(results.delivery_latencies_ms(journal, log))
        else:
            log = [r for r in journal]
            counts = results.DeliveryCounts.of_direct(journal)
            ack = results.Latency.of([r["ack_ms"] for r in journal if r.get("ack_ms") is not None])
    if console is not None and not console.settle(DRAIN_S):
        notes.append(f"the app still had webhook bodies to handle after {DRAIN_S:g} s")
    kept_url = options.kept_url and urljoin(stack.app_url, options.kept_url)
    kept_source = KeptAtUrl(kept_url) if kept_url else console or AcknowledgedByApp(log)
    if console is None and not options.kept_url:
        notes.append("no readback for this app: kept = acknowledged with a 200")
    accounting = results.Accounting.of(sent, kept_source.kept_mids())
    shown = results.Latency.of(
        results.shown_latencies_ms(journal, console.shown_at if console else {})
    )
    if console is not None:
        kept = set(sent) - set(accounting.lost_mids)
        unseen = sorted(kept - console.shown_at.keys())
        if unseen:
            notes.append(
                f"{len(unseen)} kept messages never reached the agent's console: "
                f"{', '.join(unseen[:5])}; the console's events: {'; '.join(console.seen[-40:])}"
            )
    return results.Summary(
        mode=options.mode,
        seconds=elapsed,
        users=options.users,
        workers=options.workers,
        actions=dict(Counter(r["kind"] for r in journal)),
        delivery=counts,
        ack=ack,
        shown=shown,
        accounting=accounting,
        notes=notes,
    )
