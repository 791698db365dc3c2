"""The arithmetic of a load run: what was sent against what Meta delivered and the system
under test kept. Pure functions over plain records, so the figures are unit-tested."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

# actions that put a new message (a new mid) into the thread; the others act on one
MESSAGE_KINDS = frozenset({"dm", "story_mention", "story_reply", "reply"})


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile (``pct`` in 0..100); None for no values."""
    if not values:
        return None
    if not 0 <= pct <= 100:
        raise ValueError(f"a percentile is between 0 and 100, not {pct}")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Latency:
    """p50/p95/p99 in milliseconds over ``samples`` values."""

    samples: int
    p50: float | None
    p95: float | None
    p99: float | None

    @classmethod
    def of(cls, values: Sequence[float]) -> Latency:
        return cls(len(values), *(percentile(values, p) for p in (50, 95, 99)))

    def describe(self) -> str:
        if not self.samples:
            return "n/a"
        return f"p50 {self.p50:.1f} ms, p95 {self.p95:.1f} ms, p99 {self.p99:.1f} ms"


@dataclass(frozen=True)
class Accounting:
    """Messages sent against what the system under test kept: ``sent == kept + lost``;
    ``duplicated`` counts extra copies of a kept message (a mid kept twice is 1)."""

    sent: int
    kept: int
    lost: int
    duplicated: int
    lost_mids: tuple[str, ...] = ()  # all of them, sorted

    @classmethod
    def of(cls, sent_mids: Iterable[str], kept_mids: Iterable[str]) -> Accounting:
        sent = set(sent_mids)
        copies = Counter(mid for mid in kept_mids if mid in sent)  # the app's own mids aside
        lost = sorted(sent - copies.keys())
        duplicated = sum(count - 1 for count in copies.values())
        return cls(len(sent), len(copies), len(lost), duplicated, tuple(lost))


@dataclass(frozen=True)
class DeliveryCounts:
    """From Meta's delivery log: attempts answered 200, failed attempts (non-200, timeouts),
    retries (attempts after the first), and events Meta never sent (``not_delivered``: a
    field the account is not subscribed to, a user without a role in development mode)."""

    deliveries: int
    failures: int
    retries: int
    not_sent: int = 0

    @classmethod
    def of(cls, log: Iterable[Mapping[str, Any]]) -> DeliveryCounts:
        outcomes: Counter[str] = Counter()
        retried = 0
        for entry in log:
            outcomes[entry["outcome"]] += 1
            if entry.get("attempt", 0) > 1:
                retried += 1
        return cls(outcomes["delivered"], outcomes["failed"], retried, outcomes["not_delivered"])

    @classmethod
    def of_direct(cls, journal: Iterable[Mapping[str, Any]]) -> DeliveryCounts:
        """Direct mode: each POST the workers made is one attempt, never retried."""
        posts = [r for r in journal if "ack_ms" in r]
        ok = sum(1 for r in posts if r.get("status") == 200)
        return cls(ok, len(posts) - ok, 0)


def message_mids(journal: Iterable[Mapping[str, Any]]) -> list[str]:
    """The mids of new messages the users sent (accepted by Meta's side, or POSTed)."""
    return [r["mid"] for r in journal if r["kind"] in MESSAGE_KINDS and r.get("mid")]


def delivery_latencies_ms(
    journal: Iterable[Mapping[str, Any]], log: Iterable[Mapping[str, Any]]
) -> list[float]:
    """Simulated mode: Meta's time from a message's ``timestamp`` to the 200 of its first
    delivered attempt, both on Meta's clock (the dispatcher's queue included)."""
    sent_at = {
        r["mid"]: r["meta_ms"]
        for r in journal
        if r["kind"] in MESSAGE_KINDS and r.get("meta_ms") is not None
    }
    out: list[float] = []
    for entry in log:
        if entry["outcome"] != "delivered":
            continue
        for mid in entry["event_mids"]:
            if mid in sent_at:
                out.append(float(entry["at"] - sent_at.pop(mid)))
    return out


def shown_latencies_ms(
    journal: Iterable[Mapping[str, Any]], shown_at: Mapping[str, float]
) -> list[float]:
    """From the user's action (wall clock, s) to the agent's console showing the message."""
    return [
        (shown_at[r["mid"]] - r["sent_at"]) * 1000
        for r in journal
        if r["kind"] in MESSAGE_KINDS and r.get("mid") in shown_at
    ]


@dataclass(frozen=True)
class Summary:
    mode: str
    seconds: float
    users: int
    workers: int
    actions: dict[str, int]
    delivery: DeliveryCounts
    ack: Latency
    shown: Latency
    accounting: Accounting
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        acts = ", ".join(f"{kind} {n}" for kind, n in sorted(self.actions.items()))
        ack_what = "webhook POST to 200" if self.mode == "direct" else "Meta's send to 200"
        a = self.accounting
        out = [
            f"load run ({self.mode} mode): {self.users} users on {self.workers or 1} "
            f"{'worker' if self.workers <= 1 else 'workers'}, {self.seconds:.1f} s",
            f"  actions      {sum(self.actions.values())} ({acts})",
            f"  deliveries   {self.delivery.deliveries}, failures {self.delivery.failures}, "
            f"retries {self.delivery.retries}"
            + (f", not sent {self.delivery.not_sent}" if self.delivery.not_sent else ""),
            f"  ack latency  {self.ack.describe()} ({ack_what}, {self.ack.samples} samples)",
            f"  shown        {self.shown.describe()} (action to the agent's console, "
            f"{self.shown.samples} samples)",
            f"  messages     sent {a.sent} = kept {a.kept} + lost {a.lost}; "
            f"duplicated {a.duplicated}",
        ]
        if a.lost_mids:
            shown = ", ".join(f"{mid[:12]}..{mid[-8:]}" for mid in a.lost_mids[:3])
            out.append(f"  lost (first) {shown} (all in summary.json)")
        out += [f"  note: {note}" for note in self.notes]
        return out
