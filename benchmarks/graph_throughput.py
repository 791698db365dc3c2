"""Served Graph API requests/s, as a ratio to a bare Starlette endpoint under the same server.

    .venv/bin/python benchmarks/graph_throughput.py [--seconds 3] [--in-flight 16]
        [--history 100000]

Both apps are served by uvicorn on loopback in this process's threads, loaded by one aiohttp
client with ``--in-flight`` requests at a time (the fastest client measured here). Figures:
a profile read (``GET /{igsid}``) and a Send API call (``POST /me/messages``), each as
requests/s and as a ratio to a bare endpoint of its own shape measured in the same run (a GET
answering a small JSON; a POST reading the same JSON body and answering two ids), the Send
API also against the bare GET; then the same again after ``--history`` more messages are in
the simulator, to show the cost per call does not grow with history. Prints figures, asserts
nothing (timings here are noisy: read the ratios).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures.servers import bind_loopback, served, url_of
from simulator.app import create_app
from simulator.config import SimulatorConfig


async def _bare(request: Any) -> JSONResponse:
    return JSONResponse({"name": "Ana Souza", "username": "ana", "id": "1"})


async def _bare_send(request: Any) -> JSONResponse:
    """The Send API's shape without its rules: read the JSON body, answer two ids."""
    body = await request.json()
    return JSONResponse({"recipient_id": body["recipient"]["id"], "message_id": "m_1"})


def bare_app() -> Starlette:
    return Starlette(
        routes=[Route("/bare", _bare), Route("/bare/messages", _bare_send, methods=["POST"])]
    )


async def load(
    make: Callable[[aiohttp.ClientSession], Any], seconds: float, in_flight: int
) -> float:
    """Requests/s with ``in_flight`` workers for ``seconds``; every answer must be a 200."""
    done = 0
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=in_flight)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                async with make(session) as answer:
                    await answer.read()
                    if answer.status != 200:
                        raise RuntimeError(f"HTTP {answer.status}: {await answer.text()}")
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(in_flight)))
        return done / (time.perf_counter() - started)


def fill_history(sim: Any, user: Any, count: int) -> float:
    """``count`` more messages in the thread, through the simulator itself; seconds taken."""
    started = time.perf_counter()
    for i in range(count):
        if i % 2:
            sim.business_send(user, text=f"answer {i}")
        else:
            sim.send_text(user, f"question {i}")
    return time.perf_counter() - started


def measure(args: argparse.Namespace) -> list[str]:
    # limits far above the load: this measures the server, not Meta's throttling
    config = SimulatorConfig(seed=1, send_rate_per_s=1e9, app_calls_per_hour=10**9)
    sim_sock, bare_sock = bind_loopback(), bind_loopback()
    sim_app = create_app(config)  # nothing is subscribed: no webhook goes out
    sim = sim_app.state.sim
    user = sim.create_user()
    sim.send_text(user, "hello")
    token = sim.business.access_token
    headers = {"Authorization": f"Bearer {token}"}
    lines = []
    with served(sim_app, sim_sock, name="simulator"), served(bare_app(), bare_sock, name="bare"):
        sim_url, bare_url = url_of(sim_sock), url_of(bare_sock)
        body = {"recipient": {"id": user.igsid}, "message": {"text": "Thanks!"}}

        def profile(s: aiohttp.ClientSession) -> Any:
            return s.get(
                f"{sim_url}/graph/v25.0/{user.igsid}?fields=name,username", headers=headers
            )

        def send(s: aiohttp.ClientSession) -> Any:
            return s.post(f"{sim_url}/graph/v25.0/me/messages", json=body, headers=headers)

        def bare(s: aiohttp.ClientSession) -> Any:
            return s.get(f"{bare_url}/bare")

        def bare_send(s: aiohttp.ClientSession) -> Any:
            return s.post(f"{bare_url}/bare/messages", json=body)

        def round_of(label: str) -> None:
            bare_get = asyncio.run(load(bare, args.seconds, args.in_flight))
            bare_post = asyncio.run(load(bare_send, args.seconds, args.in_flight))
            for name, make, base in (
                ("profile read", profile, bare_get),
                ("Send API", send, bare_post),
            ):
                rate = asyncio.run(load(make, args.seconds, args.in_flight))
                lines.append(
                    f"{label:<22} {name:<13} {rate:8.0f} req/s   ratio to bare Starlette "
                    f"{rate / base:5.2f}   (bare {base:.0f} req/s; x{rate / bare_get:.2f} of "
                    "the bare GET)"
                )

        round_of("fresh")
        filled = fill_history(sim, user, args.history)
        # the burst's objects are collected now, as a simulator that gathered its history over
        # time has done along the way (else the first full collection lands in the figure)
        gc.collect()
        lines.append(f"history: {args.history} more messages added in {filled:.1f} s")
        round_of(f"after {args.history} msgs")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--in-flight", type=int, default=16)
    parser.add_argument("--history", type=int, default=100_000)
    args = parser.parse_args()
    print(f"graph_throughput: {args.in_flight} in flight, {args.seconds} s per figure")
    for line in measure(args):
        print(line, flush=True)


if __name__ == "__main__":
    main()
