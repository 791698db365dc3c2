"""Served Graph API requests/s, as a ratio to a bare Starlette endpoint under the same server.

    .venv/bin/python benchmarks/graph_throughput.py [--seconds 3] [--in-flight 16]
        [--history 100000]

Each app is served by uvicorn on loopback in a process of its own (as the simulator runs),
loaded by one aiohttp client in this process with ``--in-flight`` requests at a time (the
fastest client measured here). Figures:
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
import multiprocessing
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
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

STARTUP_S = 30.0  # a server process answers in about a second


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


def _serve_simulator(sock: socket.socket, commands: Connection) -> None:
    """The simulator's process: a user with one message, then served; ``fill N`` over the
    pipe adds history between rounds (answered with the seconds it took)."""
    # limits far above the load: this measures the server, not Meta's throttling
    config = SimulatorConfig(seed=1, send_rate_per_s=1e9, app_calls_per_hour=10**9)
    app = create_app(config)  # nothing is subscribed: no webhook goes out
    sim = app.state.sim
    user = sim.create_user()
    sim.send_text(user, "hello")
    with served(app, sock, name="simulator"):
        commands.send({"igsid": user.igsid, "token": sim.business.access_token})
        while (command := commands.recv()) is not None:
            filled = fill_history(sim, user, int(command))
            # the burst's objects are collected now, as a simulator that gathered its history
            # over time has done along the way (else the first full collection lands in a figure)
            gc.collect()
            commands.send(filled)


def _serve_bare(sock: socket.socket, commands: Connection) -> None:
    with served(bare_app(), sock, name="bare"):
        commands.send({})
        commands.recv()


@contextmanager
def process_serving(
    target: Callable[[socket.socket, Connection], None],
) -> Iterator[tuple[str, Connection, dict[str, str]]]:
    """``target`` serving in a process of its own (as ``python -m simulator serve`` runs):
    its URL, its command pipe and what it said once ready."""
    sock = bind_loopback()
    ours, theirs = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(
        target=target, args=(sock, theirs), daemon=True
    )
    process.start()
    try:
        if not ours.poll(STARTUP_S):
            raise RuntimeError(f"{target.__name__} did not start within {STARTUP_S} s")
        yield url_of(sock), ours, ours.recv()
    finally:
        ours.send(None)
        process.join(STARTUP_S)
        if process.is_alive():
            process.kill()
        sock.close()


def measure(args: argparse.Namespace) -> list[str]:
    lines = []
    with (
        process_serving(_serve_simulator) as (sim_url, sim, ready),
        process_serving(_serve_bare) as (bare_url, _, _),
    ):
        headers = {"Authorization": f"Bearer {ready['token']}"}
        body = {"recipient": {"id": ready["igsid"]}, "message": {"text": "Thanks!"}}

        def profile(s: aiohttp.ClientSession) -> Any:
            return s.get(
                f"{sim_url}/graph/v25.0/{ready['igsid']}?fields=name,username", headers=headers
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
        sim.send(args.history)
        filled = sim.recv()
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
