"""Meta's delivery log as the simulator's control API pages it, and waiting until every
message of the run reached a verdict there (delivered, or given up as not deliverable)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import httpx

from simulator.contract import control as api
from simulator.contract.control_client import Control

PAGE = 1000


def deliveries(sim: httpx.Client) -> list[dict[str, Any]]:
    """Every logged attempt, oldest first (``after``/``limit`` paging)."""
    out: list[dict[str, Any]] = []
    after = 0
    while True:
        answer = Control(sim).call(api.DELIVERIES, params={"after": after, "limit": PAGE})
        page = answer.raise_for_status().json()
        out += page
        if len(page) < PAGE:
            return out
        after = int(answer.headers.get("X-Next-After", after + len(page)))


def wait_delivered(sim: httpx.Client, mids: Iterable[str], timeout: float) -> list[str]:
    """Wait (on the control API's delivery events, long-polled) until each mid has a delivered or
    not_delivered attempt and every failed attempt has been tried again (a reaction's or an
    unsend's retry too); answer what is still open when ``timeout`` ran out."""
    waiting = set(mids)
    retries_due: set[tuple[tuple[str, ...], int]] = set()  # (the body's mids, next attempt)
    deadline = time.monotonic() + timeout
    seq = 0
    while waiting or retries_due:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        data = Control(sim).events(after=seq, types=("delivery",), timeout=min(2.0, left))
        for event in data["events"]:
            entry = event["data"]
            body = tuple(entry["event_mids"])
            retries_due.discard((body, entry["attempt"]))
            if entry["outcome"] == "failed":
                retries_due.add((body, entry["attempt"] + 1))
            else:
                waiting.difference_update(body)
        seq = data["last_seq"]
    return sorted(waiting | {mid for body, _ in retries_due for mid in body})


def message_timestamps(sim: httpx.Client) -> dict[str, int]:
    """Each message's ``timestamp`` (Meta's clock, ms) from the ``thread.message`` events,
    for actions whose control-API answer does not carry it (a story's mention)."""
    out: dict[str, int] = {}
    seq = 0
    while True:
        data = Control(sim).events(after=seq, types=("thread.message",), limit=PAGE)
        for event in data["events"]:
            out.setdefault(event["data"]["mid"], event["data"]["timestamp"])
        if len(data["events"]) < PAGE:
            return out
        seq = data["last_seq"]
