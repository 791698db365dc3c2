"""Signed webhook POSTs the reference service accepts per second, and how long Meta waits for
each 200, as ratios to a bare endpoint on the same server stack, measured side by side.

    .venv/bin/python benchmarks/webhook_ingest.py [--bodies 5000] [--in-flight 16]
        [--graph-delay-ms 0,200] [--rounds 2] [--soak 0]

Processes on 127.0.0.1: a Graph stand-in (aiohttp; each profile read answers after
``--graph-delay-ms``), the **baseline** (a bare Starlette endpoint under the same uvicorn
settings that reads the body and answers 200) and the **service** (``routing_service`` with
a SQLite file in a temporary folder). The load is one aiohttp session with ``--in-flight``
workers posting bodies signed beforehand: one event each, ten messages per sender, so one
body in ten opens a conversation and needs a profile read.

Printed per Graph delay: accepted bodies/s, p50/p99/max time to the 200, each with its ratio
to the baseline of the same round; then the time until every stored body was handled
(``/healthz`` pending 0). ``--soak N`` then posts N more messages and prints the service's
RSS every N/10: flat memory means the cost does not grow with history; ``--login-flood N``
runs the load again beside N wrong-password logins at a time. Asserts nothing. The
issue's bar: >= 1,000 bodies/s and p99 <= 50 ms with 16 in flight, also with a 200 ms Graph.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import multiprocessing
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures.servers import bind_loopback

SECRET = "benchmark-app-secret"
IG_ID = "17841400000000001"


def _free_port() -> int:
    sock = bind_loopback()
    port = sock.getsockname()[1]
    sock.close()
    return port


def _graph(port: int, delay_ms: int, ready: object) -> None:
    async def profile(request: web.Request) -> web.Response:
        await asyncio.sleep(delay_ms / 1000)
        igsid = request.match_info["igsid"]
        return web.json_response({"id": igsid, "name": f"User {igsid}", "username": f"u{igsid}"})

    app = web.Application()
    app.router.add_get("/v25.0/{igsid}", profile)

    async def serve() -> None:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        ready.set()  # type: ignore[attr-defined]
        await asyncio.Event().wait()

    asyncio.run(serve())


def _baseline(port: int) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def receive(request: Request) -> JSONResponse:
        await request.body()
        return JSONResponse({"received": 1})

    async def health(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "webhooks": {"pending": 0}})

    app = Starlette(
        routes=[
            Route("/webhooks/instagram", receive, methods=["POST"]),
            Route("/healthz", health, methods=["GET"]),
        ]
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def _service(port: int, graph_url: str, database: str) -> None:
    import uvicorn

    from routing_service.app import create_app
    from routing_service.settings import Settings

    settings = Settings(
        access_token="IGAA-benchmark", app_secret=SECRET, verify_token="v",
        graph_base_url=graph_url, database=database,
    )  # fmt: skip
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning")


def _start(target: object, *args: object) -> multiprocessing.Process:
    process = multiprocessing.get_context("spawn").Process(target=target, args=args, daemon=True)
    process.start()
    return process


async def _until_up(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(300):  # 30 s at most
            try:
                async with session.get(f"{url}/healthz") as answer:
                    if answer.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


def signed_bodies(count: int, first: int = 0) -> list[tuple[bytes, dict[str, str]]]:
    """``count`` one-message bodies as Meta signs them; ten messages per sender."""
    out = []
    for i in range(first, first + count):
        event = {"sender": {"id": str(10**15 + i // 10)}, "recipient": {"id": IG_ID},
                 "timestamp": 1_718_000_000_000 + i, "message": {"mid": f"m.{i}",
                 "text": f"Hello, is my order {i} on its way?"}}  # fmt: skip
        body = json.dumps(
            {"object": "instagram", "entry": [{"id": IG_ID, "time": 1_718_000_000_000 + i,
             "messaging": [event]}]}, separators=(",", ":"),
        ).encode()  # fmt: skip
        digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={digest}"}
        out.append((body, headers))
    return out


async def load(url: str, bodies: list[tuple[bytes, dict[str, str]]], in_flight: int) -> dict:
    """Bodies/s and the time to each 200 (ms)."""
    queue = iter(bodies)
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=in_flight)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            for body, headers in queue:
                started = time.perf_counter()
                async with session.post(
                    f"{url}/webhooks/instagram", data=body, headers=headers
                ) as answer:
                    await answer.read()
                    if answer.status != 200:
                        raise RuntimeError(f"HTTP {answer.status}: {await answer.text()}")
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(in_flight)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rate": len(bodies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "max": latencies[-1],
    }


async def drained(url: str, timeout: float = 600.0) -> float:
    """Seconds until the service has handled every stored body."""
    started = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        while time.perf_counter() - started < timeout:
            async with session.get(f"{url}/healthz") as answer:
                if (await answer.json())["webhooks"]["pending"] == 0:
                    return time.perf_counter() - started
            await asyncio.sleep(0.05)
    raise RuntimeError("the service did not catch up")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=5000)
    parser.add_argument("--in-flight", type=int, default=16)
    parser.add_argument("--graph-delay-ms", default="0,200")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--soak", type=int, default=0, help="then N more messages, RSS printed")
    parser.add_argument(
        "--login-flood", type=int, default=0, help="the load again beside N wrong logins at a time"
    )
    args = parser.parse_args()
    print(f"webhook_ingest: {args.bodies} bodies, {args.in_flight} in flight, "
          f"best of {args.rounds} rounds")  # fmt: skip
    base_port = _free_port()
    baseline = _start(_baseline, base_port)
    base_url = f"http://127.0.0.1:{base_port}"
    asyncio.run(_until_up(base_url))
    try:
        for delay in (int(d) for d in args.graph_delay_ms.split(",")):
            _one_delay(args, delay, base_url)
    finally:
        baseline.kill()


def _one_delay(args: argparse.Namespace, delay: int, base_url: str) -> None:
    graph_port = _free_port()
    ready = multiprocessing.get_context("spawn").Event()
    graph = _start(_graph, graph_port, delay, ready)
    if not ready.wait(30):
        raise RuntimeError("the Graph stand-in did not start")
    with tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        service = _start(_service, port, f"http://127.0.0.1:{graph_port}", f"{folder}/r.sqlite3")
        url = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(_until_up(url))
            best_base: dict = {}
            best: dict = {}
            drain = 0.0
            sent = 0
            for _ in range(args.rounds):
                bodies = signed_bodies(args.bodies, sent)
                sent += args.bodies
                base = asyncio.run(load(base_url, bodies, args.in_flight))
                got = asyncio.run(load(url, bodies, args.in_flight))
                drain = asyncio.run(drained(url))
                if not best or got["rate"] > best["rate"]:
                    best, best_base = got, base
            print(
                f"graph {delay:>3} ms: service {best['rate']:6.0f} bodies/s (ratio "
                f"{best['rate'] / best_base['rate']:4.2f} to the bare endpoint's "
                f"{best_base['rate']:.0f}); 200 after p50 {best['p50']:.1f} ms, p99 "
                f"{best['p99']:.1f} ms (bare {best_base['p99']:.1f} ms, ratio "
                f"{best['p99'] / best_base['p99']:.2f}), max {best['max']:.0f} ms; every body "
                f"handled {drain:.1f} s after the last 200",
                flush=True,
            )
            if args.login_flood:
                flooded = asyncio.run(_under_login_flood(url, signed_bodies(args.bodies, sent),
                                                         args))  # fmt: skip
                sent += args.bodies
                print(
                    f"  with {args.login_flood} failed logins at a time: {flooded['rate']:6.0f} "
                    f"bodies/s, 200 after p99 {flooded['p99']:.1f} ms, max {flooded['max']:.0f} ms "
                    f"({flooded['logins']} logins answered: {flooded['statuses']})",
                    flush=True,
                )
            if args.soak:
                _soak(url, service.pid, args, sent)  # type: ignore[arg-type]
        finally:
            service.kill()
            graph.kill()


async def _under_login_flood(
    url: str, bodies: list[tuple[bytes, dict[str, str]]], args: argparse.Namespace
) -> dict:
    """The same load while ``--login-flood`` wrong-password logins run side by side (the
    attack of the issue: before, scrypt on the event loop pushed every 200 past 5 s)."""
    stop = asyncio.Event()
    statuses: dict[int, int] = {}

    async def attacker(n: int) -> None:
        jar = aiohttp.CookieJar(unsafe=True)  # keep the session cookie of an IP address
        async with aiohttp.ClientSession(cookie_jar=jar) as session:
            while not stop.is_set():
                async with session.get(f"{url}/login") as page:
                    token = re.search(r'name="csrf_token" value="([^"]+)"', await page.text())
                form = {"login": f"guess{n}", "password": "wrong", "csrf_token": token.group(1)}
                async with session.post(f"{url}/login", data=form) as answer:
                    statuses[answer.status] = statuses.get(answer.status, 0) + 1

    attackers = [asyncio.create_task(attacker(n)) for n in range(args.login_flood)]
    try:
        got = await load(url, bodies, args.in_flight)
    finally:
        stop.set()
        await asyncio.gather(*attackers, return_exceptions=True)
    return {**got, "logins": sum(statuses.values()), "statuses": dict(sorted(statuses.items()))}


def _soak(url: str, pid: int, args: argparse.Namespace, first: int) -> None:
    step = max(1, args.soak // 10)
    print(f"  soak: {args.soak} more messages, service RSS every {step}:", flush=True)
    start_rss = _rss_mb(pid)
    for done in range(0, args.soak, step):
        got = asyncio.run(load(url, signed_bodies(step, first + done), args.in_flight))
        asyncio.run(drained(url))
        print(
            f"    {done + step:>7} messages: RSS {_rss_mb(pid):6.1f} MB, {got['rate']:5.0f} "
            f"bodies/s, p99 {got['p99']:.1f} ms",
            flush=True,
        )
    print(f"  RSS grew {_rss_mb(pid) - start_rss:+.1f} MB over the soak", flush=True)


if __name__ == "__main__":
    main()
