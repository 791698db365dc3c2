"""Interception mode, each test with a proxy of its own: a host passed through untouched, and
one proxy at a time in a process (mitmproxy's options are process-wide: a second proxy beside
a first would sign with the wrong CA). Apart from ``test_intercept.py``, whose proxy lasts its
module, so that no two proxies ever run at once in one test process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures.servers import bind_loopback, served, url_of
from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.intercept import run_in_thread

pytestmark = pytest.mark.simulator_only
CLIENT_TIMEOUT_S = 60


@pytest.fixture
def simulator_url() -> Iterator[str]:
    sock = bind_loopback()
    url = url_of(sock)
    with served(create_app(SimulatorConfig(seed=3, public_url=url)), sock, name="simulator"):
        yield url


def test_a_passed_host_goes_through_untouched(simulator_url: str, tmp_path: Path) -> None:
    """``--pass HOST``: plain HTTP to that host is forwarded as it is (here: loopback)."""
    host_port = simulator_url.removeprefix("http://")
    client = (
        "import urllib.request\n"
        f"print(urllib.request.urlopen('http://{host_port}/_sim/state', timeout=20).status)"
    )
    with run_in_thread(simulator_url, confdir=tmp_path, passed=("127.0.0.1",)) as proxy:
        env = {**os.environ, "HTTP_PROXY": proxy.url, "NO_PROXY": "", "no_proxy": ""}
        done = subprocess.run(
            [sys.executable, "-c", client],
            env=env,
            capture_output=True,
            text=True,
            timeout=CLIENT_TIMEOUT_S,
        )
    assert done.stdout.strip() == "200", done.stderr[-1000:]


def test_a_second_proxy_in_the_same_process_is_refused_with_the_reason(
    simulator_url: str, tmp_path: Path
) -> None:
    with (
        run_in_thread(simulator_url, confdir=tmp_path / "first"),
        pytest.raises(RuntimeError, match="already runs in this process"),
        run_in_thread(simulator_url, confdir=tmp_path / "second"),
    ):
        pass  # pragma: no cover
    with run_in_thread(simulator_url, confdir=tmp_path / "again") as proxy:  # after: fine
        assert proxy.ca_cert.exists()
