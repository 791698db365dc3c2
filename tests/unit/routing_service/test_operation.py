"""Running the reference service (issue 8, item 6): routing.toml beside ``ROUTING_*``, the
admin's commands, and logs an operator can ship (JSON, no secrets, no message text)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from routing_service.__main__ import main
from routing_service.auth import hash_password, verify_password
from routing_service.config_file import load
from routing_service.logs import JsonFormatter, configure_logging, redact
from routing_service.settings import Settings, SettingsError
from routing_service.store import Store
from tests.unit.routing_service.conftest import ACCESS_TOKEN, Service

ROOT = Path(__file__).resolve().parents[3]
REQUIRED = {"ROUTING_ACCESS_TOKEN": "IGAA-from-env", "ROUTING_APP_SECRET": "s",
            "ROUTING_VERIFY_TOKEN": "v"}  # fmt: skip


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "routing.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_routing_toml_gives_settings_and_agents_and_the_environment_wins(tmp_path: Path) -> None:
    digest = hash_password("bea-password")
    config = load(_file(tmp_path, f"""
[service]
graph_base_url = "http://graph.test"
positions = 4
access_token = "IGAA-from-file"
secure_cookie = true

[[agents]]
login = "bea"
name = "Bea Agent"
password_hash = "{digest}"
positions = 2
"""))  # fmt: skip
    settings = Settings.from_env(REQUIRED, file=config.service)
    assert (settings.graph_base_url, settings.positions, settings.secure_cookie) == (
        "http://graph.test", 4, True,
    )  # fmt: skip
    assert settings.access_token == "IGAA-from-env"  # a secret from the environment wins
    [bea] = config.agents
    assert (bea.login, bea.name, bea.positions) == ("bea", "Bea Agent", 2)
    assert verify_password("bea-password", bea.password_hash)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[service]\npositons = 4\n", "unknown key 'positons' (did you mean 'positions'?)"),
        ("[servce]\n", "unknown key 'servce' (did you mean 'service'?)"),
        ('[service]\npositions = "4"\n', "positions must be an integer"),
        ('[service]\nsecure_cookie = "yes"\n', "secure_cookie must be true or false"),
        ('[[agents]]\nlogin = "b"\nname = "B"\npassword = "plain"\n', "plain password"),
        ('[[agents]]\nlogin = "b"\nname = "B"\npassword_hash = "md5$x"\n', "not a scrypt hash"),
        ('[[agents]]\nlogin = "b"\nname = "B"\n', "password_hash is required"),
        ("not toml [", "not TOML"),
    ],
)
def test_a_wrong_routing_toml_is_refused_naming_the_key(
    tmp_path: Path, text: str, reason: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        config = load(_file(tmp_path, text))
        Settings.from_env(REQUIRED, file=config.service)
    assert reason in str(caught.value)


def test_two_agents_with_one_login_are_refused(tmp_path: Path) -> None:
    digest = hash_password("x" * 10)
    one = f'[[agents]]\nlogin = "b"\nname = "B"\npassword_hash = "{digest}"\n'
    with pytest.raises(SettingsError, match="appear twice"):
        load(_file(tmp_path, one + one))


def _cli(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "routing_service", *args], input=stdin, capture_output=True,
        text=True, cwd=ROOT, env={**REQUIRED, **(env or {}), "PATH": "/usr/bin:/bin"}, timeout=60,
    )  # fmt: skip


def test_the_admin_adds_lists_and_removes_agents(tmp_path: Path) -> None:
    db = str(tmp_path / "routing.sqlite3")
    env = {"ROUTING_DATABASE": db}
    added = _cli("agent", "add", "bea", "--name", "Bea Agent", "--positions", "3",
                 stdin="bea-password\n", env=env)  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = _cli("agent", "list", env=env)
    assert "bea\tBea Agent\tpaused\t3 positions" in listed.stdout
    store = Store(db)
    try:
        bea = store.agent_by_login("bea")
        assert bea is not None and verify_password("bea-password", bea.password_hash)
        assert "bea-password" not in Path(db).read_bytes().decode("latin-1")
    finally:
        store.close()
    short = _cli("agent", "add", "caio", "--name", "Caio", stdin="short\n", env=env)
    assert short.returncode == 2 and "at least 8 characters" in short.stderr
    assert _cli("agent", "remove", "bea", env=env).returncode == 0
    assert "bea" not in _cli("agent", "list", env=env).stdout
    missing = _cli("agent", "remove", "bea", env=env)
    assert missing.returncode == 2 and "no agent 'bea'" in missing.stderr


def test_hash_password_prints_a_hash_for_routing_toml() -> None:
    printed = _cli("hash-password", stdin="a long password\n")
    assert printed.returncode == 0, printed.stderr
    digest = printed.stdout.strip()
    assert digest.startswith("scrypt$") and verify_password("a long password", digest)
    assert "a long password" not in printed.stdout


def test_a_config_with_a_typo_stops_the_service_before_it_starts(tmp_path: Path) -> None:
    path = _file(tmp_path, "[service]\nposition = 4\n")
    assert main(["--config", str(path), "agent", "list"]) == 2


def test_logs_are_json_lines_without_secrets(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("info", "json")
    log = logging.getLogger("routing_service.test")
    log.info("GET /webhooks/instagram?hub.mode=subscribe&hub.verify_token=sekret&hub.challenge=1")
    log.info("calling with %s", "Authorization: Bearer IGAAabcdefghijklmnop")
    log.warning("token %s refused", "EAAGm0PX4ZCpsBAKz1234567890")
    lines = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]
    assert [e["level"] for e in lines] == ["info", "info", "warning"]
    text = json.dumps(lines)
    for secret in ("sekret", "IGAAabcdefghijklmnop", "EAAGm0PX4ZCpsBAKz1234567890"):
        assert secret not in text
    assert "hub.challenge=1" in lines[0]["message"]  # the rest of the line stays readable
    logging.getLogger().handlers.clear()


def test_redaction_keeps_ids_and_hides_values_named_secret() -> None:
    assert redact("access_token=IGAAxyz123456789&fields=name") == "access_token=***&fields=name"
    assert redact('{"password": "hunter22"}') == '{"password": "***"}'
    assert redact("igsid 1234567890123456 mid m_1") == "igsid 1234567890123456 mid m_1"


def test_a_failure_is_logged_with_its_traceback_as_json() -> None:
    try:
        raise RuntimeError("access_token=IGAAsecretsecret1")
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert "RuntimeError" in entry["error"] and "IGAAsecretsecret1" not in entry["error"]


@pytest.mark.anyio
async def test_what_users_write_never_reaches_the_logs_at_info(
    agent: Service, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="routing_service")
    agent.graph.profile_error = {"message": "(#2) Service temporarily unavailable", "code": 2}
    await agent.message("111", "m1", "my card is 4111 1111 1111 1111")
    [conversation] = await agent.conversations()
    url = f"/api/conversations/{conversation['id']}/messages"
    agent.graph.send_error = (400, {"message": "(#100) Invalid parameter", "code": 100})
    assert (await agent.client.post(url, json={"text": "call me on 555-0100"})).status_code == 422
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert logged, "the failures above are logged"
    for text in ("4111 1111", "555-0100", ACCESS_TOKEN):
        assert not any(text in line for line in logged), logged
