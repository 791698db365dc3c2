"""Interception mode: apps that hard-code Meta's Graph hosts reach the simulator unchanged.

Each client here runs as its own process, knows only ``https://graph.instagram.com`` (or
``graph.facebook.com``), and is pointed at the proxy the way docs/bring-your-own-app.md says:
``HTTPS_PROXY`` plus the generated CA (``SSL_CERT_FILE`` for Python's ssl and httpx).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from fixtures.servers import bind_loopback, served, url_of
from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.intercept import GraphRouter, InterceptProxy, run_in_thread

pytestmark = pytest.mark.simulator_only
TEAM_TOKEN = "IGAAteam0token0of0the0app"
CLIENT_TIMEOUT_S = 60

URLLIB_CLIENT = """
import json, sys, urllib.request
url = "https://graph.instagram.com/v25.0/me?fields=user_id,username&access_token=" + sys.argv[1]
print(urllib.request.urlopen(url, timeout=20).read().decode())
"""

HTTPX_CLIENT = """
import sys, httpx
answer = httpx.post(
    "https://graph.facebook.com/v25.0/me/messages",
    headers={"Authorization": "Bearer " + sys.argv[1]},
    json={"recipient": {"id": "1"}, "message": {"text": "hi"}},
    timeout=20,
)
print(answer.text)
"""

REFUSED_CLIENT = """
import urllib.error, urllib.request
try:
    urllib.request.urlopen("https://api.example.com/v1/things", timeout=20)
except urllib.error.HTTPError as error:
    print(error.code, error.read().decode())
"""


@pytest.fixture(scope="module")
def simulator_url() -> Iterator[str]:
    sock = bind_loopback()
    url = url_of(sock)
    app = create_app(SimulatorConfig(seed=3, public_url=url, access_token=TEAM_TOKEN))
    with served(app, sock, name="simulator"):
        yield url


@pytest.fixture(scope="module")
def proxy(simulator_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InterceptProxy]:
    with run_in_thread(simulator_url, confdir=tmp_path_factory.mktemp("ca")) as running:
        yield running


def _run(client: str, proxy: InterceptProxy, *args: str) -> str:
    env = {
        **os.environ,
        "HTTPS_PROXY": proxy.url,
        "SSL_CERT_FILE": str(proxy.ca_cert),
        "NO_PROXY": "",
        "no_proxy": "",
    }
    done = subprocess.run(
        [sys.executable, "-c", client, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=CLIENT_TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_the_ca_certificate_is_generated_for_apps_to_trust(proxy: InterceptProxy) -> None:
    assert proxy.ca_cert.read_text().startswith("-----BEGIN CERTIFICATE-----")
    assert "PRIVATE KEY" not in proxy.ca_cert.read_text()


def test_a_client_hard_coding_graph_instagram_com_gets_the_simulators_account(
    proxy: InterceptProxy,
) -> None:
    answer = json.loads(_run(URLLIB_CLIENT, proxy, TEAM_TOKEN))
    assert answer["username"] == "company_page" and answer["user_id"].startswith("17841")
    assert any(r.startswith("GET graph.instagram.com/v25.0/me?") for r in proxy.router.routed)


def test_a_graph_facebook_com_client_gets_metas_error_json_from_the_simulator(
    proxy: InterceptProxy,
) -> None:
    """An unknown recipient answers 100/2534014 [IGSEND]: the Send API really ran."""
    error = json.loads(_run(HTTPX_CLIENT, proxy, TEAM_TOKEN))["error"]
    assert (error["code"], error["error_subcode"]) == (100, 2534014)


def test_a_wrong_token_is_refused_as_meta_would(proxy: InterceptProxy) -> None:
    error = json.loads(_run(HTTPX_CLIENT, proxy, "IGAAnot-the-teams-token"))["error"]
    assert error["code"] == 190


def test_other_hosts_are_refused_with_a_reason(proxy: InterceptProxy) -> None:
    status, _, body = _run(REFUSED_CLIENT, proxy).partition(" ")
    assert status == "403"
    assert "api.example.com is refused" in json.loads(body)["error"]["reason"]


def test_the_router_refuses_a_simulator_url_it_cannot_reach() -> None:
    with pytest.raises(ValueError, match="http:// URL"):
        GraphRouter("ftp://simulator")
