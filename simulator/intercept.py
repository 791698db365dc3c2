"""Interception mode: an HTTPS proxy (mitmproxy) that answers Meta's Graph hosts from the simulator.

Most apps hard-code ``https://graph.instagram.com`` or ``https://graph.facebook.com``. Run

    python -m simulator intercept --simulator http://127.0.0.1:8800 [--port 8877]

and start the app with ``HTTPS_PROXY=http://127.0.0.1:8877`` and the generated CA trusted
(``<confdir>/mitmproxy-ca-cert.pem``; docs/bring-your-own-app.md shows Python, Node, Ruby and
Java). Requests to a Graph host go to ``<simulator>/graph/...``, unchanged otherwise: the same
method, path, query, headers and body. Every other host is refused with a 403 that says why
(nothing leaves the machine by accident), unless passed: ``--pass HOST`` tunnels that host
untouched (not decrypted), ``--pass-all`` tunnels every host but Meta's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import threading
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Meta's Graph API hosts and the simulator prefix that answers them (meta-platform.md section 2)
GRAPH_HOSTS = {"graph.instagram.com": "/graph", "graph.facebook.com": "/graph"}
DEFAULT_PORT = 8877
DEFAULT_CONFDIR = Path.home() / ".cache" / "ig-review-harness" / "intercept"
CA_FILE = "mitmproxy-ca-cert.pem"  # mitmproxy's name for the CA certificate (PEM, no key)
START_TIMEOUT_S = 15.0
_ONE_AT_A_TIME = threading.Lock()  # see run_in_thread


@dataclass
class GraphRouter:
    """The mitmproxy addon: Graph hosts to the simulator, other hosts refused (or tunnelled)."""

    simulator_url: str
    passed: tuple[str, ...] = ()
    routed: list[str] = field(default_factory=list)  # "METHOD host/path" seen, for tests and logs

    def __post_init__(self) -> None:
        parts = urlsplit(self.simulator_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"--simulator must be an http:// URL, not {self.simulator_url!r}")
        self._host, self._port = parts.hostname, parts.port or 80
        self._prefix = parts.path.rstrip("/")

    def request(self, flow: Any) -> None:
        from mitmproxy import http

        request = flow.request
        host = request.pretty_host.lower()
        if host in GRAPH_HOSTS:
            self.routed.append(f"{request.method} {host}{request.path}")
            request.scheme, request.host, request.port = "http", self._host, self._port
            request.path = self._prefix + GRAPH_HOSTS[host] + request.path
            request.headers["X-Forwarded-Host"] = host
            request.headers["X-Forwarded-Proto"] = "https"
            return
        if host in self.passed:
            return
        reason = (
            f"the harness's interception proxy answers only Meta's Graph hosts "
            f"({', '.join(sorted(GRAPH_HOSTS))}); {host} is refused. Pass it with "
            f"`--pass {host}` (or `--pass-all`)."
        )
        flow.response = http.Response.make(
            403,
            json.dumps({"error": {"reason": reason}}),
            {"Content-Type": "application/json"},
        )


def _mitmproxy() -> tuple[Any, Any]:
    """mitmproxy's options and master; its dependencies (ldap3, passlib) warn on import about
    their own use of deprecated modules, which says nothing about ours."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from mitmproxy import options
        from mitmproxy.tools.dump import DumpMaster
    return options, DumpMaster


def _host_pattern(hosts: Iterable[str]) -> list[str]:
    return [rf"^{re.escape(h)}(:\d+)?$" for h in hosts]


@dataclass
class InterceptProxy:
    """A running proxy: its URL and the CA certificate apps must trust."""

    url: str
    ca_cert: Path
    router: GraphRouter


@contextmanager
def run_in_thread(
    simulator_url: str,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    confdir: Path = DEFAULT_CONFDIR,
    passed: tuple[str, ...] = (),
    pass_all: bool = False,
) -> Iterator[InterceptProxy]:
    """Serve the proxy in a thread (its own event loop) until the block ends; port 0 = free one.

    One at a time in a process: mitmproxy keeps its options (the CA's folder among them) in
    process-wide state, so a second proxy beside a first would sign the first's certificates
    with its own CA. A second one while a first runs is refused with that reason."""
    if not _ONE_AT_A_TIME.acquire(blocking=False):
        raise RuntimeError(
            "an interception proxy already runs in this process (mitmproxy's options are "
            "process-wide): stop it first, or run the second in a process of its own"
        )
    try:
        with _serving(simulator_url, host, port, confdir, passed, pass_all) as proxy:
            yield proxy
    finally:
        _ONE_AT_A_TIME.release()


@contextmanager
def _serving(
    simulator_url: str,
    host: str,
    port: int,
    confdir: Path,
    passed: tuple[str, ...],
    pass_all: bool,
) -> Iterator[InterceptProxy]:
    options, DumpMaster = _mitmproxy()
    confdir.mkdir(parents=True, exist_ok=True)
    router = GraphRouter(simulator_url, passed)
    ready = threading.Event()
    state: dict[str, Any] = {}

    opts = options.Options(listen_host=host, listen_port=port, confdir=str(confdir))
    # lazy + no upstream cert: Meta's hosts are never contacted (no internet is needed or used)
    settings: dict[str, Any] = {"connection_strategy": "lazy", "upstream_cert": False}
    if pass_all:
        settings["allow_hosts"] = _host_pattern(GRAPH_HOSTS)  # decrypt only Meta's hosts
    elif passed:
        settings["ignore_hosts"] = _host_pattern(passed)  # tunnel these untouched

    class Started:
        """mitmproxy runs ``running`` hooks in order: the proxy server has bound by ours."""

        def running(self) -> None:
            state["addrs"] = state["master"].addons.get("proxyserver").listen_addrs()
            ready.set()

    async def serve() -> None:
        master = DumpMaster(opts, with_termlog=False, with_dumper=False)
        master.options.update(**settings)  # proxy options exist once its addons are loaded
        state["master"] = master
        master.addons.add(router, Started())
        try:
            await master.run()
        finally:  # mitmproxy leaves its listening sockets open at shutdown: stop them
            await master.addons.get("proxyserver").servers.update([])

    def main() -> None:
        try:
            asyncio.run(serve())
        except BaseException as exc:  # reported to the caller, who waits on `ready`
            state["error"] = exc
        finally:
            ready.set()

    thread = threading.Thread(target=main, name="intercept-proxy", daemon=True)
    thread.start()
    try:
        if not ready.wait(START_TIMEOUT_S) or not state.get("addrs"):
            raise RuntimeError(f"the interception proxy did not start: {state.get('error')}")
        bound_host, bound_port = state["addrs"][0][:2]
        url = f"http://{bound_host if bound_host not in ('::', '0.0.0.0') else host}:{bound_port}"
        yield InterceptProxy(url, confdir / CA_FILE, router)
    finally:
        master = state.get("master")
        if master is not None:
            master.shutdown()  # thread-safe
        thread.join(START_TIMEOUT_S)


def _run(args: argparse.Namespace) -> int:
    confdir = Path(args.confdir)
    with run_in_thread(
        args.simulator,
        host=args.host,
        port=args.port,
        confdir=confdir,
        passed=tuple(args.passed),
        pass_all=args.pass_all,
    ) as proxy:
        print(
            "\n".join(
                [
                    f"Interception proxy at {proxy.url}: "
                    f"{', '.join(sorted(GRAPH_HOSTS))} -> {args.simulator}/graph",
                    f"CA certificate (trust it in your app): {proxy.ca_cert}",
                    f"Start your app with HTTPS_PROXY={proxy.url} "
                    f"(see docs/bring-your-own-app.md). Ctrl-C stops.",
                ]
            ),
            flush=True,
        )
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopping")
    return 0


def add_intercept_command(commands: Any) -> None:
    """``python -m simulator intercept``: the subcommand, registered by ``__main__``."""
    intercept = commands.add_parser(
        "intercept", help="HTTPS proxy answering Meta's Graph hosts from the simulator"
    )
    intercept.add_argument("--simulator", default="http://127.0.0.1:8800", help="its base URL")
    intercept.add_argument("--host", default="127.0.0.1")
    intercept.add_argument("--port", type=int, default=DEFAULT_PORT)
    intercept.add_argument(
        "--confdir", default=str(DEFAULT_CONFDIR), help="where the generated CA is kept"
    )
    intercept.add_argument(
        "--pass",
        dest="passed",
        action="append",
        default=[],
        metavar="HOST",
        help="tunnel this host untouched instead of refusing it (repeatable)",
    )
    intercept.add_argument(
        "--pass-all", action="store_true", help="tunnel every host but Meta's Graph hosts"
    )
    intercept.set_defaults(run=_run)
