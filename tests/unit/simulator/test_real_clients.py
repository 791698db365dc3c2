"""Real Graph API clients from PyPI against the served simulator, in both login flavours.

- ``python-facebook-api`` (pyfacebook), Instagram Login, pointed at the simulator by its
  ``base_url``: reads the account, sends, reads the profile and the conversations, parses the
  usage headers; a wrong app secret makes its appsecret_proof wrong and the call fails.
- ``facebook-business`` (Meta's own SDK), Facebook Login, unmodified: it hard-codes
  ``https://graph.facebook.com``, so it runs as its own process behind the interception proxy
  (``HTTPS_PROXY`` and the generated CA), as docs/bring-your-own-app.md says.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fixtures.servers import bind_loopback, served, url_of
from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.intercept import run_in_thread

pytestmark = pytest.mark.simulator_only


@pytest.fixture
def instagram_login() -> Iterator[tuple[str, Any]]:
    sock = bind_loopback()
    app = create_app(SimulatorConfig(seed=4, public_url=url_of(sock)))
    with served(app, sock, name="simulator"):
        yield url_of(sock), app.state.sim


def _pyfacebook(url: str, sim: Any, secret: str | None = None) -> Any:
    from pyfacebook import GraphAPI

    return GraphAPI(
        app_id=sim.config.app_id,
        app_secret=secret or sim.config.app_secret,
        access_token=sim.business.access_token,
        version="v24.0",
        base_url=f"{url}/graph/",
        timeout=10,
    )


def test_pyfacebook_reads_sends_and_lists_with_instagram_login(
    instagram_login: tuple[str, Any],
) -> None:
    url, sim = instagram_login
    user = sim.create_user()
    sim.send_text(user, "Hi, is my order on its way?")
    api = _pyfacebook(url, sim)
    me = api.get_object("me", fields="user_id,username")
    assert me["user_id"] == sim.business.ig_id and me["username"] == sim.business.username
    profile = api.get_object(user.igsid, fields="name,username")
    assert profile["name"] == user.name
    sent = api.post_object(
        "me",
        "messages",
        data={"recipient": json.dumps({"id": user.igsid}), "message": json.dumps({"text": "Yes!"})},
    )
    assert sent["recipient_id"] == user.igsid and sim.thread(user)[-1].text == "Yes!"
    conversations = api.get_connection("me", "conversations", platform="instagram")
    assert len(conversations["data"]) == 1
    assert api.rate_limit.get_max_percent() < 100  # it parsed Meta's usage headers


def test_pyfacebook_with_a_wrong_app_secret_fails_as_on_meta(
    instagram_login: tuple[str, Any],
) -> None:
    from pyfacebook import FacebookError

    url, sim = instagram_login
    api = _pyfacebook(url, sim, secret="0" * 32)
    with pytest.raises(FacebookError) as caught:
        api.get_object("me", fields="username")
    assert caught.value.code == 100 and "appsecret_proof" in caught.value.message


META_SDK_CLIENT = """
import json, sys
from facebook_business.api import FacebookAdsApi
from facebook_business.exceptions import FacebookRequestError
app_id, secret, user_token, igsid = sys.argv[1:5]
api = FacebookAdsApi.init(app_id, secret, user_token, api_version="v25.0")
[page] = api.call("GET", ("me", "accounts")).json()["data"]
page_api = FacebookAdsApi.init(app_id, secret, page["access_token"], api_version="v25.0")
linked = page_api.call("GET", (page["id"],), {"fields": "instagram_business_account"}).json()
subscribed = page_api.call("POST", (page["id"], "subscribed_apps"), {"subscribed_fields": "feed"})
sent = page_api.call(
    "POST", (page["id"], "messages"),
    {"recipient": {"id": igsid}, "message": {"text": "Hello from the Meta SDK"}},
).json()
wrong = FacebookAdsApi.init(app_id, "f" * 32, page["access_token"], api_version="v25.0")
try:
    wrong.call("GET", ("me",))
    refused = None
except FacebookRequestError as error:
    refused = [error.api_error_code(), error.api_error_type()]
print(json.dumps({"linked": linked, "subscribed": subscribed.json(), "sent": sent,
                  "refused": refused}))
"""


def test_metas_own_sdk_runs_unmodified_with_facebook_login(tmp_path: Path) -> None:
    sock = bind_loopback()
    config = SimulatorConfig(seed=6, public_url=url_of(sock), login_flavour="facebook")
    app = create_app(config)
    sim = app.state.sim
    user = sim.create_user()
    sim.send_text(user, "Olá!")
    with (
        served(app, sock, name="simulator"),
        run_in_thread(url_of(sock), confdir=tmp_path) as proxy,
    ):
        env = {**os.environ, "HTTPS_PROXY": proxy.url, "REQUESTS_CA_BUNDLE": str(proxy.ca_cert),
               "NO_PROXY": "", "no_proxy": ""}  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-c", META_SDK_CLIENT, config.app_id, config.app_secret,
             sim.business.user_access_token, user.igsid],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["linked"]["instagram_business_account"] == {"id": sim.business.ig_id}
    assert result["subscribed"] == {"success": "true"}
    assert result["sent"]["recipient_id"] == user.igsid
    assert sim.thread(user)[-1].text == "Hello from the Meta SDK"
    assert result["refused"] == [100, "GraphMethodException"]
    assert any(r.startswith("POST graph.facebook.com/v25.0/") for r in proxy.router.routed)
