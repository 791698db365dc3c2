"""Console drivers: built-in names, module:Class plug-ins, capabilities, and the api-only one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fixtures.stack import start_stack
from steps.drivers.api_only import ApiOnlyConsole
from steps.drivers.base import CapabilityMissing, capabilities_of
from steps.drivers.declarative import DeclarativeConsole
from steps.drivers.fixtures import console_session
from steps.drivers.loading import DriverLoadError, load_console_driver
from steps.drivers.locators import LocatorError, check_locators
from steps.drivers.reference import ReferenceApiConsole
from steps.drivers.reference_browser import ReferenceBrowserConsole

ROOT = Path(__file__).resolve().parents[3]
PLUGIN = "tests.unit.harness.plugins.counting_console"


def test_built_in_names_pick_a_class_per_driver() -> None:
    assert load_console_driver("reference", "api") is ReferenceApiConsole
    assert load_console_driver("reference", "browser") is ReferenceBrowserConsole
    assert load_console_driver("declarative", "api") is DeclarativeConsole
    assert load_console_driver("api-only", "browser") is ApiOnlyConsole


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("fancy", "give one of"),
        ("no_such_module_xyz:Console", "cannot import no_such_module_xyz"),
        (f"{PLUGIN}:Missing", "has no class Missing"),
        (f"{PLUGIN}:NotAConsole", r"does not implement AgentConsole: missing \['open'"),
    ],
)
def test_a_driver_that_cannot_work_is_refused_with_the_reason(name: str, message: str) -> None:
    with pytest.raises(DriverLoadError, match=message):
        load_console_driver(name, "api")


def test_capabilities_follow_what_a_driver_implements() -> None:
    assert capabilities_of(ReferenceApiConsole) >= {"console", "stored_records", "guide_setup"}
    assert "stored_records" not in capabilities_of(DeclarativeConsole)
    assert capabilities_of(ApiOnlyConsole) == {"conversations"}
    # the queue's counters: the reference API, and any console through its locators
    assert "queue_view" in capabilities_of(ReferenceApiConsole)
    assert "queue_view" in capabilities_of(DeclarativeConsole)


def test_locator_files_are_checked_by_key_and_shape() -> None:
    assert check_locators({"agent_name": "#me"})["agent_name"] == "#me"
    with pytest.raises(LocatorError, match="unknown keys"):
        check_locators({"agent_nam": "#me"})
    with pytest.raises(LocatorError, match="exactly one of"):
        check_locators({"agent_name": {"role": "heading", "css": "h1"}})
    with pytest.raises(LocatorError, match="string or a table"):
        check_locators({"agent_name": 3})


def test_a_plug_in_driver_judges_the_reviewers_steps(tmp_path: Path) -> None:
    """--console-driver module:Class: the class the team wrote drives every console step."""
    log = tmp_path / "answers.txt"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "features",
         "-m", "app_review and instagram_basic", "--driver=api",
         f"--console-driver={PLUGIN}:CountingConsole", "-p", "no:cacheprovider", "-q"],
        cwd=ROOT, env={**os.environ, "COUNTING_CONSOLE_LOG": str(log)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert log.read_text().splitlines() == ["Hi! This is the support team."]


def test_a_scenario_needing_a_missing_capability_is_skipped_with_the_reason() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "features/test_features.py", "-k", "keeps_the_original",
         "--driver=api", "--console-driver=api-only", "-p", "no:cacheprovider", "-rs", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:]
    assert "1 skipped" in run.stdout
    assert "lacks console, stored_records, which this scenario needs" in run.stdout


def test_the_api_only_driver_sees_a_conversation_by_what_the_app_did_on_metas_side() -> None:
    """The reference service reads the new sender's profile: that is its conversation."""
    with start_stack("in-process", seed=11) as stack:
        bot = ApiOnlyConsole(console_session(stack))
        with pytest.raises(CapabilityMissing, match="has no agent console"):
            bot.log_in("agent", "x")
        user = stack.sim.post("/_sim/users", json={"role": "tester"}).json()
        stack.sim.post(f"/_sim/users/{user['igsid']}/messages", json={"text": "Hello bot"})
        view = bot.wait_for_new_conversation(timeout=5)
        assert view.conversation_id == user["igsid"] and view.texts("in") == ["Hello bot"]
        stack.sim.post(
            f"/graph/{stack.graph_version}/me/messages",
            json={"recipient": {"id": user["igsid"]}, "message": {"text": "Hi, human here"}},
            headers={"Authorization": f"Bearer {stack.business['access_token']}"},
        ).raise_for_status()
        assert bot.wait_for_message("Hi, human here", direction="out", timeout=5).texts("out") == [
            "Hi, human here"
        ]
