"""The processes a load run drives: Meta's simulator (``python -m simulator serve``) and the
system under test (from a ``harness.toml``: the reference service's by default, through the
same bring-your-own-app seam a team's app uses, or an app already running at a URL), wired
like a developer wires them in the App Dashboard. Nothing here runs inside Locust's process."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx

from fixtures.external import RunningApp, launched, log_tail, stop_process, template_values
from fixtures.http import SocketHttp
from fixtures.servers import free_port
from fixtures.stack import read_state, subscribe_webhooks
from fixtures.sut import SutConfig, from_toml, validated
from simulator.contract import control as api

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_TOML = ROOT / "examples" / "reference-service" / "harness.toml"
# the reference service under load: all 20 positions (each load user is one conversation),
# scrypt's lowest cost (the agent's password protects nothing on loopback)
REFERENCE_LOAD_ENV = {"ROUTING_POSITIONS": "20", "ROUTING_SCRYPT_N": "1024"}
START_TIMEOUT_S = 30.0


class SutUnreachable(RuntimeError):
    """The system under test did not answer; the message names the URL."""


@dataclass(frozen=True)
class LoadStack:
    simulator_url: str
    state: dict[str, Any]
    sut: SutConfig
    app_url: str
    callback_url: str


def load_sut(config: Path | None) -> SutConfig:
    """A team's ``harness.toml``, or the reference service's own with the load settings."""
    if config is not None:
        return validated(from_toml(config))
    sut = from_toml(REFERENCE_TOML)
    assert sut.launch is not None
    return replace(sut, launch=replace(sut.launch, env={**sut.launch.env, **REFERENCE_LOAD_ENV}))


def _wait_answering(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    with httpx.Client(timeout=2.0, trust_env=False) as client:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the simulator exited ({process.returncode}):\n{log_tail(log)}")
            try:
                if client.get(url).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the simulator did not answer {url}:\n{log_tail(log)}")
            time.sleep(0.05)  # a bounded readiness probe of a process we just started


@contextmanager
def simulator_process(run_dir: Path, sut: SutConfig, seed: int) -> Iterator[str]:
    """``python -m simulator serve`` on a free loopback port, with the team's [meta] values."""
    port = free_port()
    command = [sys.executable, "-m", "simulator", "serve", "--port", str(port), "--seed", str(seed)]
    if sut.source is not None:
        command += ["--config", str(sut.source)]
    log = run_dir / "simulator.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_answering(process, url + api.STATE.path(), log)
        yield url
    finally:
        stop_process(process)


def check_reachable(url: str) -> None:
    """A clear error for an app that is not there, before Meta's handshake hides it."""
    try:
        with httpx.Client(timeout=5.0, trust_env=False) as client:
            client.get(url)
    except httpx.HTTPError as exc:
        raise SutUnreachable(
            f"the system under test does not answer at {url} ({type(exc).__name__}: {exc}); "
            "is it running, and is the URL right?"
        ) from exc


@contextmanager
def started(
    run_dir: Path,
    sut: SutConfig,
    seed: int,
    sut_url: str | None = None,
    callback_url: str | None = None,
) -> Iterator[LoadStack]:
    """Meta's side, the app (started from its command unless ``sut_url`` says it runs),
    the callback saved (the verification handshake) and the account subscribed."""
    with ExitStack() as running:
        if sut.simulator_url:
            simulator_url = sut.simulator_url.rstrip("/")
        else:
            simulator_url = running.enter_context(simulator_process(run_dir, sut, seed))
        sim = running.enter_context(_closing(SocketHttp(simulator_url)))
        state = read_state(sim)
        if sut_url:
            app = RunningApp(sut_url, callback_url or sut.callback_url or sut_url, None)
        else:
            app = running.enter_context(launched(sut, template_values(sut, simulator_url, state)))
        check_reachable(app.callback_url)
        subscribe_webhooks(sim, state, app.callback_url, sut.verify_token, sut.webhook_fields)
        yield LoadStack(simulator_url, read_state(sim), sut, app.url, app.callback_url)


@contextmanager
def _closing(client: SocketHttp) -> Iterator[SocketHttp]:
    try:
        yield client
    finally:
        client.close()
