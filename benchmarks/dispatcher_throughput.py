"""Webhooks delivered per second by the simulator's dispatcher, as a ratio to a raw aiohttp loop
posting the same signed bodies to the same receiver, measured side by side in one run.

    .venv/bin/python benchmarks/dispatcher_throughput.py [--messages 20000] [--in-flight 1,8]
        [--rounds 3]

The receiver is a bare aiohttp server in its own process on 127.0.0.1 (it answers 200, as an
app should). For each ``--in-flight`` value (the dispatcher's ``max_in_flight`` knob; the raw
loop runs as many workers):

- **raw**: ``--messages`` bodies serialized and signed beforehand, POSTed by one aiohttp
  session with that many workers;
- **dispatcher**: the same number of user messages sent through the simulator (``send_text``:
  a message in the thread, its event, the queue), each delivered by the dispatcher (serialize,
  sign, POST, check the answer, log the attempt): from the first send to the last delivery.

Rounds alternate raw and dispatcher and the best of each is kept (this machine is noisy).
Prints figures, asserts nothing. The issue's bar: a ratio of at least 0.8.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures.servers import bind_loopback
from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.contract import control as api
from simulator.contract.signing import serialize, signature_headers
from simulator.contract.webhooks import envelope, message, messaging_event

RECEIVED = web.Response(text="EVENT_RECEIVED")


def _receiver(port: int, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    async def webhook(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(text="EVENT_RECEIVED")

    async def handshake(request: web.Request) -> web.Response:  # Meta's verification GET [GS]
        return web.Response(text=request.query.get("hub.challenge", ""))

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    app.router.add_get("/webhook", handshake)

    async def serve() -> None:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(serve())


def start_receiver() -> tuple[multiprocessing.Process, str]:
    sock = bind_loopback()
    port = sock.getsockname()[1]
    sock.close()  # the receiver's own process binds it
    ready = multiprocessing.get_context("spawn").Event()
    process = multiprocessing.get_context("spawn").Process(
        target=_receiver, args=(port, ready), daemon=True
    )
    process.start()
    if not ready.wait(30):
        raise RuntimeError("the receiver did not start")
    return process, f"http://127.0.0.1:{port}/webhook"


async def raw(url: str, bodies: list[tuple[bytes, dict[str, str]]], in_flight: int) -> float:
    """Bodies/s posted by ``in_flight`` workers on one aiohttp session."""
    queue = iter(bodies)
    connector = aiohttp.TCPConnector(limit=in_flight)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            for body, headers in queue:
                async with session.post(url, data=body, headers=headers) as answer:
                    await answer.read()
                    if answer.status != 200:
                        raise RuntimeError(f"HTTP {answer.status}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(in_flight)))
        return len(bodies) / (time.perf_counter() - started)


def signed_bodies(count: int, secret: str) -> list[tuple[bytes, dict[str, str]]]:
    """What Meta POSTs for ``count`` one-event messages, serialized and signed up front."""
    out = []
    for i in range(count):
        event = messaging_event("1234567890123456", "17841400000000001", 1718000000000 + i,
                                message(f"mid.{i}", text=f"question {i}"))  # fmt: skip
        body = serialize(envelope("17841400000000001", 1718000000000 + i, [event]))
        headers = {"Content-Type": "application/json", "User-Agent": "facebookexternalua"}
        out.append((body, headers | signature_headers(secret, body, ("sha256", "sha1"))))
    return out


async def subscribe(app: Any, url: str) -> None:
    """The callback saved and the account subscribed, as a developer does: Graph API calls,
    Meta's verification handshake against the receiver."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://simulator") as graph:
        state = (await graph.get(api.STATE.path())).raise_for_status().json()
        version, meta_app = state["graph_version"], state["app"]
        saved = await graph.post(f"/graph/{version}/{meta_app['id']}/subscriptions", params={
            "object": "instagram", "callback_url": url, "fields": "messages",
            "verify_token": "v", "access_token": meta_app["app_token"],
        })  # fmt: skip
        saved.raise_for_status()
        token = state["business"]["access_token"]
        subscribed = await graph.post(f"/graph/{version}/me/subscribed_apps", params={
            "subscribed_fields": "messages", "access_token": token,
        })  # fmt: skip
        subscribed.raise_for_status()


async def dispatched(url: str, count: int, in_flight: int) -> float:
    """User messages/s from the first ``send_text`` to the last delivery recorded."""
    config = SimulatorConfig(seed=1, max_in_flight=in_flight, app_mode="live")
    app = create_app(config)
    sim = app.state.sim
    async with app.router.lifespan_context(app):
        await subscribe(app, url)
        user = sim.create_user()
        seq = sim.events.last_seq
        started = time.perf_counter()
        for i in range(count):
            sim.send_text(user, f"question {i}")
        delivered = 0
        while delivered < count:
            batch = await sim.events.wait_after(seq, 30.0, ("delivery",))
            if not batch:
                raise RuntimeError(f"stalled after {delivered} deliveries")
            seq = batch[-1].seq
            for event in batch:
                if event.data["outcome"] != "delivered":
                    raise RuntimeError(f"a delivery failed: {event.data['error']}")
                delivered += 1
        return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--in-flight", default="1,8")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    process, url = start_receiver()
    try:
        bodies = signed_bodies(args.messages, "benchmark-secret")
        print(f"dispatcher_throughput: {args.messages} messages, best of {args.rounds} rounds")
        for in_flight in (int(n) for n in args.in_flight.split(",")):
            best_raw = best_sim = 0.0
            for _ in range(args.rounds):
                best_raw = max(best_raw, asyncio.run(raw(url, bodies, in_flight)))
                best_sim = max(best_sim, asyncio.run(dispatched(url, args.messages, in_flight)))
            print(
                f"in flight {in_flight:>3}: dispatcher {best_sim:7.0f} msgs/s   raw aiohttp "
                f"{best_raw:7.0f} bodies/s   ratio {best_sim / best_raw:5.2f}",
                flush=True,
            )
    finally:
        process.kill()


if __name__ == "__main__":
    main()
