"""The simulator's logs keep the newest entries: memory and cost stay flat over a long run."""

from __future__ import annotations

import pytest

from simulator.config import SimulatorConfig
from simulator.events import EventLog
from simulator.service import Simulator
from simulator.state.logs import BoundedList

pytestmark = pytest.mark.simulator_only


def test_a_bounded_list_keeps_the_newest_and_counts_what_it_dropped() -> None:
    log: BoundedList[int] = BoundedList(3)
    for i in range(10):
        log.append(i)
    assert list(log)[-3:] == [7, 8, 9] and len(log) <= 6
    assert log.dropped + len(log) == 10
    with pytest.raises(ValueError):
        BoundedList(0)


def test_the_event_log_reads_after_a_seq_without_scanning_its_past() -> None:
    log = EventLog(limit=100)
    for i in range(5_000):
        log.append("graph.call", {"i": i})
    assert log.last_seq == 5_000
    [newest] = log.after(4_999)
    assert newest.data == {"i": 4_999}
    kept = log.after(0)
    assert 100 <= len(kept) <= 200 and kept[-1].seq == 5_000
    assert [e.seq for e in kept] == list(range(kept[0].seq, 5_001))  # contiguous, no gaps


def test_a_long_run_keeps_only_the_newest_deliveries_and_graph_calls() -> None:
    sim = Simulator(SimulatorConfig(seed=1, log_limit=50))
    user = sim.create_user()
    for i in range(400):  # no subscription: each one is a not_delivered entry
        sim.send_text(user, f"hi {i}")
    assert len(sim.deliveries.all()) <= 100
    assert sim.deliveries.all()[-1].event_mids == [sim.thread(user)[-1].mid]
    assert sim.last_user_message_ms(user) == sim.thread(user)[-1].timestamp
