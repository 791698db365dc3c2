"""``python -m benchmarks`` turns each script's output into its one line; a script whose
output changed shape must fail loudly there, not print an empty line."""

from __future__ import annotations

from benchmarks.__main__ import BENCHES, _dispatcher, _ingest, _load

DISPATCHER = """dispatcher_throughput: 3000 messages, best of 1 rounds
in flight   1: dispatcher    5262 msgs/s   raw aiohttp    4872 bodies/s   ratio  1.08
in flight   8: dispatcher    6949 msgs/s   raw aiohttp   11981 bodies/s   ratio  0.58
"""
INGEST = """graph   0 ms: service   4343 bodies/s (ratio 0.42 to the bare endpoint's 10359); 200 \
after p50 3.1 ms, p99 11.5 ms (bare 3.0 ms, ratio 3.84), max 15 ms; every body handled 0.4 s
  soak: 20000 more messages, service RSS every 10000:
      10000 messages: RSS   66.9 MB,  2025 bodies/s, p99 39.4 ms
      20000 messages: RSS   67.0 MB,  1867 bodies/s, p99 27.3 ms
  RSS grew +0.1 MB over the soak
"""
LOAD = """load run (sim mode): 8 users on 2 workers, 33.7 s
  actions      960 (dm 524, reaction 97)
  deliveries   960, failures 0, retries 0
  ack latency  p50 4.0 ms, p95 17.0 ms, p99 78.0 ms (Meta's send to 200, 702 samples)
  messages     sent 773 = kept 770 + lost 3; duplicated 1
"""


def test_each_script_output_gives_its_line() -> None:
    assert _dispatcher(DISPATCHER) == (
        "1 in flight: 5262 msgs/s, x1.08 of raw aiohttp; "
        "8 in flight: 6949 msgs/s, x0.58 of raw aiohttp"
    )
    assert _ingest(INGEST) == (
        "Graph 0 ms: 4343 bodies/s (x0.42 of bare), p99 11.5 ms (x3.84); "
        "soak 20000 msgs: RSS 67.0 MB (+0.1 MB)"
    )
    assert _load(LOAD) == (
        "960 actions, 960 deliveries, 0 failures, 0 retries, ack p50 4.0 ms p99 78.0 ms; "
        "sent 773 = kept 770 + lost 3, 1 duplicated"
    )


def test_unexpected_output_gives_no_line() -> None:
    for bench in BENCHES:
        assert bench.line("Traceback (most recent call last):\n") == "", bench.name
