"""The system-under-test description: harness.toml, the options over it, and what is refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixtures.sut import EMBEDDED, Overrides, SutConfigError, from_options, from_toml

pytestmark = pytest.mark.simulator_only

FULL = """
[app]
name = "Acme Desk"
url = "http://127.0.0.1:{port}/"
callback_url = "http://127.0.0.1:{port}/hooks/ig"
verify_token = "acme-verify"
command = ["node", "server.js", "--port", "{port}"]
cwd = "app"
ready_url = "http://127.0.0.1:{port}/healthz"
lifetime = "session"
start_timeout_s = 12

[app.env]
GRAPH_URL = "{graph_base_url}"
TOKEN = "{access_token}"

[agent]
login = "ana"
password = "s3cret!"
name = "Ana Agent"

[meta]
app_id = "1234567890123456"
app_secret = "0123456789abcdef0123456789abcdef"
access_token = "IGAAacme"
ig_id = "17841400000000009"
business_username = "acme"

[console]
driver = "declarative"

[console.locators]
enter_button = { role = "button", name = "Sign in" }
agent_name = "header .me"

[console.options]
conversation_key = "data-thread"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "harness.toml"
    path.write_text(text)
    return path


def test_a_full_file_describes_the_app_the_agent_meta_and_the_console(tmp_path: Path) -> None:
    sut = from_toml(_write(tmp_path, FULL))
    assert (sut.kind, sut.name, sut.verify_token) == ("external", "Acme Desk", "acme-verify")
    assert sut.agent.login == "ana" and sut.agent.name == "Ana Agent"
    assert sut.meta["access_token"] == "IGAAacme" and sut.meta["business_username"] == "acme"
    assert sut.launch is not None and sut.launch.command[0] == "node"
    assert sut.launch.cwd == (tmp_path / "app").resolve()  # relative to the file
    assert sut.launch.lifetime == "session" and sut.launch.start_timeout_s == 12
    assert sut.simulator_port == 0  # the harness starts the app, so any free port
    assert not sut.per_scenario
    assert sut.console.locators["agent_name"] == "header .me"
    assert sut.console.options == {"conversation_key": "data-thread"}


def test_the_embedded_reference_service_is_the_default() -> None:
    assert from_options(Overrides()) == EMBEDDED
    assert EMBEDDED.per_scenario and EMBEDDED.console.driver == "reference"


def test_options_override_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, FULL)
    sut = from_options(
        Overrides(
            sut_config=str(path),
            agent_password="other",
            verify_token="v2",
            console_driver="my_driver:Console",
        )
    )
    assert sut.agent.password == "other" and sut.agent.login == "ana"
    assert sut.verify_token == "v2" and sut.console.driver == "my_driver:Console"


def test_sut_url_means_the_app_already_runs_there(tmp_path: Path) -> None:
    text = FULL.replace('callback_url = "http://127.0.0.1:{port}/hooks/ig"', "callback_url = "
                        '"http://127.0.0.1:3000/hooks/ig"')  # fmt: skip
    sut = from_options(
        Overrides(sut_config=str(_write(tmp_path, text)), sut_url="http://127.0.0.1:3000/")
    )
    assert sut.launch is None and sut.url == "http://127.0.0.1:3000/"
    assert sut.simulator_port == 8800  # the Graph base URL the running app was given


def test_sut_url_alone_needs_only_the_verify_token() -> None:
    with pytest.raises(SutConfigError, match="verify token"):
        from_options(Overrides(sut_url="http://127.0.0.1:8000"))
    sut = from_options(Overrides(sut_url="http://127.0.0.1:8000", verify_token="v"))
    assert sut.callback_url == "http://127.0.0.1:8000/webhooks/instagram"
    assert sut.console.driver == "declarative" and sut.simulator_port == 8800


def test_external_only_options_need_an_external_app() -> None:
    with pytest.raises(SutConfigError, match=r"--agent-login.*--sut-url or --sut-config"):
        from_options(Overrides(agent_login="x"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("[app]", "[ap]"), r"unknown tables \['ap'\]"),
        (('verify_token = "acme-verify"\n', ""), r"\[app\] verify_token is required"),
        (('lifetime = "session"', 'lifetime = "forever"'), "lifetime must be one of"),
        (('command = ["node", "server.js", "--port", "{port}"]', 'command = "node server.js"'),
         "must be a list of strings"),
        (("{graph_base_url}", "{graph_url}"), r"uses \['graph_url'\]; templates known"),
        (('agent_name = "header .me"', "agent_name = 3"), None),
        (('name = "Ana Agent"\n', 'name = "Ana Agent"\nrole = "x"\n'), r"\[agent\] has unknown"),
        (('app_id = "1234567890123456"', "app_id = 1234567890123456"), "must be a string"),
        (('url = "http://127.0.0.1:{port}/"', 'url = "127.0.0.1:3000"'), "must be an http"),
        (('lifetime = "session"', 'lifetime = "session"\nwebhook_fields = ["messages", "mesages"]'),
         r"\['mesages'\] are not Instagram webhook fields"),
        (('lifetime = "session"', 'lifetime = "session"\nwebhook_fields = ["messaging_seen"]'),
         "must include 'messages'"),
    ],
)  # fmt: skip
def test_a_wrong_file_is_refused_naming_the_file_and_key(
    tmp_path: Path, change: tuple[str, str], message: str | None
) -> None:
    text = FULL.replace(*change)
    assert text != FULL
    if message is None:  # a locator's shape is checked by the declarative driver itself
        from_toml(_write(tmp_path, text))
        return
    with pytest.raises(SutConfigError, match=message) as caught:
        from_toml(_write(tmp_path, text))
    assert str(tmp_path / "harness.toml") in str(caught.value)


def test_a_running_app_cannot_be_told_a_port(tmp_path: Path) -> None:
    """Without a command, `{port}` has no meaning and port 0 cannot be the app's Graph URL."""
    text = FULL.replace('command = ["node", "server.js", "--port", "{port}"]\n', "")
    for key in ('cwd = "app"\n', 'ready_url = "http://127.0.0.1:{port}/healthz"\n',
                'lifetime = "session"\n', "start_timeout_s = 12\n"):  # fmt: skip
        text = text.replace(key, "")
    text = text.replace('[app.env]\nGRAPH_URL = "{graph_base_url}"\nTOKEN = "{access_token}"\n', "")
    with pytest.raises(SutConfigError, match=r"only an app the harness\s+starts"):
        from_toml(_write(tmp_path, text))
    fixed = text.replace("{port}", "3000")
    with pytest.raises(SutConfigError, match="port 0"):
        from_toml(_write(tmp_path, fixed + "\n[simulator]\nport = 0\n"))
    assert from_toml(_write(tmp_path, fixed)).simulator_port == 8800


def test_env_needs_a_command(tmp_path: Path) -> None:
    text = FULL.replace('command = ["node", "server.js", "--port", "{port}"]\n', "")
    with pytest.raises(SutConfigError, match=r"\[app\] (cwd|env|ready_url|lifetime|start_timeout_s)"
                       " needs"):  # fmt: skip
        from_toml(_write(tmp_path, text))


def test_the_example_files_in_the_repository_are_valid() -> None:
    root = Path(__file__).resolve().parents[3]
    files = sorted((root / "examples").glob("*/harness.toml"))
    assert files, "the examples ship a harness.toml each"
    for path in files:
        sut = from_toml(path)
        assert sut.kind == "external" and sut.launch is not None, path


def test_sut_url_moves_a_templated_callback_to_the_running_app(tmp_path: Path) -> None:
    """`{port}` was the harness's to pick; the app the team started has its own."""
    sut = from_options(
        Overrides(sut_config=str(_write(tmp_path, FULL)), sut_url="http://127.0.0.1:3000/")
    )
    assert sut.callback_url == "http://127.0.0.1:3000/hooks/ig"
    given = from_options(
        Overrides(
            sut_config=str(_write(tmp_path, FULL)),
            sut_url="http://127.0.0.1:3000/",
            callback_url="https://tunnel.example/hooks",
        )
    )
    assert given.callback_url == "https://tunnel.example/hooks"


def test_a_typo_is_answered_with_the_nearest_key(tmp_path: Path) -> None:
    with pytest.raises(SutConfigError, match=r"did you mean 'verify_token'\?"):
        from_toml(_write(tmp_path, FULL.replace("verify_token =", "verify_tokn =")))


def test_a_locator_typo_stops_the_run_before_any_test(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[3]
    example = (root / "examples" / "express-desk" / "harness.toml").read_text()
    broken = tmp_path / "harness.toml"
    broken.write_text(
        example.replace("enter_button =", "enter_buton =").replace(
            'command = ["node", "server.js"]',
            f'command = ["node", "server.js"]\ncwd = "{root / "examples" / "express-desk"}"',
        )
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "features", "--sut-config", str(broken),
         "-p", "no:cacheprovider", "-q"],
        cwd=root, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 4, run.stdout[-2000:]
    assert "did you mean 'enter_button'?" in run.stderr and str(broken) in run.stderr


def test_the_app_declares_the_webhook_fields_its_dashboard_subscribes(tmp_path: Path) -> None:
    """Meta sends only the fields an app subscribed to [IGWH]; the default is the guide's."""
    assert from_toml(_write(tmp_path, FULL)).webhook_fields == ("messages",)
    text = FULL.replace(
        'lifetime = "session"',
        'lifetime = "session"\nwebhook_fields = ["messages", "message_reactions"]',
    )
    assert from_toml(_write(tmp_path, text)).webhook_fields == ("messages", "message_reactions")
    assert "messaging_postbacks" in EMBEDDED.webhook_fields  # the reference service acts on it
