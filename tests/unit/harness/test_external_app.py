"""A team's app as its own process: started from [app] command, ready-checked, stopped; an app
that outlives one scenario keeps its process while Meta's side starts over."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from fixtures.external import AppDidNotStart, launched
from fixtures.stack import World
from fixtures.sut import TEMPLATE_NAMES, SutConfig, from_toml

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = ROOT / "examples" / "reference-service" / "harness.toml"
VALUES = {name: f"<{name}>" for name in TEMPLATE_NAMES - {"port", "run_dir"}}


def _with_command(command: list[str], timeout: float = 5.0) -> SutConfig:
    sut = from_toml(REFERENCE)
    assert sut.launch is not None
    return replace(sut, launch=replace(sut.launch, command=tuple(command), start_timeout_s=timeout))


def test_an_app_that_exits_is_reported_with_the_end_of_its_log() -> None:
    sut = _with_command([sys.executable, "-c", "print('missing ROUTING_X'); raise SystemExit(2)"])
    with pytest.raises(AppDidNotStart, match="exited with code 2") as caught, launched(sut, VALUES):
        pass
    assert "missing ROUTING_X" in str(caught.value)


def test_an_app_that_never_answers_is_reported_after_its_start_timeout() -> None:
    # a shell prints at once (a Python child could still be importing when a short timeout
    # ends on a busy machine): the log tail must show its line
    sut = _with_command(["sh", "-c", "echo booting; exec sleep 60"], 2.0)
    with (
        pytest.raises(AppDidNotStart, match=r"did not answer .* within 2.0 s") as caught,
        launched(sut, VALUES),
    ):
        pass
    assert "booting" in str(caught.value)


def test_a_command_that_is_not_installed_is_named() -> None:
    sut = _with_command(["no-such-runtime-xyz", "server.js"])
    with (
        pytest.raises(AppDidNotStart, match="'no-such-runtime-xyz' is not installed"),
        launched(sut, VALUES),
    ):
        pass


def test_a_session_lifetime_app_is_started_once_and_meta_starts_over_per_scenario() -> None:
    sut = from_toml(REFERENCE)
    assert sut.launch is not None
    sut = replace(sut, launch=replace(sut.launch, lifetime="session"))
    users = []
    with World(sut, seed=5) as world:
        assert world.app is not None and world.app.log is not None
        log = world.app.log
        for seed in (1, 2):
            with world.scenario(seed) as stack:
                assert stack.app is world.app and stack.mode == "external"
                users.append(stack.sim.post("/_sim/users", json={}).json()["igsid"])
                state = stack.sim.get("/_sim/state").json()
                assert state["seed"] == seed and state["subscription"]["active"]
                login = stack.new_app_client().get("/login")
                assert login.status_code == 200  # the same process answers each scenario
    assert users[0] != users[1]
    assert not log.exists()  # the start's folder is gone with the app


@pytest.mark.long
def test_an_app_and_a_simulator_the_team_started_pass_twice_in_a_row(tmp_path: Path) -> None:
    """--sut-url and --simulator-url: nothing is started by the harness; a second run meets
    the first run's conversations and still sees only its own (new users, baseline, tidy-up)."""
    from fixtures.servers import bind_loopback, served, url_of
    from simulator.app import create_app
    from simulator.config import SimulatorConfig

    sock = bind_loopback()
    sim_url = url_of(sock)
    config = SimulatorConfig(
        seed=8, public_url=sim_url, access_token="IGAAteam", ig_id="17841400000000808"
    )
    sut = from_toml(REFERENCE)
    values = {**VALUES, "graph_base_url": f"{sim_url}/graph", "graph_version": "v25.0",
              "access_token": "IGAAteam", "app_secret": config.app_secret, "ig_id": config.ig_id,
              "verify_token": sut.verify_token, "python": sys.executable}  # fmt: skip
    with served(create_app(config), sock, name="simulator"), launched(sut, values) as app:
        for _ in range(2):
            run = subprocess.run(
                [sys.executable, "-m", "pytest", "features",
                 "-m", "app_review and instagram_manage_messages",
                 "--driver=api", f"--sut-url={app.url}", f"--callback-url={app.callback_url}",
                 f"--verify-token={sut.verify_token}", f"--simulator-url={sim_url}",
                 "--console-driver=reference", "-p", "no:cacheprovider", "-q"],
                cwd=ROOT, capture_output=True, text=True, timeout=180,
            )  # fmt: skip
            assert run.returncode == 0, run.stdout[-4000:]
            assert "2 passed" in run.stdout


def test_the_reference_service_passes_the_review_under_facebook_login(tmp_path: Path) -> None:
    """The same app, unchanged, against Meta's graph.facebook.com shape: a Page token, the
    Page's subscribed_apps, webhooks still ``object: instagram`` (meta-platform.md section 2)."""
    text = REFERENCE.read_text().replace('cwd = "../.."', f'cwd = "{ROOT}"')
    config = tmp_path / "harness.toml"
    config.write_text(text.replace("[agent]", '[meta]\nlogin_flavour = "facebook"\n\n[agent]'))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "features", "-m", "app_review", "--driver=api",
         f"--sut-config={config}", "-p", "no:cacheprovider", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:]
    assert "3 passed" in run.stdout
